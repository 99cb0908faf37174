"""
Selection
=========

Who stays in the candidate graph when scores tie. Scores are coarse (a few
dozen distinct values), so a mentee often has a hundred mentors tied for its
best score, and a mentor hundreds of mentees; which ones the short lists
keep decides how many pairs pricing must add later. Measured on the
benchmark rounds, these rules keep the all-pairs optimum where taking ties
in input order does not:

* a mentee's tied mentors: the least demanded per place first (demand:
  mentees for whom the mentor is among their very best), then the earlier;
* a mentor's tied mentees: the fewest options (eligible mentors) first, then
  a hash of the pair, so that mentors who tie over the same mentees do not
  all keep the same ones, then the earlier.

Both work on the byte-sized ranks of :mod:`matching.candidates`.
"""

from __future__ import annotations

import numpy as np

from matching.exception import MatchingError

__all__ = ["row_best", "kth_largest", "MentorPool", "tiebreak"]


def row_best(rank: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """(row, column) of each row's ``k`` best ranks, ties to the lower column; zeros never."""
    kth = np.maximum(kth_largest(rank, k), 1)[:, None]
    above_i, above_j = np.nonzero(rank > kth)
    room = k - np.bincount(above_i, minlength=len(rank))
    tied_i, tied_j = np.nonzero(rank == kth)  # by row, then column
    first = np.arange(len(tied_i)) - np.searchsorted(tied_i, tied_i) < room[tied_i]
    return np.concatenate([above_i, tied_i[first]]), np.concatenate([above_j, tied_j[first]])


def kth_largest(rank: np.ndarray, k: int) -> np.ndarray:
    """Each row's ``k``-th largest value (0 if the row has fewer than ``k`` non-zero values).

    Peels the distinct values off the top, a few rounds on the rows not yet
    done: ranks take few values, and this beats sorting the rows.

    Examples
    --------
    >>> kth_largest(np.array([[3, 1, 3, 2], [0, 0, 5, 0]], np.uint8), 3).tolist()
    [2, 0]
    """
    out = np.zeros(len(rank), rank.dtype)
    rows = np.arange(len(rank))
    need = np.full(len(rank), k)
    level = rank.max(axis=1, initial=0)
    while len(rows):
        count = np.count_nonzero(rank == level[:, None], axis=1)
        done = (count >= need) | (level == 0)
        out[rows[done]] = level[done]
        rows, rank, need, level = rows[~done], rank[~done], need[~done] - count[~done], level[~done]
        if len(rows):
            level = np.where(rank < level[:, None], rank, 0).max(axis=1)
    return out


class MentorPool:
    """Each mentor's best mentees so far: by rank, then fewest options (eligible mentors), then a hash of
    the pair (so that mentors who tie over the same mentees do not all keep the same ones), then the
    earlier mentee.

    A pool entry is one int64 packing (mentor, key), ordered by mentor and
    then best key first, so pruning to ``keep`` per mentor is one sort. A pair
    is offered only if it ranks at least the mentor's current last place,
    and enters only if its key beats that place's; the pool is pruned when
    it has doubled.
    """

    def __init__(self, keep: np.ndarray, n: int, ranks: int) -> None:
        m = len(keep)
        self.keep = keep
        self.m = m
        self.index_bits = max(1, (n - 1).bit_length())
        self.option_bits = min(20, max(1, m.bit_length()))
        used = max(1, ranks.bit_length()) + self.option_bits + self.index_bits + max(1, m.bit_length())
        self.hash_bits = min(16, 62 - used)
        if self.hash_bits < 4:
            raise MatchingError(f"round too large for the candidate search: {n} mentees x {m} mentors")
        self.low_bits = self.hash_bits + self.index_bits  # below the options
        self.key_bits = max(1, ranks.bit_length()) + self.option_bits + self.low_bits
        self.threshold = np.ones(m, np.int64)  # rank of each mentor's last place (rank 0: never a candidate)
        self.last = np.full(m, -1, np.int64)  # the key of the last place, once the list is full
        self.limit = 2 * int(keep.sum()) + 4096
        self.parts: list[np.ndarray] = []
        self.size = 0

    def add(self, mentor: np.ndarray, rank: np.ndarray, options: np.ndarray, mentee: np.ndarray) -> None:
        most = (1 << self.option_bits) - 1
        fewer = most - np.minimum(options, most)
        shuffle = tiebreak(mentee * self.m + mentor) >> (62 - self.hash_bits)
        key = ((rank.astype(np.int64) << self.option_bits | fewer) << self.low_bits
               | shuffle << self.index_bits | ((1 << self.index_bits) - 1 - mentee))
        better = key > self.last[mentor]
        self.parts.append((mentor[better] << self.key_bits) | ((1 << self.key_bits) - 1 - key[better]))
        self.size += len(self.parts[-1])
        if self.size > self.limit:
            self._prune()

    def _prune(self) -> None:
        entries = np.sort(np.concatenate(self.parts))
        mentor = entries >> self.key_bits
        place = np.arange(len(entries)) - np.searchsorted(mentor, mentor, side="left")
        keep = place < self.keep[mentor]
        last = place == self.keep[mentor] - 1
        key = (1 << self.key_bits) - 1 - (entries[last] & ((1 << self.key_bits) - 1))
        self.last[mentor[last]] = key
        self.threshold[mentor[last]] = key >> (self.option_bits + self.low_bits)
        self.parts = [entries[keep]]
        self.size = len(self.parts[0])

    def edges(self) -> tuple[np.ndarray, np.ndarray]:
        """(mentee rows, mentor rows) of the kept pairs."""
        if not self.parts:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        self._prune()
        entries = self.parts[0]
        mentor = entries >> self.key_bits
        key = (1 << self.key_bits) - 1 - (entries & ((1 << self.key_bits) - 1))
        mentee = (1 << self.index_bits) - 1 - (key & ((1 << self.index_bits) - 1))
        return mentee, mentor


def tiebreak(values: np.ndarray) -> np.ndarray:
    """A deterministic pseudo-random int64 (62 bits) per value: one SplitMix64 round.

    Examples
    --------
    >>> t = tiebreak(np.arange(3))
    >>> bool((t >= 0).all()), len(set(t.tolist()))
    (True, 3)
    """
    x = values.astype(np.uint64) + np.uint64(0x9E3779B97F4A7C15)
    x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return ((x ^ (x >> np.uint64(31))) >> np.uint64(2)).astype(np.int64)
