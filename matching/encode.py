"""
Encoding
========

Turns validated profiles into the numpy arrays the vectorised scorer works
on. Internal to the package: everything here assumes :func:`matching.validate`
has passed.

Skills are the columns. A mentee's gap in a skill is split by what it takes
to cover it: a target up to 3 needs a mentor at level 3 or more
(the first ``S`` columns of ``need``), a target of 4 needs level 4 (the
last ``S``). With ``can`` marking the mentors' levels 3 and 4 the same way,
the levels of gap a mentor covers for each mentee are ``need @ can``: one
matrix product over twice the 19 skills instead of a Python loop over every
pair.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np

from matching.model import EXPERT_LEVEL, TEACHING_LEVEL, Mentee, Mentor, Policy

__all__ = ["Encoded", "encode", "to_hundredths", "min_hundredths", "bit_sets", "decode"]

_WORD = 62  # bits per int64 word of a bit set (staying clear of the sign bit)


def to_hundredths(value: float) -> int:
    """A weight as an exact integer number of hundredths of a point.

    Examples
    --------
    >>> to_hundredths(10.0), to_hundredths(0.29), to_hundredths(-1.005)
    (1000, 29, -100)
    """
    return round(round(value, 6) * 100)


def min_hundredths(min_score: float) -> int:
    """The smallest score in hundredths that reaches ``min_score``.

    Examples
    --------
    >>> min_hundredths(1.1), min_hundredths(0.0), min_hundredths(-2.5)
    (110, 0, -250)
    """
    return math.ceil(round(min_score * 100, 6))


@dataclass(frozen=True)
class Encoded:
    """A round's population as arrays; row ``i`` is ``mentees[i]``, row ``j`` is ``mentors[j]``."""

    mentees: Sequence[Mentee]
    mentors: Sequence[Mentor]
    skills: tuple[str, ...]          # the columns: every skill some mentee has a positive gap in
    current: np.ndarray              # (n, S) int8, mentee levels in those skills
    target: np.ndarray               # (n, S) int8, 0 where the mentee has no gap
    gap: np.ndarray                  # (n, S) int8, target - current where positive, else 0
    required: np.ndarray             # (n, S) int8, mentor level that covers the gap (127: no gap)
    need: np.ndarray                 # (n, 2S) float32, gap needing a level-3 mentor, then a level-4 one
    level: np.ndarray                # (m, S) int8, mentor levels
    can: np.ndarray                  # (2S, m) float32, mentor level >= 3, then >= 4 (C-contiguous)
    capacity: np.ndarray             # (m,) int64
    languages: tuple[str, ...]
    speaks_bits: tuple[np.ndarray, np.ndarray]  # languages as bit sets (see bit_sets), (n, W) and (m, W)
    slots: tuple[str, ...]
    free_bits: tuple[np.ndarray, np.ndarray]   # free slots as bit sets
    places: tuple[str, ...]                    # region names by id
    region: tuple[np.ndarray, np.ndarray]      # region ids; unknown: -1 for mentees, -2 for mentors
    institutions: tuple[str, ...]
    institution: tuple[np.ndarray, np.ndarray]  # institution ids, likewise
    excluded: tuple[np.ndarray, np.ndarray]    # (mentee row, mentor row) pairs, sorted by mentee row
    gap_weight: int                  # hundredths per level of covered gap
    availability_weight: int         # hundredths for a shared free slot
    region_points: int               # hundredths for a same-region pair: +w prefer, -w avoid, 0 neutral
    min_score: int                   # hundredths; candidates score at least this

    @property
    def shape(self) -> tuple[int, int]:
        """``(mentees, mentors)``."""
        return len(self.mentees), len(self.mentors)


def encode(mentees: Sequence[Mentee], mentors: Sequence[Mentor], policy: Policy) -> Encoded:
    """The arrays for ``mentees`` x ``mentors`` under ``policy`` (input assumed valid).

    Examples
    --------
    >>> enc = encode([Mentee(1, {"cataloguing": 1}, {"cataloguing": 3, "promotion": 2})],
    ...              [Mentor(9, {"cataloguing": 4}, capacity=2)], Policy())
    >>> enc.skills, enc.need.tolist(), (enc.need @ enc.can).tolist()
    (('cataloguing', 'promotion'), [[2.0, 2.0, 0.0, 0.0]], [[2.0]])
    """
    mentees, mentors = list(mentees), list(mentors)
    n, m = len(mentees), len(mentors)
    goals = [[(s, t, e.levels.get(s, 0)) for s, t in e.targets.items() if t > e.levels.get(s, 0)] for e in mentees]
    skills = tuple(sorted({s for g in goals for s, _, _ in g}))
    col = {s: c for c, s in enumerate(skills)}

    rows, cols, cur, tgt = [], [], [], []
    for i, g in enumerate(goals):
        for s, t, c in g:
            rows.append(i)
            cols.append(col[s])
            cur.append(c)
            tgt.append(t)
    current = np.zeros((n, len(skills)), np.int8)
    target = np.zeros((n, len(skills)), np.int8)
    current[rows, cols] = cur
    target[rows, cols] = tgt
    gap = (target - current) * (target > 0)
    need = gap.astype(np.float32)
    need4 = need * (target == 4)

    rows, cols, lev = [], [], []
    for j, r in enumerate(mentors):
        for s, v in r.levels.items():
            c = col.get(s)
            if c is not None and v:
                rows.append(j)
                cols.append(c)
                lev.append(v)
    level = np.zeros((m, len(skills)), np.int8)
    level[rows, cols] = lev

    languages, speaks = _one_hot([p.languages for p in mentees], [p.languages for p in mentors])
    slots, free = _one_hot([p.availability for p in mentees], [p.availability for p in mentors])
    sign = {"prefer": 1, "neutral": 0, "avoid": -1}[policy.region]
    places, region = _ids([p.region for p in mentees], [p.region for p in mentors])
    institutions, institution = _ids([p.institution for p in mentees], [p.institution for p in mentors])
    return Encoded(
        mentees=mentees,
        mentors=mentors,
        skills=skills,
        current=current,
        target=target,
        gap=gap,
        required=np.where(gap > 0, np.maximum(target, TEACHING_LEVEL), 127).astype(np.int8),
        need=np.hstack([need - need4, need4]),
        level=level,
        can=np.ascontiguousarray(np.vstack([(level >= TEACHING_LEVEL).T, (level >= EXPERT_LEVEL).T]), dtype=np.float32),
        capacity=np.array([r.capacity for r in mentors], dtype=np.int64),
        languages=languages,
        speaks_bits=(bit_sets(speaks[0]), bit_sets(speaks[1])),
        slots=slots,
        free_bits=(bit_sets(free[0]), bit_sets(free[1])),
        places=places,
        region=region,
        institutions=institutions,
        institution=institution,
        excluded=_excluded(mentees, mentors, policy),
        gap_weight=to_hundredths(policy.gap_weight),
        availability_weight=to_hundredths(policy.availability_weight),
        region_points=sign * to_hundredths(policy.region_weight),
        min_score=min_hundredths(policy.min_score),
    )


def bit_sets(one_hot: np.ndarray) -> np.ndarray:
    """Rows of a 0/1 matrix as bit sets, ``(N, W)``: one word of the smallest unsigned type
    that fits, or several int64 words of 62 bits for more than 32 columns.

    Examples
    --------
    >>> bits = bit_sets(np.array([[1, 0, 1], [0, 0, 0]], np.float32))
    >>> bits.tolist(), bits.dtype.name
    ([[5], [0]], 'uint8')
    """
    width = one_hot.shape[1]
    for dtype, size in ((np.uint8, 8), (np.uint16, 16), (np.uint32, 32)):
        if width <= size:
            weights = (np.uint64(1) << np.arange(width, dtype=np.uint64)).astype(dtype)
            return ((one_hot > 0).astype(dtype) @ weights).astype(dtype)[:, None]
    words = -(-width // _WORD)
    out = np.zeros((one_hot.shape[0], words), np.int64)
    for w in range(words):
        chunk = one_hot[:, w * _WORD:(w + 1) * _WORD] > 0
        out[:, w] = chunk.astype(np.int64) @ (np.int64(1) << np.arange(chunk.shape[1], dtype=np.int64))
    return out


def decode(key: int | tuple[int, ...], universe: tuple[str, ...]) -> frozenset[str]:
    """The set of names a bit set stands for (its words joined into one int, 62 bits a word).

    Examples
    --------
    >>> sorted(decode(5, ("en", "id", "minang")))
    ['en', 'minang']
    """
    names = []
    for w, word in enumerate((key,) if isinstance(key, int) else key):
        while word:
            low = word & -word
            names.append(universe[w * _WORD + low.bit_length() - 1])
            word ^= low
    return frozenset(names)


def _one_hot(left: list[frozenset[str]], right: list[frozenset[str]]) -> tuple[tuple[str, ...], tuple[np.ndarray, ...]]:
    universe = tuple(sorted(set().union(*left, *right)))
    index = {x: k for k, x in enumerate(universe)}
    out = []
    for sets in (left, right):
        mat = np.zeros((len(sets), len(universe)), np.float32)
        rows = [i for i, s in enumerate(sets) for _ in s]
        cols = [index[x] for s in sets for x in s]
        mat[rows, cols] = 1.0
        out.append(mat)
    return universe, tuple(out)


def _ids(left: list[str], right: list[str]) -> tuple[tuple[str, ...], tuple[np.ndarray, np.ndarray]]:
    """The distinct names, and ids into them for both sides; an empty name is -1 on the left and -2 on
    the right, so two unknowns are never equal."""
    index: dict[str, int] = {}
    out = []
    for names, unknown in ((left, -1), (right, -2)):
        out.append(np.array([index.setdefault(x, len(index)) if x else unknown for x in names], dtype=np.int64))
    return tuple(index), (out[0], out[1])


def _excluded(mentees: list[Mentee], mentors: list[Mentor], policy: Policy) -> tuple[np.ndarray, np.ndarray]:
    """Row pairs never proposed: the policy's exclusions among known ids, and anyone paired with themself."""
    row = {p.id: i for i, p in enumerate(mentees)}
    col = {p.id: j for j, p in enumerate(mentors)}
    pairs: set[tuple[int, int]] = set()
    for mentee_id, mentor_id in policy.excluded:
        i, j = _lookup(row, mentee_id), _lookup(col, mentor_id)
        if i is not None and j is not None:
            pairs.add((i, j))
    pairs.update((i, col[p.id]) for i, p in enumerate(mentees) if p.id in col)
    ordered = sorted(pairs)
    return (np.array([i for i, _ in ordered], dtype=np.int64), np.array([j for _, j in ordered], dtype=np.int64))


def _lookup(index: dict[Hashable, int], key: Hashable) -> int | None:
    try:
        return index.get(key)
    except TypeError:  # an unhashable id in an exclusion cannot name anyone in the round
        return None
