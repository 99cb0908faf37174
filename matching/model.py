"""
Model
=====

The plain data the matcher reads and returns: frozen dataclasses, no database
rows and no Flask objects. Inputs are :class:`Mentee`, :class:`Mentor` and
:class:`Policy`; a round returns a :class:`RoundResult` made of :class:`Pair`
and :class:`Unmatched` records, and :func:`matching.why_not` returns a
:class:`WhyNot`.

Construction never fails: collections are copied into immutable or private
containers where that is cheap, and :func:`matching.validate` reports every
problem at once.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field

import networkx as nx

__all__ = [
    "OBJECTIVES",
    "REGION_MODES",
    "INSTITUTION_MODES",
    "UNMATCHED_CODES",
    "Mentee",
    "Mentor",
    "Policy",
    "Cover",
    "Pair",
    "Unmatched",
    "RoundResult",
    "WhyNot",
]

OBJECTIVES = ("max_matched", "max_score")
REGION_MODES = ("prefer", "neutral", "avoid")
INSTITUTION_MODES = ("neutral", "avoid")
UNMATCHED_CODES = ("no_goals", "no_cover", "no_language", "excluded", "below_min_score", "capacity")


def _freeze_set(obj: object, name: str) -> None:
    """Store a collection attribute as a frozenset; a bare string is left for validate() to report."""
    value = getattr(obj, name)
    if not isinstance(value, frozenset | str) and isinstance(value, Iterable):
        object.__setattr__(obj, name, frozenset(value))


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
    * ``min_score``: candidates scoring below it are dropped.
    * ``objective``: ``"max_matched"`` (as many mentees as possible, then the
      highest total score) or ``"max_score"`` (the highest total score; among
      equal totals, the most mentees).
    * ``mentee_candidates`` and ``mentor_candidates_per_slot``: the candidate
      graph keeps each mentee's best ``mentee_candidates`` mentors plus each
      mentor's best ``mentor_candidates_per_slot * capacity`` mentees.
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
    given. ``graph`` is the candidate bipartite graph the round was solved
    on: nodes ``("mentee", id)`` (``bipartite=0``) and ``("mentor", id)``
    (``bipartite=1``, with ``capacity``), each with its ``profile``; edges
    carry ``score``, ``parts``, ``covered`` and ``reasons``.
    ``timings`` holds seconds per stage: ``scoring``, ``graph``, ``solve``
    and ``explain``.
    """

    pairs: tuple[Pair, ...]
    unmatched: tuple[Unmatched, ...]
    graph: nx.Graph
    total_score: float
    matched: int
    timings: Mapping[str, float]
    _by_mentee: dict[Hashable, Pair] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_mentee", {p.mentee: p for p in self.pairs})

    def pair_for(self, mentee_id: Hashable) -> Pair | None:
        """The pair of ``mentee_id``, or None when the mentee is unmatched (or unknown)."""
        return self._by_mentee.get(mentee_id)

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
    round with ``baseline``.
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
