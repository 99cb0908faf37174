"""
Model
=====

The plain data the matcher reads: :class:`Mentee`, :class:`Mentor` and
:class:`Policy`, frozen dataclasses, no database rows and no Flask objects.
What a round returns is in :mod:`matching.results`.

Construction never fails: collections are copied into immutable or private
containers where that is cheap, and :func:`matching.validate` reports every
problem at once.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

__all__ = ["OBJECTIVES", "REGION_MODES", "INSTITUTION_MODES", "LEVELS", "TEACHING_LEVEL", "EXPERT_LEVEL",
           "can_cover", "Mentee", "Mentor", "Policy"]

OBJECTIVES = ("max_matched", "max_score")
REGION_MODES = ("prefer", "neutral", "avoid")
INSTITUTION_MODES = ("neutral", "avoid")

LEVELS = range(5)  # 0 none, 1 aware, 2 practising with help, 3 independent, 4 expert who can teach it
TEACHING_LEVEL = 3  # the least level at which a mentor covers a gap
EXPERT_LEVEL = 4


def can_cover(mentor_level: int, current: int, target: int) -> bool:
    """Does a mentor at ``mentor_level`` cover a mentee's gap from ``current`` to ``target``?

    Only a gap (``target > current``) is covered, by a mentor at the target
    level or above and at ``TEACHING_LEVEL`` at least.

    Examples
    --------
    >>> can_cover(3, 1, 3), can_cover(3, 1, 4), can_cover(2, 0, 2), can_cover(4, 2, 2)
    (True, False, False, False)
    """
    return target > current and mentor_level >= max(target, TEACHING_LEVEL)


def _freeze_set(obj: object, name: str) -> None:
    """Store a collection attribute as a frozenset; a bare string is left for validate() to report."""
    value = getattr(obj, name)
    if not isinstance(value, frozenset | str) and isinstance(value, Iterable):
        try:
            object.__setattr__(obj, name, frozenset(value))
        except TypeError:  # unhashable members: left as given, for validate() to report
            pass


def _copy_mapping(obj: object, name: str) -> None:
    """Keep a private copy of a mapping attribute, so later edits by the caller do not leak in."""
    value = getattr(obj, name)
    if isinstance(value, Mapping):
        object.__setattr__(obj, name, dict(value))


@dataclass(frozen=True)
class Mentee:
    """Someone who wants a mentor.

    ``levels`` maps a skill slug to the current level 0..4 (a missing skill is
    0); ``targets`` maps a skill slug to the level 1..4 the mentee wants to
    reach. Only positive gaps (target above current) count. An empty
    ``availability`` means unknown.

    Examples
    --------
    >>> Mentee(1, {"cataloguing": 1}, {"cataloguing": 3}, region="Padang").languages
    frozenset({'id'})
    """

    id: Hashable
    levels: Mapping[str, int]
    targets: Mapping[str, int]
    region: str = ""
    languages: frozenset[str] = frozenset({"id"})
    institution: str = ""
    availability: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        _copy_mapping(self, "levels")
        _copy_mapping(self, "targets")
        _freeze_set(self, "languages")
        _freeze_set(self, "availability")


@dataclass(frozen=True)
class Mentor:
    """Someone who offers to mentor up to ``capacity`` (1..10) mentees.

    Examples
    --------
    >>> Mentor("m1", {"cataloguing": 4}, capacity=2, languages={"id", "en"}).languages == {"id", "en"}
    True
    """

    id: Hashable
    levels: Mapping[str, int]
    capacity: int
    region: str = ""
    languages: frozenset[str] = frozenset({"id"})
    institution: str = ""
    availability: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        _copy_mapping(self, "levels")
        _freeze_set(self, "languages")
        _freeze_set(self, "availability")


@dataclass(frozen=True)
class Policy:
    """How a round scores pairs and what it optimises.

    Scores are computed exactly in hundredths of a point, so weights are used
    to two decimals.

    * ``gap_weight``: points per level of gap the mentor covers.
    * ``language_required``: a pair sharing no language is not a candidate.
    * ``availability_weight``: points once (not per slot) when both give their
      availability and share at least one slot; nothing when either is unknown.
    * ``region``: ``"prefer"`` (same region earns ``region_weight``),
      ``"neutral"``, or ``"avoid"`` (same region loses ``region_weight``, to
      build the network between regions). An unknown region earns nothing.
    * ``same_institution``: ``"avoid"`` drops pairs from the same institution.
    * ``excluded``: ``(mentee_id, mentor_id)`` pairs never proposed (earlier
      declines, the direct supervisor). Ids not in the round are ignored.
      Nobody is proposed as their own mentor (the same id on both sides).
    * ``min_score``: candidates scoring below it are dropped.
    * ``objective``: ``"max_matched"`` (as many mentees as possible, then the
      highest total score) or ``"max_score"`` (the highest total score; among
      equal totals, the most mentees).
    * ``mentee_candidates`` and ``mentor_candidates_per_slot``: the candidate
      graph keeps each mentee's best ``mentee_candidates`` mentors plus each
      mentor's best ``mentor_candidates_per_slot * capacity`` mentees. Pricing
      adds any other pair the optimum needs, so these trade the graph's size
      against speed, never the result.
    * ``skills``: the known skill slugs; when given, any other skill is an error.

    Examples
    --------
    >>> Policy(region="avoid", excluded={(7, 3)}).excluded
    frozenset({(7, 3)})
    """

    gap_weight: float = 10.0
    language_required: bool = True
    availability_weight: float = 2.0
    region: str = "neutral"
    region_weight: float = 3.0
    same_institution: str = "neutral"
    excluded: frozenset[tuple[Hashable, Hashable]] = frozenset()
    min_score: float = 0.0
    objective: str = "max_matched"
    mentee_candidates: int = 20
    mentor_candidates_per_slot: int = 20
    skills: frozenset[str] | None = None

    def __post_init__(self) -> None:
        _freeze_set(self, "excluded")
        if self.skills is not None:
            _freeze_set(self, "skills")
