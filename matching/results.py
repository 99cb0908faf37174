"""
Results
=======

What the matcher returns, as frozen dataclasses: a round's
:class:`RoundResult` made of :class:`Pair` records (with their
:class:`Cover` records and :class:`Parts`) and :class:`Unmatched` records,
and the :class:`WhyNot` answer of :func:`matching.why_not`.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field

import networkx as nx

__all__ = ["UNMATCHED_CODES", "Cover", "Parts", "Pair", "Unmatched", "RoundResult", "WhyNot"]

UNMATCHED_CODES = ("no_goals", "no_cover", "no_language", "excluded", "below_min_score", "capacity")


@dataclass(frozen=True)
class Cover:
    """One gap a mentor covers: the mentee's ``current`` and ``target`` levels in ``skill``.

    Examples
    --------
    >>> c = Cover("cataloguing", current=1, target=3, mentor_level=4)
    >>> str(c), c.gap
    ('cataloguing 1->3', 2)
    """

    skill: str
    current: int
    target: int
    mentor_level: int

    @property
    def gap(self) -> int:
        """Levels to grow: ``target - current``."""
        return self.target - self.current

    def __str__(self) -> str:
        return f"{self.skill} {self.current}->{self.target}"


class Parts(dict):
    """A pair's score by criterion, in points: a read-only dict.

    The candidate graph shares one ``Parts`` between all edges with the same
    values, so it refuses changes; ``dict(parts)`` gives an editable copy.
    It compares equal to a plain dict, hashes, pickles and serialises to JSON.

    Examples
    --------
    >>> parts = Parts(gaps=40.0, availability=2.0, region=0.0)
    >>> parts == {"gaps": 40.0, "availability": 2.0, "region": 0.0}, sum(parts.values())
    (True, 42.0)
    >>> parts["gaps"] = 0.0
    Traceback (most recent call last):
        ...
    TypeError: score parts are read-only; copy them with dict(parts)
    """

    __slots__ = ()

    def _read_only(self, *args: object, **kwargs: object) -> None:
        raise TypeError("score parts are read-only; copy them with dict(parts)")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = __ior__ = _read_only  # type: ignore[assignment]

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(tuple(sorted(self.items())))

    def __reduce__(self) -> tuple[type, tuple[dict[str, float]]]:
        return (Parts, (dict(self),))


@dataclass(frozen=True)
class Pair:
    """A proposed mentee-mentor pair, its score split by criterion, and why it was proposed.

    ``score`` equals the sum of ``parts`` rounded to hundredths; ``covered`` is
    sorted by skill; ``reasons`` are short English phrases for moderators.
    """

    mentee: Hashable
    mentor: Hashable
    score: float
    parts: Mapping[str, float]
    covered: tuple[Cover, ...]
    reasons: tuple[str, ...]

    @property
    def summary(self) -> str:
        """The reasons as one line, e.g. ``"covers cataloguing 1->3; both speak id"``."""
        return "; ".join(self.reasons)


@dataclass(frozen=True)
class Unmatched:
    """A mentee the round leaves without a mentor, with a code from ``UNMATCHED_CODES`` and a sentence."""

    mentee: Hashable
    code: str
    reason: str


@dataclass(frozen=True)
class RoundResult:
    """The outcome of a round.

    ``pairs`` and ``unmatched`` follow the order in which the mentees were
    given; every mentee is in exactly one of them. ``graph`` is the
    candidate bipartite graph the round was solved on (the pruned candidates
    plus any pairs pricing added, see :mod:`matching.graph`): nodes
    ``("mentee", id)`` (``bipartite=0``) and ``("mentor", id)``
    (``bipartite=1``, with ``capacity``), each with its ``profile``; edges
    carry ``score``, ``parts``, ``covered`` and ``reasons``. ``timings``
    holds seconds per stage: ``scoring``, ``graph``, ``solve`` and
    ``explain``.
    """

    pairs: tuple[Pair, ...]
    unmatched: tuple[Unmatched, ...]
    graph: nx.Graph
    total_score: float
    matched: int
    timings: Mapping[str, float]
    _by_mentee: dict[Hashable, Pair] = field(init=False, repr=False, compare=False)
    _unmatched: dict[Hashable, Unmatched] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_mentee", {p.mentee: p for p in self.pairs})
        object.__setattr__(self, "_unmatched", {u.mentee: u for u in self.unmatched})

    def pair_for(self, mentee_id: Hashable) -> Pair | None:
        """The pair of ``mentee_id``, or None when the mentee is unmatched (or unknown)."""
        return self._by_mentee.get(mentee_id)

    def unmatched_for(self, mentee_id: Hashable) -> Unmatched | None:
        """Why ``mentee_id`` is unmatched, or None when the mentee has a mentor (or is unknown)."""
        return self._unmatched.get(mentee_id)

    def mentor_of(self, mentee_id: Hashable) -> Hashable | None:
        """The mentor id assigned to ``mentee_id``, or None."""
        pair = self._by_mentee.get(mentee_id)
        return None if pair is None else pair.mentor

    def pairs_of(self, mentor_id: Hashable) -> tuple[Pair, ...]:
        """The pairs of one mentor, in mentee order."""
        return tuple(p for p in self.pairs if p.mentor == mentor_id)

    def load(self) -> dict[Hashable, int]:
        """Mentees assigned to each mentor of the round (0 for idle mentors), in input order."""
        counts = {node[1]: 0 for node, data in self.graph.nodes(data=True) if data["bipartite"] == 1}
        for pair in self.pairs:
            counts[pair.mentor] += 1
        return counts

    def assignment(self) -> dict[Hashable, Hashable]:
        """``{mentee_id: mentor_id}`` for every matched mentee."""
        return {p.mentee: p.mentor for p in self.pairs}


@dataclass(frozen=True)
class WhyNot:
    """The answer to "why not mentor X for mentee Y?".

    ``displaced`` lists ``(mentee, mentor before, mentor after)`` for every
    mentee whose assignment changes when the pair is forced, the forced
    mentee included; ``score_lost`` and ``matched_lost`` compare the forced
    round with ``baseline``. ``code`` says why a pair is not a candidate:
    ``"no_goals"``, ``"no_cover"``, ``"no_language"``, ``"excluded"``,
    ``"same_institution"`` or ``"below_min_score"`` (``""`` for a candidate).
    """

    mentee: Hashable
    mentor: Hashable
    candidate: bool
    reason: str
    pair: Pair | None
    baseline: RoundResult
    forced: RoundResult | None
    score_lost: float
    matched_lost: int
    displaced: tuple[tuple[Hashable, Hashable | None, Hashable | None], ...]
    code: str = ""
