"""
Validation
==========

:func:`validate` checks a round's input before any scoring and raises one
:class:`~matching.MatchingError` listing every problem, each naming the
offending mentee, mentor or policy field.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Hashable, Iterable, Mapping, Sequence

from matching.exception import MatchingError
from matching.model import INSTITUTION_MODES, LEVELS, OBJECTIVES, REGION_MODES, Mentee, Mentor, Policy

__all__ = ["validate"]

MAX_WEIGHT = 10_000.0  # keeps exact integer scoring far inside float64's 2**53
_LEVELS = frozenset(LEVELS)


def validate(mentees: Sequence[Mentee], mentors: Sequence[Mentor], policy: Policy) -> None:
    """Check a round's input; raise :class:`~matching.MatchingError` naming every bad item.

    Parameters
    ----------
    mentees : sequence of Mentee
    mentors : sequence of Mentor
    policy : Policy

    Raises
    ------
    MatchingError
        For an unknown skill (when ``policy.skills`` is given), a level outside
        0..4, a target outside 1..4, a capacity outside 1..10, a duplicate id,
        a bad language or availability set, or a bad policy field. The error's
        ``problems`` attribute lists them all.

    Examples
    --------
    >>> validate([Mentee(1, {}, {"cataloguing": 3})], [Mentor(9, {"cataloguing": 4}, capacity=2)], Policy())
    >>> validate([], [Mentor(17, {}, capacity=0)], Policy())
    Traceback (most recent call last):
        ...
    matching.exception.MatchingError: mentor 17: capacity must be 1..10, got 0
    """
    problems = _policy_problems(policy)
    skills = getattr(policy, "skills", None)
    known = skills if isinstance(skills, frozenset) else None
    problems += _people_problems("mentee", mentees, Mentee, known)
    problems += _people_problems("mentor", mentors, Mentor, known)
    if problems:
        raise MatchingError(problems)


def _people_problems(kind: str, people: Iterable[object], cls: type, known: frozenset[str] | None) -> list[str]:
    problems: list[str] = []
    if isinstance(people, str | bytes | Mapping) or not isinstance(people, Iterable):
        return [f"{kind}s must be a sequence of {cls.__name__}, got {type(people).__name__}"]
    seen: set[Hashable] = set()
    for position, person in enumerate(people):
        if not isinstance(person, cls):
            problems.append(f"{kind} at position {position}: expected a {cls.__name__}, got {type(person).__name__}")
            continue
        try:
            duplicate = person.id in seen
        except TypeError:
            problems.append(f"{kind} at position {position}: id must be hashable, got {person.id!r}")
            continue
        if person.id is None:
            problems.append(f"{kind} at position {position}: id must not be None")
        elif duplicate:
            problems.append(f"duplicate {kind} id {person.id!r}")
        seen.add(person.id)
        label = f"{kind} {person.id!r}"
        problems += _levels_problems(label, "level", person.levels, 0, known)
        if isinstance(person, Mentee):
            problems += _levels_problems(label, "target", person.targets, 1, known)
        else:
            capacity = person.capacity
            if not _is_int(capacity) or not 1 <= capacity <= 10:
                problems.append(f"{label}: capacity must be 1..10, got {capacity!r}")
        for name in ("region", "institution"):
            if not isinstance(getattr(person, name), str):
                problems.append(f"{label}: {name} must be a string, got {getattr(person, name)!r}")
        for name in ("languages", "availability"):
            value = getattr(person, name)
            if not isinstance(value, frozenset) or not all(isinstance(x, str) and x for x in value):
                problems.append(f"{label}: {name} must be a set of non-empty strings, got {value!r}")
    return problems


def _levels_problems(label: str, what: str, levels: object, low: int, known: frozenset[str] | None) -> list[str]:
    if not isinstance(levels, Mapping):
        return [f"{label}: {what}s must be a mapping of skill to level, got {type(levels).__name__}"]
    # Fast path for the common, valid profile; the slow path names each bad entry.
    values = levels.values()
    if (
        _LEVELS.issuperset(values)
        and all(type(v) is int and v >= low for v in values)
        and all(type(k) is str for k in levels)
        and (known is None or known.issuperset(levels))
    ):
        return []
    problems = []
    for skill, level in levels.items():
        if not isinstance(skill, str):
            problems.append(f"{label}: skill must be a string, got {skill!r}")
            continue
        if known is not None and skill not in known:
            problems.append(f"{label}: unknown skill {skill!r}")
        if not _is_int(level) or not low <= level <= 4:
            problems.append(f"{label}: {what} of {skill!r} must be {low}..4, got {level!r}")
    return problems


def _policy_problems(policy: object) -> list[str]:
    if not isinstance(policy, Policy):
        return [f"policy must be a Policy, got {type(policy).__name__}"]
    problems = []
    for name in ("gap_weight", "availability_weight", "region_weight"):
        value = getattr(policy, name)
        if not _is_real(value) or not 0 <= value <= MAX_WEIGHT:
            problems.append(f"policy.{name} must be a number 0..{MAX_WEIGHT:g}, got {value!r}")
    if not _is_real(policy.min_score) or abs(policy.min_score) > 100 * MAX_WEIGHT:
        problems.append(f"policy.min_score must be a number within ±{100 * MAX_WEIGHT:g}, got {policy.min_score!r}")
    if not isinstance(policy.language_required, bool):
        problems.append(f"policy.language_required must be True or False, got {policy.language_required!r}")
    for name, allowed in (("region", REGION_MODES), ("same_institution", INSTITUTION_MODES),
                          ("objective", OBJECTIVES)):
        value = getattr(policy, name)
        if value not in allowed:
            choices = ", ".join(repr(a) for a in allowed)
            problems.append(f"policy.{name} must be one of {choices}, got {value!r}")
    for name in ("mentee_candidates", "mentor_candidates_per_slot"):
        value = getattr(policy, name)
        if not _is_int(value) or value < 1:
            problems.append(f"policy.{name} must be a positive integer, got {value!r}")
    if not isinstance(policy.excluded, frozenset):
        problems.append(f"policy.excluded must be a set of (mentee_id, mentor_id) pairs, got {policy.excluded!r}")
    else:
        for item in policy.excluded:
            if not isinstance(item, tuple) or len(item) != 2:
                problems.append(f"policy.excluded: expected a (mentee_id, mentor_id) pair, got {item!r}")
    skills = policy.skills
    if skills is not None and (not isinstance(skills, frozenset) or not all(isinstance(s, str) for s in skills)):
        problems.append(f"policy.skills must be None or a set of skill slugs, got {skills!r}")
    return problems


def _is_int(value: object) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _is_real(value: object) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool) and math.isfinite(value)
