"""
Candidates
==========

Scores every mentee-mentor pair with numpy, a block of mentees at a time,
and keeps the pairs worth giving the solver.

Keeping only each mentee's best ``k`` mentors loses matches when popular
mentors are contested: every mentee's short list names the same few people.
So the candidate set is the union of

* each mentee's best ``policy.mentee_candidates`` mentors, and
* each mentor's best ``policy.mentor_candidates_per_slot * capacity`` mentees,

ranked by score, ties going to the earlier mentor (resp. mentee) in the input.

How it stays fast: a pair's score is ``gap_weight * g + availability_weight * a
+ region_points * r`` with ``g`` the levels of gap covered (a small integer)
and ``a``, ``r`` flags, so a block holds one small integer *code*
``4g + 2a + r`` per pair (``g`` comes out of one matrix product, see
:mod:`matching.encode`), and a lookup table turns codes into *ranks*: 0 for
pairs that are not candidates, else the position of the score among all
possible scores. Ranks fit in a byte, so a mentee's ``k``-th best is read off
a radix sort of its row, and each mentor's running best list only admits
pairs ranked above its current last place. Blocks hold about two million
pairs, which bounds memory.

For every mentee the search also counts, on all pairs (before pruning), the
mentors who cover a gap, of those the ones sharing a language (when
required), of those the ones not excluded, and of those the ones reaching
``min_score``: the first count that is zero says why a mentee has no
candidate at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from matching.encode import Encoded

__all__ = ["Candidates", "EdgeTerms", "find_candidates", "edge_terms", "BLOCK"]

BLOCK = 1 << 21  # pairs scored at once

Progress = Callable[[str, int, int], None] | None


@dataclass(frozen=True)
class EdgeTerms:
    """Per edge: the score and its parts (int64 hundredths), and the covered skills as an (E, S) mask."""

    score: np.ndarray
    gaps: np.ndarray
    availability: np.ndarray
    region: np.ndarray
    covered: np.ndarray


@dataclass(frozen=True)
class Candidates:
    """The candidate edges, sorted by (mentee row, mentor row), and the per-mentee counts."""

    mentee: np.ndarray        # (E,) int64 mentee rows
    mentor: np.ndarray        # (E,) int64 mentor rows
    terms: EdgeTerms          # scores and covered skills of those edges
    counts: np.ndarray        # (n, 4) int64: covering, sharing_language, allowed, eligible
    best: np.ndarray          # (n,) float64: best allowed score (hundredths) where none is eligible, else nan


def find_candidates(enc: Encoded, *, mentee_k: int, mentor_k_per_slot: int, language_required: bool,
                    avoid_institution: bool, progress: Progress = None) -> Candidates:
    """Score all pairs block by block and keep the candidate edges (see the module docstring)."""
    n, m = enc.shape
    counts = np.zeros((n, 4), np.int64)
    best = np.full(n, np.nan)
    if n == 0 or m == 0 or not enc.skills:
        empty = np.zeros(0, np.int64)
        return Candidates(empty, empty, edge_terms(enc, empty, empty), counts, best)

    scale = _Scale(enc)
    k = min(mentee_k, m)
    pool = _MentorPool(np.minimum(mentor_k_per_slot * enc.capacity, n), scale.rank.dtype)
    step = max(1, BLOCK // m)
    found_i, found_j = [], []
    for r0 in range(0, n, step):
        r1 = min(n, r0 + step)
        rank = _block(enc, scale, r0, r1, counts, best, language_required, avoid_institution)
        rows, cols = _row_best(rank, k)
        found_i.append(rows + r0)
        found_j.append(cols)
        rows, cols = np.nonzero(rank > pool.threshold)
        pool.add(cols, rank[rows, cols], rows + r0)
        if progress is not None:
            progress("scoring", r1, n)
    pool_i, pool_j = pool.edges()
    code = np.unique(np.concatenate([*found_i, pool_i]) * m + np.concatenate([*found_j, pool_j]))
    mentee, mentor = code // m, code % m
    return Candidates(mentee, mentor, edge_terms(enc, mentee, mentor), counts, best)


class _Scale:
    """The codes ``4g + 2a + r`` a block can hold, their scores, and their ranks (0: not a candidate)."""

    def __init__(self, enc: Encoded) -> None:
        top = int(enc.gap.sum(axis=1, dtype=np.int64).max(initial=0))
        code = np.arange(4 * (top + 1))
        g, a, r = code >> 2, (code >> 1) & 1, code & 1
        self.value = enc.gap_weight * g + enc.availability_weight * a + enc.region_points * r
        eligible = (g > 0) & (self.value >= enc.min_score)
        levels = np.unique(self.value[eligible])
        self.rank = np.zeros(len(code), np.uint8 if len(levels) < 255 else np.uint16)
        self.rank[eligible] = 1 + np.searchsorted(levels, self.value[eligible])
        self.code_type = np.uint16 if len(code) <= 1 << 16 else np.uint32


def _block(enc: Encoded, scale: _Scale, r0: int, r1: int, counts: np.ndarray, best: np.ndarray,
           language_required: bool, avoid_institution: bool) -> np.ndarray:
    """The ranks of mentees ``r0:r1`` against every mentor, filling their counts (and best scores)."""
    gap4 = (4 * enc.need3[r0:r1]) @ enc.can3.T
    gap4 += (4 * enc.need4[r0:r1]) @ enc.can4.T
    code = gap4.astype(scale.code_type)
    ok = code > 0
    counts[r0:r1, 0] = np.count_nonzero(ok, axis=1)
    if language_required:
        ok &= _overlap(enc.speaks_bits[0][r0:r1], enc.speaks_bits[1])
    counts[r0:r1, 1] = np.count_nonzero(ok, axis=1)
    if avoid_institution:
        ok &= enc.institution[0][r0:r1, None] != enc.institution[1][None, :]
    xi, xj = enc.excluded
    lo, hi = np.searchsorted(xi, [r0, r1])
    ok[xi[lo:hi] - r0, xj[lo:hi]] = False
    counts[r0:r1, 2] = np.count_nonzero(ok, axis=1)
    if enc.availability_weight:
        code |= _overlap(enc.free_bits[0][r0:r1], enc.free_bits[1]).astype(scale.code_type) << 1
    if enc.region_points:
        code |= enc.region[0][r0:r1, None] == enc.region[1][None, :]
    code *= ok
    rank = scale.rank[code]
    counts[r0:r1, 3] = np.count_nonzero(rank, axis=1)
    short = np.flatnonzero((counts[r0:r1, 3] == 0) & (counts[r0:r1, 2] > 0))
    if short.size:
        best[r0 + short] = np.where(ok[short], scale.value[code[short]], -np.inf).max(axis=1)
    return rank


def _overlap(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """(len(left), len(right)) bool: the bit sets share a member."""
    out = (left[:, 0, None] & right[None, :, 0]) != 0
    for w in range(1, left.shape[1]):
        out |= (left[:, w, None] & right[None, :, w]) != 0
    return out


def _row_best(rank: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """(row, column) of each row's ``k`` best ranks, ties to the lower column; zeros never."""
    m = rank.shape[1]
    kth = np.sort(rank, axis=1, kind="stable")[:, m - k]  # radix sort: linear for small integers
    kth = np.maximum(kth, 1)[:, None]
    above = rank > kth
    tied = rank == kth
    room = k - np.count_nonzero(above, axis=1)
    crowded = np.flatnonzero(np.count_nonzero(tied, axis=1) > room)
    if crowded.size:
        first = np.cumsum(tied[crowded], axis=1, dtype=np.int32) <= room[crowded, None]
        tied[crowded] &= first
    return np.nonzero(above | tied)


class _MentorPool:
    """Each mentor's best mentees so far as flat arrays, pruned to ``keep`` per mentor now and then.

    A pair enters only if it ranks above the mentor's current last place:
    blocks come in mentee order, so a later mentee never wins a tie.
    """

    def __init__(self, keep: np.ndarray, rank_type: type) -> None:
        self.keep = keep
        self.threshold = np.zeros(len(keep), rank_type)
        self.limit = 2 * int(keep.sum()) + 4096
        self.parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        self.size = 0

    def add(self, mentor: np.ndarray, rank: np.ndarray, mentee: np.ndarray) -> None:
        self.parts.append((mentor, rank, mentee))
        self.size += len(mentor)
        if self.size > self.limit:
            self._prune()

    def _prune(self) -> None:
        mentor, rank, mentee = (np.concatenate(x) for x in zip(*self.parts, strict=True))
        order = np.lexsort((mentee, -rank.astype(np.int32), mentor))
        mentor, rank, mentee = mentor[order], rank[order], mentee[order]
        place = np.arange(len(mentor)) - np.searchsorted(mentor, mentor, side="left")
        keep = place < self.keep[mentor]
        last = place == self.keep[mentor] - 1
        self.threshold[mentor[last]] = rank[last]
        self.parts = [(mentor[keep], rank[keep], mentee[keep])]
        self.size = int(keep.sum())

    def edges(self) -> tuple[np.ndarray, np.ndarray]:
        """(mentee rows, mentor rows) of the kept pairs."""
        if not self.parts:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        self._prune()
        mentor, _, mentee = self.parts[0]
        return mentee.astype(np.int64), mentor.astype(np.int64)


def edge_terms(enc: Encoded, mentee: np.ndarray, mentor: np.ndarray) -> EdgeTerms:
    """Score the pairs ``(mentee[e], mentor[e])``: the block scorer's arithmetic on a list of pairs."""
    covered = enc.level[mentor] >= enc.required[mentee]
    gaps = (enc.gap[mentee] * covered).sum(axis=1, dtype=np.int64) * enc.gap_weight
    shared = (enc.free_bits[0][mentee] & enc.free_bits[1][mentor]).any(axis=1)
    availability = shared.astype(np.int64) * enc.availability_weight
    same = enc.region[0][mentee] == enc.region[1][mentor]
    region = same.astype(np.int64) * enc.region_points
    return EdgeTerms(gaps + availability + region, gaps, availability, region, covered)
