"""
Edge data
=========

The data dict of every candidate edge: ``score`` and ``parts`` (points),
``covered`` (:class:`~matching.Cover` records sorted by skill) and
``reasons`` (English phrases), the same values :func:`matching.score_pair`
gives for the pair.

Hundreds of thousands of edges share few distinct phrases: the words depend
on a handful of small keys (the mentee and the skills covered, the languages
and free slots shared, the two regions, a shared institution). Each key
column is reduced to ids with numpy, each distinct phrase is written once,
and numpy gathers the results per edge; Python touches each edge only to
build its tuple and dicts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import repeat
from typing import Any

import numpy as np

from matching.candidates import Candidates
from matching.encode import Encoded, bit_sets, decode
from matching.explain import availability_text, institution_text, language_text, region_text
from matching.model import EXPERT_LEVEL, TEACHING_LEVEL
from matching.results import Cover, Parts

__all__ = ["edge_data"]


def edge_data(enc: Encoded, cands: Candidates) -> list[dict[str, Any]]:
    """One data dict per candidate edge, in the order of ``cands``."""
    mentee, mentor, t = cands.mentee, cands.mentor, cands.terms
    if not len(mentee):
        return []
    covered = bit_sets(t.covered)
    expert = bit_sets(t.covered & (enc.level[mentor] == 4))
    cover_first, cover_of = _ids([mentee, *covered.T, *expert.T])
    goals = _Goals(enc)
    made = [goals.covers(i, c, x) for i, c, x in zip(
        mentee[cover_first].tolist(), _ints(covered[cover_first]), _ints(expert[cover_first]), strict=True)]

    shared_lang = enc.speaks_bits[0][mentee] & enc.speaks_bits[1][mentor]
    shared_free = enc.free_bits[0][mentee] & enc.free_bits[1][mentor]
    both_free = enc.free_bits[0][mentee].any(axis=1) & enc.free_bits[1][mentor].any(axis=1)
    own, other = enc.institution[0][mentee], enc.institution[1][mentor]
    columns = [
        ([text for _, text in made], cover_of),
        _phrases([*shared_lang.T], lambda e: language_text(decode(_as_int(shared_lang[e]), enc.languages))),
        _phrases([*shared_free.T, both_free],
                 lambda e: availability_text(decode(_as_int(shared_free[e]), enc.slots), bool(both_free[e]))),
        _phrases([enc.region[0][mentee], enc.region[1][mentor]],
                 lambda e: region_text(_name(enc.places, enc.region[0][mentee[e]]),
                                       _name(enc.places, enc.region[1][mentor[e]]))),
        _phrases([np.where(own == other, own, -1)],
                 lambda e: institution_text(_name(enc.institutions, own[e]), _name(enc.institutions, other[e]))),
    ]
    # Equal numbers share one object: one Parts per distinct split, one float per distinct score.
    parts_first, parts_of = _ids([t.gaps, t.availability, t.region])
    parts = _gather([Parts(gaps=g / 100, availability=a / 100, region=r / 100) for g, a, r in zip(
        t.gaps[parts_first].tolist(), t.availability[parts_first].tolist(), t.region[parts_first].tolist(),
        strict=True)], parts_of)
    score_first, score_of = _ids([t.score])
    scores = _gather([s / 100 for s in t.score[score_first].tolist()], score_of)
    return [
        {"score": score, "parts": part, "covered": cover, "reasons": reasons}
        for score, part, cover, reasons in zip(
            scores, parts, _gather([c for c, _ in made], cover_of), _reasons(columns, len(mentee)), strict=True)
    ]


def _ints(bits: np.ndarray) -> list[int]:
    """Rows of bit-set words as Python ints."""
    return bits[:, 0].tolist() if bits.shape[1] == 1 else [_as_int(row) for row in bits]


def _as_int(bits: np.ndarray) -> int:
    """A row of bit-set words (see :func:`matching.encode.bit_sets`) as one Python int."""
    return sum(int(word) << (62 * w) for w, word in enumerate(bits.tolist()))


def _name(names: tuple[str, ...], index: int) -> str:
    return names[index] if index >= 0 else ""


def _gather(values: Sequence[Any], index: np.ndarray) -> list[Any]:
    """``[values[i] for i in index]``, done by numpy."""
    return np.fromiter(values, dtype=object, count=len(values))[index].tolist()


def _ids(columns: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Ids of the distinct rows of some integer columns: (an edge per id, the id of every edge).

    Columns are packed into one int64 key while their ranges fit, and the key
    is made dense again before it could overflow.
    """
    key = np.zeros(len(columns[0]), np.int64)
    span = 1
    for column in columns:
        low, high = int(column.min()), int(column.max())
        width = high - low + 1
        if span * width >= 1 << 62:
            _, key = np.unique(key, return_inverse=True)
            span = int(key.max()) + 1
        key = key * width + (column.astype(np.int64) - low)
        span *= width
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    return first, inverse.ravel()


def _phrases(columns: list[np.ndarray], make: Callable[[int], str | None]) -> tuple[list[str | None], np.ndarray]:
    """(one phrase per distinct key, the key id of every edge); ``make(e)`` writes the phrase of edge ``e``."""
    first, inverse = _ids(columns)
    return [make(e) for e in first.tolist()], inverse


def _reasons(columns: list[tuple[list[str | None], np.ndarray]], n_edges: int) -> list[tuple[str, ...]]:
    """Per edge, the tuple of its phrases that apply (not None), in column order."""
    pattern = np.zeros(n_edges, np.int64)
    tables = []
    for c, (phrases, ids) in enumerate(columns):
        present = np.array([p is not None for p in phrases])
        pattern |= present[ids].astype(np.int64) << c
        tables.append(np.fromiter(phrases, dtype=object, count=len(phrases)))
    out = np.empty(n_edges, dtype=object)
    for p in np.unique(pattern).tolist():
        edges = np.flatnonzero(pattern == p)
        chosen = [tables[c][ids[edges]] for c, (_, ids) in enumerate(columns) if p >> c & 1]
        out[edges] = np.fromiter(zip(*chosen, strict=True) if chosen else repeat((), len(edges)), dtype=object,
                                 count=len(edges))
    return out.tolist()


class _Goals:
    """Each mentee's gaps, and ``Cover`` records with their phrase, made once each."""

    def __init__(self, enc: Encoded) -> None:
        self.enc = enc
        self.goals: dict[int, list[tuple[int, int, int]]] = {}
        self.records: dict[tuple[int, int, int, int], tuple[Cover, str]] = {}

    def covers(self, i: int, covered: int, expert: int) -> tuple[tuple[Cover, ...], str]:
        """The covered tuple and its phrase, for mentee row ``i`` and the bits of covered and level-4 skills."""
        goals = self.goals.get(i)
        if goals is None:
            enc = self.enc
            goals = self.goals[i] = [(s, int(enc.current[i, s]), int(enc.target[i, s]))
                                     for s in np.flatnonzero(enc.target[i]).tolist()]
        records = []
        for s, current, target in goals:  # skills are sorted, so covers come out sorted by skill
            if covered >> s & 1:
                key = (s, current, target, EXPERT_LEVEL if expert >> s & 1 else TEACHING_LEVEL)
                record = self.records.get(key)
                if record is None:
                    cover = Cover(self.enc.skills[s], current, target, key[3])
                    record = self.records[key] = (cover, str(cover))
                records.append(record)
        return tuple(r for r, _ in records), "covers " + ", ".join(text for _, text in records)
