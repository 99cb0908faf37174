"""The candidate graph: a plain NetworkX bipartite graph that pages and explanations can read."""

from __future__ import annotations

import json
import pickle
import random

import networkx as nx
import pytest

from matching import Cover, Parts, Policy, candidate_graph, match, mentee_node, mentor_node
from tests.matching.helpers import random_round


def test_graph_is_bipartite_with_the_documented_attributes():
    rng = random.Random(4)
    mentees, mentors = random_round(rng, 30, 8)
    G = candidate_graph(mentees, mentors, Policy(region="avoid"))
    assert nx.bipartite.is_bipartite(G)
    assert G.graph["policy"] == Policy(region="avoid")
    assert len(G) == len(mentees) + len(mentors)
    for e in mentees:
        data = G.nodes[mentee_node(e.id)]
        assert data["bipartite"] == 0 and data["profile"] is e
        assert data["covering"] >= data["sharing_language"] >= data["allowed"] >= data["eligible"] >= 0
    for r in mentors:
        data = G.nodes[mentor_node(r.id)]
        assert (data["bipartite"], data["capacity"], data["profile"]) == (1, r.capacity, r)
    for u, v, data in G.edges(data=True):
        assert {u[0], v[0]} == {"mentee", "mentor"}
        assert set(data) == {"score", "parts", "covered", "reasons"}
        assert round(sum(data["parts"].values()), 2) == data["score"]
        assert all(isinstance(c, Cover) for c in data["covered"])
        assert [c.skill for c in data["covered"]] == sorted(c.skill for c in data["covered"])
        assert data["reasons"][0].startswith("covers ")


def test_graph_equals_one_built_edge_by_edge():
    # The builder fills NetworkX's adjacency in bulk; it must be the graph add_edges_from would make.
    rng = random.Random(8)
    mentees, mentors = random_round(rng, 50, 12, popular=2)
    G = candidate_graph(mentees, mentors)
    H = nx.Graph(**G.graph)
    H.add_nodes_from(G.nodes(data=True))
    H.add_edges_from((u, v, dict(d)) for u, v, d in G.edges(data=True))
    assert nx.utils.graphs_equal(G, H)
    assert G.number_of_edges() == H.number_of_edges() == sum(d for _, d in G.degree()) // 2
    for u, v in G.edges:
        assert G.adj[u][v] is G.adj[v][u]  # one data dict per edge, as NetworkX keeps it
    G.remove_edge(*next(iter(G.edges)))  # and it stays an ordinary, editable graph
    assert G.number_of_edges() == H.number_of_edges() - 1


def test_round_graph_holds_the_pairs_and_pickles():
    rng = random.Random(9)
    mentees, mentors = random_round(rng, 40, 10)
    result = match(mentees, mentors)
    for pair in result.pairs:
        data = result.graph.edges[mentee_node(pair.mentee), mentor_node(pair.mentor)]
        assert (data["score"], data["covered"], data["reasons"]) == (pair.score, pair.covered, pair.reasons)
    again = pickle.loads(pickle.dumps(result))  # noqa: S301 - our own object, for a cache or a queue
    assert again.pairs == result.pairs and again.graph.number_of_edges() == result.graph.number_of_edges()


def test_alternatives_of_a_mentee_can_be_read_from_the_graph():
    rng = random.Random(10)
    mentees, mentors = random_round(rng, 20, 8)
    result = match(mentees, mentors)
    pair = result.pairs[0]
    options = sorted(((d["score"], v[1]) for v, d in result.graph.adj[mentee_node(pair.mentee)].items()),
                     reverse=True)
    assert (pair.score, pair.mentor) in options


def test_parts_are_shared_read_only_and_serialisable():
    rng = random.Random(12)
    mentees, mentors = random_round(rng, 40, 10)
    G = candidate_graph(mentees, mentors)
    parts = [d["parts"] for _, _, d in G.edges(data=True)]
    assert len({id(p) for p in parts}) < len(parts)  # equal parts are one object
    some = parts[0]
    with pytest.raises(TypeError, match="read-only"):
        some["gaps"] = 0.0
    with pytest.raises(TypeError, match="read-only"):
        some.update(gaps=0.0)
    copy = dict(some)
    copy["gaps"] = 0.0  # a copy is an ordinary dict
    assert json.loads(json.dumps(some)) == some
    assert pickle.loads(pickle.dumps(some)) == some  # noqa: S301 - our own object
    assert type(pickle.loads(pickle.dumps(some))) is Parts  # noqa: S301
    assert hash(some) == hash(Parts(dict(some)))
    pair = match(mentees, mentors).pairs[0]
    assert {pair} == {pair}  # pairs hash, so they can be set members and dict keys
