"""
Scoring
=======

A pair's score, in plain Python, one pair at a time. This is the definition;
the vectorised candidate search in :mod:`matching.candidates` computes the
same numbers for every pair at once, and the tests hold the two together.

A mentor *covers* a mentee's gap in a skill when the mentor's level is at
least the target and at least 3. The score of a pair is, in points:

* ``gaps``: ``gap_weight`` times the levels of gap covered (a gap 1->3 covered
  counts 2);
* ``availability``: ``availability_weight`` once, when both gave their free
  slots and share at least one;
* ``region``: ``+region_weight`` for the same region under ``"prefer"``,
  ``-region_weight`` for the same region under ``"avoid"``, else 0.

A pair is a candidate only if it covers at least one gap, shares a language
(when the policy requires it), is not excluded (nor the same person, nor the
same institution under ``same_institution="avoid"``), and scores at least
``min_score``. Scores are exact: integers in hundredths of a point inside,
floats with two decimals outside.
"""

from __future__ import annotations

from dataclasses import dataclass

from matching.encode import min_hundredths, to_hundredths
from matching.explain import (
    availability_text,
    covers_text,
    institution_text,
    language_text,
    pair_reasons,
    points,
    region_text,
)
from matching.model import TEACHING_LEVEL, Mentee, Mentor, Policy, can_cover
from matching.results import Cover, Pair, Parts
from matching.validate import validate

__all__ = ["score_pair", "assess", "Assessment", "covered_gaps"]


def covered_gaps(mentee: Mentee, mentor: Mentor) -> tuple[Cover, ...]:
    """The mentee's gaps the mentor covers, sorted by skill.

    Examples
    --------
    >>> e = Mentee(1, {"cataloguing": 1}, {"cataloguing": 3, "classification": 2, "promotion": 4})
    >>> r = Mentor(2, {"cataloguing": 4, "classification": 3, "promotion": 3}, capacity=1)
    >>> [str(c) for c in covered_gaps(e, r)]
    ['cataloguing 1->3', 'classification 0->2']
    """
    covers = []
    for skill in sorted(mentee.targets):
        target, current, level = mentee.targets[skill], mentee.levels.get(skill, 0), mentor.levels.get(skill, 0)
        if can_cover(level, current, target):
            covers.append(Cover(skill, current, target, level))
    return tuple(covers)


@dataclass(frozen=True)
class Assessment:
    """Whether a pair is a candidate: ``code`` is ``""`` when it is, else why not, with a sentence."""

    code: str
    reason: str
    score: int                 # hundredths of a point (0 when the pair covers no gap)
    pair: Pair | None


def assess(mentee: Mentee, mentor: Mentor, policy: Policy) -> Assessment:
    """Score one pair and say whether it is a candidate, and if not, why (input assumed valid).

    The ``code`` of a pair that is not a candidate is the first rule it
    breaks, in this order: ``"no_goals"``, ``"no_cover"``, ``"no_language"``,
    ``"excluded"``, ``"same_institution"``, ``"below_min_score"``.

    Examples
    --------
    >>> e = Mentee(1, {}, {"cataloguing": 3}, languages=frozenset({"minang"}))
    >>> assess(e, Mentor(2, {"cataloguing": 4}, capacity=1), Policy()).reason
    'no shared language (mentee speaks minang; mentor speaks id)'
    """
    if not any(t > mentee.levels.get(s, 0) for s, t in mentee.targets.items()):
        return Assessment("no_goals", f"mentee {mentee.id!r} has no target above their current level", 0, None)
    covered = covered_gaps(mentee, mentor)
    if not covered:
        missing = ", ".join(f"{s} needs {max(t, TEACHING_LEVEL)}, has {mentor.levels.get(s, 0)}"
                            for s, t in sorted(mentee.targets.items()) if t > mentee.levels.get(s, 0))
        return Assessment("no_cover", f"mentor {mentor.id!r} covers none of the mentee's gaps ({missing})", 0, None)
    shared = mentee.languages & mentor.languages
    gaps = to_hundredths(policy.gap_weight) * sum(c.gap for c in covered)
    both_free = bool(mentee.availability) and bool(mentor.availability)
    common = mentee.availability & mentor.availability
    availability = to_hundredths(policy.availability_weight) if common else 0
    same_region = bool(mentee.region) and mentee.region == mentor.region
    sign = {"prefer": 1, "neutral": 0, "avoid": -1}[policy.region]
    region = sign * to_hundredths(policy.region_weight) if same_region else 0
    score = gaps + availability + region
    if policy.language_required and not shared:
        return Assessment("no_language", "no shared language (mentee speaks {}; mentor speaks {})".format(
            ", ".join(sorted(mentee.languages)) or "nothing", ", ".join(sorted(mentor.languages)) or "nothing"),
            score, None)
    if mentee.id == mentor.id:
        return Assessment("excluded", "a mentee cannot mentor themself", score, None)
    if (mentee.id, mentor.id) in policy.excluded:
        return Assessment("excluded", "the policy excludes this pair (an earlier decline or the direct supervisor)",
                          score, None)
    if policy.same_institution == "avoid" and mentee.institution and mentee.institution == mentor.institution:
        return Assessment("same_institution", f"same institution ({mentee.institution}), which the policy avoids",
                          score, None)
    if score < min_hundredths(policy.min_score):
        return Assessment("below_min_score",
                          f"score {points(score):.2f} is below the minimum {policy.min_score:.2f}", score, None)
    reasons = pair_reasons(
        covers_text(covered),
        language_text(shared),
        availability_text(common, both_free),
        region_text(mentee.region, mentor.region),
        institution_text(mentee.institution, mentor.institution),
    )
    parts = Parts(gaps=points(gaps), availability=points(availability), region=points(region))
    pair = Pair(mentee.id, mentor.id, points(score), parts, covered, reasons)
    return Assessment("", "candidate", score, pair)


def score_pair(mentee: Mentee, mentor: Mentor, policy: Policy = Policy()) -> Pair | None:  # noqa: B008
    """The scored, explained pair, or None when it is not a candidate.

    Parameters
    ----------
    mentee : Mentee
    mentor : Mentor
    policy : Policy, optional

    Returns
    -------
    Pair or None
        None when the pair covers no gap, shares no required language, is
        excluded (or the same person, or the same institution under
        ``same_institution="avoid"``), or scores below ``policy.min_score``.

    Raises
    ------
    MatchingError
        If the mentee, mentor or policy is invalid.

    Examples
    --------
    >>> e = Mentee(1, {"cataloguing": 1}, {"cataloguing": 3, "classification": 2}, region="Padang")
    >>> r = Mentor(2, {"cataloguing": 4, "classification": 3}, capacity=2, region="Bukittinggi")
    >>> p = score_pair(e, r, Policy(region="avoid"))
    >>> p.score, p.parts
    (40.0, {'gaps': 40.0, 'availability': 0.0, 'region': 0.0})
    >>> p.summary
    'covers cataloguing 1->3, classification 0->2; both speak id; different regions: Padang / Bukittinggi'
    >>> score_pair(e, Mentor(3, {"promotion": 4}, capacity=1)) is None
    True
    """
    validate([mentee], [mentor], policy)
    return assess(mentee, mentor, policy).pair
