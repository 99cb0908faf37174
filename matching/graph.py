"""
Candidate graph
===============

The candidate pairs as a NetworkX bipartite graph: the structure that
explanations, "why unmatched" and the mentoring pages read.

Nodes are ``("mentee", id)`` with ``bipartite=0`` and ``("mentor", id)`` with
``bipartite=1`` and ``capacity``; both carry their ``profile``. A mentee node
also carries the counts behind "why unmatched": ``goals`` (skills with a
positive gap) and, taken over all mentors before pruning, ``covering`` (mentors covering a gap), ``sharing_language``
(of those, sharing a language when the policy requires one), ``allowed`` (of
those, not excluded) and ``eligible`` (of those, reaching ``min_score``), and
``best_score`` (the best allowed score when none is eligible, else None).

Every edge carries ``score`` (points), ``parts`` (points per criterion:
``gaps``, ``availability``, ``region``), ``covered`` (:class:`~matching.Cover`
tuple sorted by skill) and ``reasons`` (English phrases). The graph's own
attributes hold the ``policy``.

The graph is built once from the scorer's arrays, the edges in one bulk
call, with the repeated parts of edge data (``Cover`` records, phrases)
shared rather than rebuilt per edge.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from itertools import repeat
from typing import Any

import networkx as nx
import numpy as np

from matching.candidates import Candidates, find_candidates
from matching.encode import Encoded, bit_sets, decode, encode
from matching.explain import availability_text, covers_text, institution_text, language_text, region_text
from matching.model import Cover, Mentee, Mentor, Policy
from matching.validate import validate

__all__ = ["candidate_graph", "build_graph", "mentee_node", "mentor_node"]


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
    G.add_nodes_from(
        (mentee_node(p.id), {"bipartite": 0, "profile": p, "goals": g, "covering": c[0], "sharing_language": c[1],
                             "allowed": c[2], "eligible": c[3], "best_score": None if math.isnan(b) else b / 100})
        for p, g, c, b in zip(enc.mentees, goals, cands.counts.tolist(), best, strict=True)
    )
    G.add_nodes_from((mentor_node(p.id), {"bipartite": 1, "profile": p, "capacity": p.capacity}) for p in enc.mentors)
    G.add_edges_from(_edges(enc, cands))
    return G


def _edges(enc: Encoded, cands: Candidates) -> Iterator[tuple[Any, Any, dict[str, Any]]]:
    """The edges with their data. Each distinct phrase is made once, then numpy gathers it per edge."""
    mentee, mentor, t = cands.mentee, cands.mentor, cands.terms
    if not len(mentee):
        return iter(())
    # Covered skills and "covers ...": per (mentee, covered skills, skills the mentor has at level 4).
    records = _CoverRecords(enc)
    covered = _distinct(np.column_stack([mentee, bit_sets(t.covered), bit_sets(t.covered & (enc.level[mentor] == 4))]),
                        records.make)
    own, other = enc.institution[0][mentee], enc.institution[1][mentor]
    columns = [
        [text for _, text in covered],
        _distinct(enc.speaks_bits[0][mentee] & enc.speaks_bits[1][mentor],
                  lambda key: language_text(decode(_key(key), enc.languages))),
        _distinct(np.column_stack([enc.free_bits[0][mentee] & enc.free_bits[1][mentor],
                                   enc.free_bits[0][mentee].any(axis=1) & enc.free_bits[1][mentor].any(axis=1)]),
                  lambda key: availability_text(decode(_key(key[:-1]), enc.slots), bool(key[-1]))),
        _distinct(np.column_stack([enc.region[0][mentee], enc.region[1][mentor]]),
                  lambda key: region_text(*(_name(enc.places, x) for x in key))),
        _distinct(np.where(own == other, own, -1)[:, None],
                  lambda key: institution_text(_name(enc.institutions, key[0]), _name(enc.institutions, key[0]))),
    ]
    parts = map(dict, map(zip, repeat(_PARTS), zip((t.gaps / 100).tolist(), (t.availability / 100).tolist(),
                                                  (t.region / 100).tolist(), strict=True)))
    data = map(dict, map(zip, repeat(_EDGE), zip((t.score / 100).tolist(), parts, [c for c, _ in covered],
                                                 _without_none(columns), strict=True)))
    mentee_nodes = _gather([mentee_node(p.id) for p in enc.mentees], mentee)
    mentor_nodes = _gather([mentor_node(p.id) for p in enc.mentors], mentor)
    return zip(mentee_nodes, mentor_nodes, data, strict=True)


_PARTS = ("gaps", "availability", "region")
_EDGE = ("score", "parts", "covered", "reasons")


def _key(row: list[int]) -> int | tuple[int, ...]:
    return row[0] if len(row) == 1 else tuple(row)


def _name(names: tuple[str, ...], index: int) -> str:
    return names[index] if index >= 0 else ""


def _gather(values: list, index: np.ndarray) -> list:
    """``[values[i] for i in index]``, done by numpy."""
    return np.fromiter(values, dtype=object, count=len(values))[index].tolist()


def _distinct(keys: np.ndarray, make: Callable[[list[int]], Any]) -> list:
    """``make(key)`` per row of ``keys``, called once per distinct row."""
    first, inverse = _row_ids(keys)
    return _gather([make(row) for row in keys[first].tolist()], inverse)


def _row_ids(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(a row index per distinct row, the distinct-row id of every row), without sorting 2-D rows."""
    ids = np.zeros(len(keys), np.int64)
    for column in keys.T:
        _, column_ids = np.unique(column, return_inverse=True)
        ids = ids * (int(column_ids.max(initial=0)) + 1) + column_ids
        _, ids = np.unique(ids, return_inverse=True)  # dense again, so the next product cannot overflow
    first = np.full(int(ids.max(initial=-1)) + 1, len(ids), np.int64)
    np.minimum.at(first, ids, np.arange(len(ids)))
    return first, ids


def _without_none(columns: list[list]) -> list[tuple[str, ...]]:
    """Per edge, the tuple of its phrases that are not None, in column order."""
    present = np.column_stack([np.fromiter((x is not None for x in col), bool, len(col)) for col in columns])
    pattern = present @ (1 << np.arange(len(columns)))
    out = np.empty(len(pattern), dtype=object)
    for p in np.unique(pattern).tolist():
        edges = np.flatnonzero(pattern == p)
        chosen = [np.array(col, dtype=object)[edges] for c, col in enumerate(columns) if p >> c & 1]
        out[edges] = np.fromiter(zip(*chosen, strict=True) if chosen else ((),) * len(edges), dtype=object,
                                 count=len(edges))
    return out.tolist()


class _CoverRecords:
    """``Cover`` records, each made once, and the covered tuple and phrase of a key from ``_edges``."""

    def __init__(self, enc: Encoded) -> None:
        self.enc = enc
        self.records: dict[tuple[int, int, int, int], Cover] = {}

    def make(self, key: list[int]) -> tuple[tuple[Cover, ...], str]:
        enc, i, words = self.enc, key[0], (len(key) - 1) // 2
        experts = decode(_key(key[1 + words:]), enc.skills)
        covers = []
        for skill in sorted(decode(_key(key[1:1 + words]), enc.skills)):
            s = enc.skills.index(skill)
            record_key = (s, int(enc.current[i, s]), int(enc.target[i, s]), 4 if skill in experts else 3)
            record = self.records.get(record_key)
            if record is None:
                record = self.records[record_key] = Cover(skill, *record_key[1:])
            covers.append(record)
        result = tuple(covers)
        return result, covers_text(result)
