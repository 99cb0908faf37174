"""
Solver
======

An exact optimum over the candidate graph: each mentee gets at most one
mentor, each mentor at most ``capacity`` mentees, and the objective is
lexicographic, so it is exact in integers:

* ``"max_matched"``: weight ``BIG + score`` per pair, with ``BIG`` above any
  possible difference in total score, so one more matched mentee always
  outweighs any score; among maximum matchings, the highest total score.
* ``"max_score"``: weight ``score * (N + 1) + 1``, so the total score decides
  and, among equal totals, more matched mentees win.

Scores are integers (hundredths of a point); all costs stay far below 2**53,
where float64 arithmetic is exact, and the solver checks that they do.

The problem is handed to :func:`scipy.sparse.csgraph.min_weight_full_bipartite_matching`
(LAPJVsp, Jonker-Volgenant for sparse graphs) as CSR arrays built directly
with numpy: a mentor becomes ``capacity`` interchangeable slot columns (never
more slots than the mentor has candidates), and one "unmatched" column per
mentee makes a full matching always exist. LAPJVsp wants rows <= columns
and drops explicit zeros, so costs are shifted to ``K - weight`` (pairs) and
``K`` (unmatched), all >= 1; a full matching has a fixed number of edges,
so the shift does not change the optimum. When there are fewer slots than
mentees the transpose is solved instead (rows are slots, with one "empty"
column per slot): LAPJVsp runs one shortest-path search per row, so the
smaller side as rows is several times faster.

Why this solver (all exact, same optimum; 5,000 mentees x 1,000 mentors, 20
candidates each; figures from the issue, then this module's own runs on the
2-core benchmark machine, see ``bench/bench_matching.py``):

==============================================================  ==========
NetworkX ``min_cost_flow`` (network simplex)                        ~29 s
NetworkX ``bipartite.minimum_weight_full_matching`` (dense)         ~17 s
scipy LAPJVsp, mentees as rows                                      ~0.9 s
OR-Tools ``SimpleMinCostFlow``                                      ~0.23 s
scipy LAPJVsp, smaller side as rows (this module)                   SOLVE_5K
==============================================================  ==========

At 20,000 x 4,000 this module solves in SOLVE_20K. OR-Tools would save
well under a second per round at the largest size, and would add a
dependency of ORTOOLS_SIZE (with protobuf) next to scipy, which the
project already has; the whole round meets its time goals without it, so
scipy it is. NetworkX's network simplex stays as the test oracle.

For the same input the arrays, hence the pairs, are the same: the solver is
deterministic, ties included.
"""

from __future__ import annotations

import numpy as np
from scipy.sparse import csr_array
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from matching.exception import MatchingError

__all__ = ["objective_weights", "assign"]

_EXACT = 2**52


def objective_weights(mentee: np.ndarray, score: np.ndarray, objective: str, *,
                      prefer: np.ndarray | None = None) -> np.ndarray:
    """Integer weights whose maximum-weight assignment is the lexicographic optimum.

    Parameters
    ----------
    mentee : ndarray of int
        The mentee row of each edge.
    score : ndarray of int
        Each edge's score in hundredths.
    objective : {"max_matched", "max_score"}
    prefer : ndarray of bool, optional
        Edges to keep among equally good solutions (``why_not`` keeps the
        baseline's pairs); ignored when the finer weights would not stay exact.

    Returns
    -------
    ndarray of int64
        One weight per edge; an edge with weight <= 0 is never worth taking.

    Examples
    --------
    Two edges of mentee 0 scoring 5 and 3, one of mentee 1 scoring 4:

    >>> objective_weights(np.array([0, 0, 1]), np.array([5, 3, 4]), "max_matched").tolist()
    [15, 13, 14]
    >>> objective_weights(np.array([0, 0, 1]), np.array([5, 3, 4]), "max_score").tolist()
    [16, 10, 13]
    """
    if not len(score):
        return np.zeros(0, np.int64)
    rows = int(np.unique(mentee).size)
    if objective == "max_matched":
        best = np.full(int(mentee.max()) + 1, np.iinfo(np.int64).min)
        worst = np.full(len(best), np.iinfo(np.int64).max)
        np.maximum.at(best, mentee, score)
        np.minimum.at(worst, mentee, score)
        seen = best > np.iinfo(np.int64).min
        big = int(np.maximum(best[seen], 0).sum()) + int(np.maximum(-worst[seen], 0).sum()) + 1
        weight = score.astype(np.int64) + big
    else:
        weight = score.astype(np.int64) * (rows + 1) + 1
    if prefer is not None and float(np.abs(weight).max()) * (rows + 2) * (rows + 1) < _EXACT:
        weight = weight * (rows + 1) + prefer.astype(np.int64)
    return weight


def assign(capacity: np.ndarray, mentee: np.ndarray, mentor: np.ndarray, weight: np.ndarray,
           n_mentees: int) -> np.ndarray:
    """A maximum-weight assignment: each mentee at most once, mentor ``j`` at most ``capacity[j]`` times.

    Parameters
    ----------
    capacity : ndarray of int
        Per mentor row.
    mentee, mentor : ndarray of int
        The rows of each edge.
    weight : ndarray of int
        Each edge's weight; edges with weight <= 0 are left out.
    n_mentees : int

    Returns
    -------
    ndarray of int64
        The mentor row of each mentee, -1 for unmatched.

    Raises
    ------
    MatchingError
        If the weights are too large to be handled exactly in float64.

    Examples
    --------
    One mentor with one place, two mentees who both want it:

    >>> assign(np.array([1]), np.array([0, 1]), np.array([0, 0]), np.array([5, 7]), 2).tolist()
    [-1, 0]
    """
    mate = np.full(n_mentees, -1, np.int64)
    use = (weight > 0) & (capacity[mentor] > 0)
    mentee, mentor, weight = mentee[use], mentor[use], weight[use].astype(np.int64)
    if not len(mentee):
        return mate
    mentees, row = np.unique(mentee, return_inverse=True)
    mentors, col = np.unique(mentor, return_inverse=True)
    slots = np.minimum(capacity[mentors], np.bincount(col))  # more slots than candidates never help
    first = np.concatenate([[0], np.cumsum(slots)])
    n_rows, n_slots = len(mentees), int(first[-1])
    # Every edge once per slot of its mentor.
    copies = slots[col]
    edge_row = np.repeat(row, copies)
    offset = np.arange(int(copies.sum())) - np.repeat(np.cumsum(copies) - copies, copies)
    edge_slot = np.repeat(first[:-1][col], copies) + offset
    top = int(weight.max()) + 1
    if float(top) * (min(n_rows, n_slots) + 1) >= _EXACT:
        raise MatchingError(f"scores too large to solve exactly (weight {top}); lower the policy weights")
    cost = (top - np.repeat(weight, copies)).astype(np.float64)
    slot_mentor = np.repeat(mentors, slots)
    if n_slots < n_rows:
        # Rows are slots; columns are mentees, then one "empty" column per slot.
        rows, cols = _solve(edge_slot, edge_row, cost, n_slots, n_rows, top)
        real = cols < n_rows
        mate[mentees[cols[real]]] = slot_mentor[rows[real]]
    else:
        # Rows are mentees; columns are slots, then one "unmatched" column per mentee.
        rows, cols = _solve(edge_row, edge_slot, cost, n_rows, n_slots, top)
        real = cols < n_slots
        mate[mentees[rows[real]]] = slot_mentor[cols[real]]
    return mate


def _solve(row: np.ndarray, col: np.ndarray, cost: np.ndarray, n_rows: int, n_cols: int,
           fallback: int) -> tuple[np.ndarray, np.ndarray]:
    """LAPJVsp on the edges plus one fallback column per row (cost ``fallback``), from CSR arrays."""
    row = np.concatenate([row, np.arange(n_rows)])
    col = np.concatenate([col, n_cols + np.arange(n_rows)])
    cost = np.concatenate([cost, np.full(n_rows, float(fallback))])
    order = np.argsort(row, kind="stable")
    indptr = np.concatenate([[0], np.cumsum(np.bincount(row, minlength=n_rows))])
    graph = csr_array((cost[order], col[order].astype(np.int32), indptr.astype(np.int32)),
                      shape=(n_rows, n_cols + n_rows))
    return min_weight_full_bipartite_matching(graph)
