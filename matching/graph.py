"""
Candidate graph
===============

The candidate pairs as a NetworkX bipartite graph: the structure that
explanations, "why unmatched" and the mentoring pages read.

Nodes are ``("mentee", id)`` with ``bipartite=0`` and ``("mentor", id)`` with
``bipartite=1`` and ``capacity``; both carry their ``profile``. A mentee node
also carries the counts behind "why unmatched": ``goals`` (skills with a
positive gap) and, over all mentors before pruning, ``covering`` (mentors
covering a gap), ``sharing_language`` (of those, sharing a language when the
policy requires one), ``allowed`` (of those, not excluded), ``eligible`` (of
those, reaching ``min_score``) and ``best_score`` (the best allowed score
when none is eligible, else None).

Every edge carries ``score`` (points), ``parts`` (a read-only
:class:`~matching.Parts` dict of points per criterion: ``gaps``,
``availability``, ``region``), ``covered`` (:class:`~matching.Cover` records
sorted by skill) and ``reasons`` (English phrases). The graph's own
attributes hold the ``policy``. In a round's result the graph also holds the
pairs that pricing added (see :mod:`matching.pricing`).

The graph is built once from the scorer's arrays: equal values (``Parts``,
``Cover`` records, phrases, scores) are made once and shared, and each
node's neighbours are added in one bulk update.
"""

from __future__ import annotations

import gc
import math
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import networkx as nx
import numpy as np

from matching.candidates import Candidates, find_candidates
from matching.edgedata import edge_data
from matching.encode import Encoded, encode
from matching.model import Mentee, Mentor, Policy
from matching.validate import validate

__all__ = ["candidate_graph", "build_graph", "mentee_node", "mentor_node", "collector_paused"]


def mentee_node(mentee_id: Any) -> tuple[str, Any]:
    """The graph node of a mentee.

    Examples
    --------
    >>> mentee_node(7)
    ('mentee', 7)
    """
    return ("mentee", mentee_id)


def mentor_node(mentor_id: Any) -> tuple[str, Any]:
    """The graph node of a mentor.

    Examples
    --------
    >>> mentor_node(3)
    ('mentor', 3)
    """
    return ("mentor", mentor_id)


def candidate_graph(mentees: Sequence[Mentee], mentors: Sequence[Mentor], policy: Policy = Policy()) -> nx.Graph:  # noqa: B008
    """The candidate bipartite graph of a round.

    Parameters
    ----------
    mentees : sequence of Mentee
    mentors : sequence of Mentor
    policy : Policy, optional

    Returns
    -------
    networkx.Graph
        Nodes ``("mentee", id)`` and ``("mentor", id)``; one edge per
        candidate pair kept for the solver (see the module docstring).

    Raises
    ------
    MatchingError
        If the input is invalid.

    Examples
    --------
    >>> mentees = [Mentee(1, {"cataloguing": 1}, {"cataloguing": 3}, region="Padang")]
    >>> mentors = [Mentor(10, {"cataloguing": 4}, capacity=1, region="Solok"), Mentor(11, {}, capacity=1)]
    >>> G = candidate_graph(mentees, mentors)
    >>> sorted(G.edges(data="score"))
    [(('mentee', 1), ('mentor', 10), 20.0)]
    >>> G.edges[("mentee", 1), ("mentor", 10)]["reasons"]
    ('covers cataloguing 1->3', 'both speak id', 'different regions: Padang / Solok')
    >>> nx.bipartite.is_bipartite(G), G.nodes[("mentor", 11)]["capacity"]
    (True, 1)
    """
    validate(mentees, mentors, policy)
    enc = encode(mentees, mentors, policy)
    return build_graph(enc, search(enc, policy), policy)


def search(enc: Encoded, policy: Policy, progress: Callable[[str, int, int], None] | None = None) -> Candidates:
    """Run the candidate search of :mod:`matching.candidates` with the policy's settings."""
    return find_candidates(enc, mentee_k=policy.mentee_candidates, mentor_k_per_slot=policy.mentor_candidates_per_slot,
                           language_required=policy.language_required,
                           avoid_institution=policy.same_institution == "avoid", progress=progress)


def build_graph(enc: Encoded, cands: Candidates, policy: Policy) -> nx.Graph:
    """The graph of the candidate edges ``cands`` over the population ``enc``."""
    G = nx.Graph(policy=policy)
    best = cands.best.tolist()
    goals = (enc.target > 0).sum(axis=1).tolist()
    mentees = [mentee_node(p.id) for p in enc.mentees]
    mentors = [mentor_node(p.id) for p in enc.mentors]
    G.add_nodes_from(
        (node, {"bipartite": 0, "profile": p, "goals": g, "covering": c[0], "sharing_language": c[1],
                "allowed": c[2], "eligible": c[3], "best_score": None if math.isnan(b) else b / 100})
        for node, p, g, c, b in zip(mentees, enc.mentees, goals, cands.counts.tolist(), best, strict=True)
    )
    G.add_nodes_from((node, {"bipartite": 1, "profile": p, "capacity": p.capacity})
                     for node, p in zip(mentors, enc.mentors, strict=True))
    with collector_paused():
        _add_edges(G, mentees, mentors, cands.mentee, cands.mentor, edge_data(enc, cands))
    return G


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a few million edge objects are made.

    Nothing made here is garbage, yet every 700 new containers the collector
    would walk them all again: with it on, the edge dicts take three to four
    times as long to make. Reference counting still frees memory meanwhile.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _add_edges(G: nx.Graph, mentees: list, mentors: list, mentee: np.ndarray, mentor: np.ndarray,
               data: list[dict[str, Any]]) -> None:
    """Add the edges ``(mentees[mentee[e]], mentors[mentor[e]], data[e])`` to a graph that has no edges yet.

    ``Graph.add_edges_from`` hashes both nodes four times per edge and copies
    every data dict: 0.65 s and 130 MB more at 572,000 edges, against 0.23 s
    here. The edges are sorted by mentee, so each node's neighbour dict is
    filled in one ``update`` of the very dict NetworkX keeps (``G._adj``, the
    structure ``add_edges_from`` itself fills), one data dict per edge shared
    by both directions as NetworkX does. The graph has no cached views yet.
    The tests check that the result equals a graph built with
    ``add_edges_from``.
    """
    adj = G._adj  # see the docstring
    mentee_nodes = _gather(mentees, mentee)
    mentor_nodes = _gather(mentors, mentor)
    for i, lo, hi in _runs(mentee):
        adj[mentees[i]].update(zip(mentor_nodes[lo:hi], data[lo:hi], strict=True))
    order = np.argsort(mentor, kind="stable")
    by_mentor = _gather(data, order)
    mentee_nodes = _gather(mentee_nodes, order)
    for j, lo, hi in _runs(mentor[order]):
        adj[mentors[j]].update(zip(mentee_nodes[lo:hi], by_mentor[lo:hi], strict=True))


def _runs(sorted_rows: np.ndarray) -> Iterator[tuple[int, int, int]]:
    """``(value, start, stop)`` of each run of equal values in a sorted array."""
    if not len(sorted_rows):
        return
    starts = np.flatnonzero(np.diff(sorted_rows)) + 1
    bounds = np.concatenate([[0], starts, [len(sorted_rows)]]).tolist()
    yield from zip(sorted_rows[bounds[:-1]].tolist(), bounds[:-1], bounds[1:], strict=True)


def _gather(values: list, index: np.ndarray) -> list:
    """``[values[i] for i in index]``, done by numpy."""
    return np.fromiter(values, dtype=object, count=len(values))[index].tolist()
