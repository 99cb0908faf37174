"""
Jejaring's mentor matcher
=========================

Plain data in, plain data out: no Flask, no database. The mentoring service
turns profiles into :class:`Mentee` and :class:`Mentor` records, chooses a
:class:`Policy`, calls :func:`match`, and stores the :class:`RoundResult`.

A mentor *covers* a mentee's gap in a skill (levels 0..4) when the mentor's
level is at least the mentee's target and at least 3. Candidate pairs cover
at least one gap; they form a NetworkX bipartite graph (scores, covered
skills and reasons on the edges). The round is the exact optimum over all
pairs: by default as many mentees matched as possible, then the highest
total score. :func:`why_not` answers "why not mentor X for mentee Y?".

The data: :mod:`~matching.model` (inputs), :mod:`~matching.results`
(outputs), :mod:`~matching.exception`. A round, module by module:
:mod:`~matching.validate` checks the input, :mod:`~matching.encode` turns
profiles into arrays, :mod:`~matching.candidates` scores every pair with
numpy and keeps the candidates (:mod:`~matching.selection` decides ties),
:mod:`~matching.solve` finds the optimum with scipy's sparse assignment
solver, :mod:`~matching.pricing` proves it optimal over all pairs or adds
the pairs that are missing, :mod:`~matching.graph` and
:mod:`~matching.edgedata` build the graph, and :mod:`~matching.rounds` reads
the result and its reasons. :mod:`~matching.explain` holds the words,
:mod:`~matching.scoring` defines a pair's score one pair at a time, and
:mod:`~matching.baseline` is the greedy pass the benchmark compares with.

>>> import matching
>>> mentees = [matching.Mentee(1, {"cataloguing": 1}, {"cataloguing": 3}, region="Padang")]
>>> mentors = [matching.Mentor(7, {"cataloguing": 4}, capacity=2, region="Bukittinggi")]
>>> result = matching.match(mentees, mentors)
>>> result.pairs[0].summary
'covers cataloguing 1->3; both speak id; different regions: Padang / Bukittinggi'
"""

from matching.baseline import greedy
from matching.exception import MatchingError
from matching.graph import candidate_graph, mentee_node, mentor_node
from matching.model import EXPERT_LEVEL, LEVELS, TEACHING_LEVEL, Mentee, Mentor, Policy, can_cover
from matching.results import UNMATCHED_CODES, Cover, Pair, Parts, RoundResult, Unmatched, WhyNot
from matching.rounds import match, why_not
from matching.scoring import score_pair
from matching.validate import validate

__all__ = [
    "MatchingError",
    "Mentee",
    "Mentor",
    "Policy",
    "Cover",
    "Pair",
    "Parts",
    "Unmatched",
    "RoundResult",
    "WhyNot",
    "UNMATCHED_CODES",
    "LEVELS",
    "TEACHING_LEVEL",
    "EXPERT_LEVEL",
    "can_cover",
    "validate",
    "score_pair",
    "candidate_graph",
    "mentee_node",
    "mentor_node",
    "match",
    "why_not",
    "greedy",
]
