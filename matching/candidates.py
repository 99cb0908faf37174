"""
Candidates
==========

Scores every mentee-mentor pair with numpy, a block of mentees at a time,
and keeps the pairs worth giving the solver: the union of

* each mentee's best ``policy.mentee_candidates`` mentors, and
* each mentor's best ``policy.mentor_candidates_per_slot * capacity`` mentees.

Keeping only the mentees' short lists loses matches when popular mentors are
contested: every list names the same few people. Who wins a tie matters too
(see :mod:`matching.selection`). The pricing step (:mod:`matching.pricing`)
then proves the solution optimal over *all* pairs, or adds the pairs that
are missing, so the pruning only decides how fast the round is, never how
good.

How it stays fast: a pair's score is ``gap_weight * g + availability_weight
* a + region_points * r`` with ``g`` the levels of gap covered (a small
integer) and ``a``, ``r`` flags, so a block holds one small integer *code*
``4g + 2a + r`` per pair (``g`` comes out of one matrix product, see
:mod:`matching.encode`), and a table turns codes into *ranks*: 0 for pairs
that are not candidates, else the position of the score among all possible
scores. Ranks fit in a byte: the whole ``n x m`` rank matrix is kept (80 MB
at 20,000 x 4,000) for the mentee-side choice and for pricing, a mentee's
``k``-th best is found by peeling the few distinct ranks of its row, and a
mentor's running best list only admits pairs ranked at least as high as its
current last place.

For every mentee the scoring also counts, over all mentors, those who cover
a gap, of those the ones sharing a language (when required), of those the
ones not excluded, and of those the ones reaching ``min_score``: the first
count that is zero says why a mentee has no candidate at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from matching.encode import Encoded
from matching.selection import MentorPool, row_best

__all__ = ["Candidates", "EdgeTerms", "Scored", "find_candidates", "edge_terms", "contains", "unique_sorted", "BLOCK"]

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
class Scored:
    """Every pair, scored: the rank matrix and what the round needs to know per mentee."""

    ranks: np.ndarray         # (n, m) uint8 or uint16: 0 not a candidate, else the score's position
    levels: np.ndarray        # (ranks,) int64: score in hundredths of rank r at levels[r] (levels[0] unused)
    top: np.ndarray           # (n,) the best rank of each mentee (0: no candidate)
    counts: np.ndarray        # (n, 4) int64: covering, sharing_language, allowed, eligible
    best: np.ndarray          # (n,) float64: best allowed score (hundredths) where none is eligible, else nan


@dataclass(frozen=True)
class Candidates:
    """The candidate edges, sorted by (mentee row, mentor row), their terms, and the scored pairs."""

    mentee: np.ndarray        # (E,) int64 mentee rows
    mentor: np.ndarray        # (E,) int64 mentor rows
    terms: EdgeTerms
    scored: Scored

    @property
    def counts(self) -> np.ndarray:
        return self.scored.counts

    @property
    def best(self) -> np.ndarray:
        return self.scored.best

    def extend(self, enc: Encoded, mentee: np.ndarray, mentor: np.ndarray) -> Candidates:
        """These candidates plus the pairs ``(mentee[e], mentor[e])``, kept sorted and distinct."""
        m = len(enc.mentors)
        old = self.mentee * m + self.mentor
        new = np.unique(mentee * m + mentor)
        new = new[~contains(old, new)]
        if not len(new):
            return self
        order = np.argsort(np.concatenate([old, new]), kind="stable")
        terms = edge_terms(enc, new // m, new % m)
        merged = EdgeTerms(*(np.concatenate([a, b])[order] for a, b in zip(
            (self.terms.score, self.terms.gaps, self.terms.availability, self.terms.region, self.terms.covered),
            (terms.score, terms.gaps, terms.availability, terms.region, terms.covered), strict=True)))
        return Candidates(np.concatenate([self.mentee, new // m])[order],
                          np.concatenate([self.mentor, new % m])[order], merged, self.scored)


def contains(sorted_codes: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """Which of ``codes`` occur in the sorted array ``sorted_codes``.

    Examples
    --------
    >>> contains(np.array([2, 5, 9]), np.array([5, 6, 9, 10])).tolist()
    [True, False, True, False]
    """
    if not len(sorted_codes):
        return np.zeros(len(codes), bool)
    place = np.minimum(np.searchsorted(sorted_codes, codes), len(sorted_codes) - 1)
    return sorted_codes[place] == codes


def unique_sorted(codes: np.ndarray) -> np.ndarray:
    """The distinct values of an int array, sorted (faster than ``np.unique`` for this use).

    Examples
    --------
    >>> unique_sorted(np.array([5, 2, 5, 9])).tolist()
    [2, 5, 9]
    """
    codes = np.sort(codes)
    return codes[np.concatenate([[True], codes[1:] != codes[:-1]])] if len(codes) else codes


def find_candidates(enc: Encoded, *, mentee_k: int, mentor_k_per_slot: int, language_required: bool,
                    avoid_institution: bool, progress: Progress = None) -> Candidates:
    """Score all pairs block by block and keep the candidate edges (see the module docstring)."""
    n, m = enc.shape
    scale = _Scale(enc)
    ranks = np.zeros((n, m), scale.rank.dtype)
    counts = np.zeros((n, 4), np.int64)
    best = np.full(n, np.nan)
    scored = Scored(ranks, scale.levels, np.zeros(n, scale.rank.dtype), counts, best)
    if n == 0 or m == 0 or not enc.skills:
        empty = np.zeros(0, np.int64)
        return Candidates(empty, empty, edge_terms(enc, empty, empty), scored)

    pool = MentorPool(np.minimum(mentor_k_per_slot * enc.capacity, n), n, len(scale.levels))
    demand = np.zeros(m, np.int64)
    step = max(1, BLOCK // m)
    for r0 in range(0, n, step):
        r1 = min(n, r0 + step)
        rank = ranks[r0:r1]
        _block(enc, scale, r0, r1, rank, counts, best, language_required, avoid_institution)
        top = scored.top[r0:r1] = rank.max(axis=1)
        demand += np.count_nonzero((rank == top[:, None]) & (rank > 0), axis=0)
        rows, cols = np.nonzero(rank >= pool.threshold.astype(rank.dtype))
        pool.add(cols, rank[rows, cols], counts[r0 + rows, 3], rows + r0)
        if progress is not None:
            progress("scoring", r1, n)
    # Mentee side: ties go to the mentors least in demand per place, then to the earlier mentor.
    order = np.lexsort((np.arange(m), demand / enc.capacity))
    found_i, found_j = [], []
    for r0 in range(0, n, step):
        rows, cols = row_best(ranks[r0:r0 + step][:, order], min(mentee_k, m))
        found_i.append(rows + r0)
        found_j.append(order[cols])
    pool_i, pool_j = pool.edges()
    code = unique_sorted(np.concatenate([*found_i, pool_i]) * m + np.concatenate([*found_j, pool_j]))
    mentee, mentor = code // m, code % m
    return Candidates(mentee, mentor, edge_terms(enc, mentee, mentor), scored)


class _Scale:
    """The codes ``4g + 2a + r`` a block can hold, their scores, and their ranks (0: not a candidate)."""

    def __init__(self, enc: Encoded) -> None:
        top = int(enc.gap.sum(axis=1, dtype=np.int64).max(initial=0))
        code = np.arange(4 * (top + 1))
        g, a, r = code >> 2, (code >> 1) & 1, code & 1
        self.value = enc.gap_weight * g + enc.availability_weight * a + enc.region_points * r
        eligible = (g > 0) & (self.value >= enc.min_score)
        levels = np.unique(self.value[eligible])
        self.levels = np.concatenate([[0], levels]).astype(np.int64)
        self.rank = np.zeros(len(code), np.uint8 if len(levels) < 255 else np.uint16)
        self.rank[eligible] = 1 + np.searchsorted(levels, self.value[eligible])
        self.code_type = np.uint16 if len(code) <= 1 << 16 else np.uint32


def _block(enc: Encoded, scale: _Scale, r0: int, r1: int, out: np.ndarray, counts: np.ndarray, best: np.ndarray,
           language_required: bool, avoid_institution: bool) -> None:
    """Write the ranks of mentees ``r0:r1`` against every mentor into ``out``, and fill their counts."""
    code = ((4 * enc.need[r0:r1]) @ enc.can).astype(scale.code_type)
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
    np.take(scale.rank, code, out=out)
    counts[r0:r1, 3] = np.count_nonzero(out, axis=1)
    short = np.flatnonzero((counts[r0:r1, 3] == 0) & (counts[r0:r1, 2] > 0))
    if short.size:
        best[r0 + short] = np.where(ok[short], scale.value[code[short]], -np.inf).max(axis=1)


def _overlap(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """(len(left), len(right)) bool: the bit sets share a member."""
    out = (left[:, 0, None] & right[None, :, 0]) != 0
    for w in range(1, left.shape[1]):
        out |= (left[:, w, None] & right[None, :, w]) != 0
    return out


def edge_terms(enc: Encoded, mentee: np.ndarray, mentor: np.ndarray) -> EdgeTerms:
    """Score the pairs ``(mentee[e], mentor[e])``: the block scorer's arithmetic on a list of pairs."""
    covered = enc.level[mentor] >= enc.required[mentee]
    gaps = (enc.gap[mentee] * covered).sum(axis=1, dtype=np.int64) * enc.gap_weight
    shared = (enc.free_bits[0][mentee] & enc.free_bits[1][mentor]).any(axis=1)
    availability = shared.astype(np.int64) * enc.availability_weight
    same = enc.region[0][mentee] == enc.region[1][mentor]
    region = same.astype(np.int64) * enc.region_points
    return EdgeTerms(gaps + availability + region, gaps, availability, region, covered)
