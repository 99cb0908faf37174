"""
Explanations
============

The English phrases moderators read: why a pair was proposed, why a pair is
not a candidate, and why a mentee was left unmatched. Every function here is
pure and takes plain values, so the vectorised graph builder and the
one-pair reference scorer (:func:`matching.score_pair`) produce the same
words for the same pair.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from matching.model import TEACHING_LEVEL
from matching.results import Cover

__all__ = [
    "covers_text",
    "language_text",
    "availability_text",
    "region_text",
    "institution_text",
    "pair_reasons",
    "unmatched_reason",
    "points",
]


def points(hundredths: int) -> float:
    """A score in hundredths of a point as the float shown to people.

    Examples
    --------
    >>> points(4250)
    42.5
    """
    return hundredths / 100


def covers_text(covered: Iterable[Cover]) -> str:
    """``"covers cataloguing 1->3, classification 0->2"``.

    Examples
    --------
    >>> covers_text([Cover("cataloguing", 1, 3, 4), Cover("classification", 0, 2, 3)])
    'covers cataloguing 1->3, classification 0->2'
    """
    return "covers " + ", ".join(str(c) for c in covered)


def language_text(shared: Collection[str]) -> str:
    """``"both speak id"``, ``"both speak en, id"`` or ``"no shared language"``.

    Examples
    --------
    >>> language_text({"id", "en"}), language_text(set())
    ('both speak en, id', 'no shared language')
    """
    return "both speak " + ", ".join(sorted(shared)) if shared else "no shared language"


def availability_text(shared: Collection[str], both_known: bool) -> str | None:
    """The common free slots, ``"no common free time"``, or None when either side did not say.

    Examples
    --------
    >>> availability_text({"sat-pm", "mon-am"}, True)
    'both free mon-am, sat-pm'
    >>> availability_text(set(), True)
    'no common free time'
    >>> availability_text(set(), False) is None
    True
    """
    if shared:
        return "both free " + ", ".join(sorted(shared))
    return "no common free time" if both_known else None


def region_text(mentee_region: str, mentor_region: str) -> str | None:
    """``"same region: Padang"`` or ``"different regions: Padang / Bukittinggi"``; None if one is unknown.

    Examples
    --------
    >>> region_text("Padang", "Bukittinggi")
    'different regions: Padang / Bukittinggi'
    >>> region_text("Padang", "Padang")
    'same region: Padang'
    """
    if not mentee_region or not mentor_region:
        return None
    if mentee_region == mentor_region:
        return f"same region: {mentee_region}"
    return f"different regions: {mentee_region} / {mentor_region}"


def institution_text(mentee_institution: str, mentor_institution: str) -> str | None:
    """``"same institution: ..."`` when both name the same one, else None.

    Examples
    --------
    >>> institution_text("Perpustakaan Kota Padang", "Perpustakaan Kota Padang")
    'same institution: Perpustakaan Kota Padang'
    """
    if mentee_institution and mentee_institution == mentor_institution:
        return f"same institution: {mentee_institution}"
    return None


def pair_reasons(covers: str, language: str, availability: str | None, region: str | None,
                 institution: str | None) -> tuple[str, ...]:
    """The reasons of a pair in their fixed order, leaving out the ones that do not apply.

    Examples
    --------
    >>> pair_reasons("covers cataloguing 1->3", "both speak id", None, "different regions: Padang / Solok", None)
    ('covers cataloguing 1->3', 'both speak id', 'different regions: Padang / Solok')
    """
    return tuple(r for r in (covers, language, availability, region, institution) if r)


def unmatched_reason(code: str, *, covering: int = 0, sharing_language: int = 0, allowed: int = 0,
                     best_score: float | None = None, min_score: float = 0.0, candidates: int = 0,
                     full: bool = True) -> str:
    """The sentence for an unmatched mentee, from the counts the scoring kept on its graph node.

    Parameters
    ----------
    code : str
        One of ``matching.model.UNMATCHED_CODES``.
    covering, sharing_language, allowed : int
        How many mentors cover a gap; of those, share a language; of those, are not excluded.
    best_score, min_score : float
        The best score among the allowed mentors, and the policy's minimum.
    candidates : int
        Candidate mentors in the graph.
    full : bool
        Whether every candidate mentor is at capacity in the solution.

    Examples
    --------
    >>> unmatched_reason("no_language", covering=3)
    'No shared language: 3 mentors cover a gap, but none speaks a language the mentee speaks.'
    >>> unmatched_reason("capacity", candidates=4)
    'At capacity: 4 candidate mentors, all full; the best round gives their places to other mentees.'
    """
    if code == "no_goals":
        return "No goals: the mentee has no target above their current level."
    if code == "no_cover":
        return ("No mentor covers any of the mentee's gaps "
                f"(a mentor needs level {TEACHING_LEVEL} or more, and at least the target).")
    if code == "no_language":
        return (f"No shared language: {_count(covering, 'mentor')} {_verb(covering, 'covers', 'cover')} a gap, "
                "but none speaks a language the mentee speaks.")
    if code == "excluded":
        return (f"Excluded: the policy excludes every mentor who covers a gap and shares a language "
                f"({sharing_language}): an earlier decline, the direct supervisor, or the same institution.")
    if code == "below_min_score":
        best = "" if best_score is None else f"; the best scores {best_score:.2f}"
        return (f"Below the minimum score: {_count(allowed, 'mentor')} could mentor, "
                f"but every such pair scores under {min_score:.2f}{best}.")
    if code == "capacity":
        if full:
            return (f"At capacity: {_count(candidates, 'candidate mentor')}, all full; "
                    "the best round gives their places to other mentees.")
        return "Left out: pairing this mentee with a mentor who has room would lower the round's total score."
    raise ValueError(f"unknown unmatched code {code!r}")


def _count(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _verb(count: int, singular: str, plural: str) -> str:
    return singular if count == 1 else plural
