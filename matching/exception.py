"""
Exceptions
==========

The matcher raises one exception, :class:`MatchingError`, for every input it
refuses. It is a :class:`ValueError`, so callers that only care about bad
input can catch that; the message always names the offending item, and
:attr:`MatchingError.problems` lists every problem found, not just the first.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["MatchingError"]

_SHOWN = 10  # problems spelled out in the message; the rest are counted


class MatchingError(ValueError):
    """Invalid matcher input: an unknown skill, a level out of range, a bad policy...

    Parameters
    ----------
    problems : str or iterable of str
        One message per problem, each naming the offending item, e.g.
        ``"mentor 17: capacity must be 1..10, got 0"``.

    Examples
    --------
    >>> err = MatchingError(["mentee 3: level of 'cataloguing' must be 0..4, got 5", "duplicate mentor id 9"])
    >>> str(err)
    "mentee 3: level of 'cataloguing' must be 0..4, got 5; duplicate mentor id 9"
    >>> err.problems[1]
    'duplicate mentor id 9'
    """

    def __init__(self, problems: str | Iterable[str]) -> None:
        self.problems: tuple[str, ...] = (problems,) if isinstance(problems, str) else tuple(problems)
        shown = "; ".join(self.problems[:_SHOWN])
        if len(self.problems) > _SHOWN:
            shown += f"; and {len(self.problems) - _SHOWN} more"
        super().__init__(shown)
