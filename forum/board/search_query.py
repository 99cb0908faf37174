"""What a search means: the query parsed into a small tree, and that tree written for FTS5 and tsquery.

The syntax, for people: words (all must be found; ``AND`` between them may
be written and changes nothing), ``"an exact phrase"``, ``-word`` or
``-"a phrase"`` to leave out, and ``OR`` (or ``ATAU``) between two of them
for either. Every word is stemmed as the index is (``forum.board.stemming``).
Words are looked up whole first; when that finds nothing, words of three
letters or more also find longer words they begin (``katal`` finds
``katalog``: see ``forum.board.search``). Shorter ones only ever find
themselves, so ``a`` is not a prefix of nearly everything. (Whole words
first also keeps common searches cheap: a prefix makes both indexes gather
every word it begins.)

Nothing a user types reaches a query language as syntax: the parser keeps
only words (letters and digits), and the writers below quote each one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from flask_babel import gettext as _

from forum.board.stemming import WORD, stem, words
from forum.errors import Invalid

MAX_QUERY = 200  # characters
MAX_WORDS = 12  # words in all, phrases' and left-out ones' included
PREFIX_FROM = 3  # letters: shorter words match only whole words
OR_WORDS = {"OR", "ATAU"}
AND_WORDS = {"AND", "DAN"}
_CHUNK = re.compile(r'(-?)"([^"]*)"?|(-?)([^\s"]+)')


@dataclass(frozen=True)
class Term:
    """One word (``prefix``: it may also find longer words it begins) or a phrase of several, as stems."""

    stems: tuple[str, ...]
    prefix: bool = False


@dataclass(frozen=True)
class Query:
    """Every group must be found (a group: any one of its terms) and none of ``exclude``."""

    groups: tuple[tuple[Term, ...], ...]
    exclude: tuple[Term, ...] = ()
    prefixes: bool = False  # whether the terms that may be prefixes are

    def __bool__(self) -> bool:
        return bool(self.groups)

    def could_widen(self) -> bool:
        """Whether some word could also find longer words (``widened``)."""
        return not self.prefixes and any(t.prefix for g in self.groups for t in g)

    def widened(self) -> Query:
        return Query(self.groups, self.exclude, prefixes=True)

    def fts5(self) -> str:
        """The query as an FTS5 MATCH expression."""
        found = " AND ".join(_group(g, self._fts5_term, " OR ") for g in self.groups)
        return "".join([f"({found})"] + [f" NOT {self._fts5_term(t, False)}" for t in self.exclude])

    def tsquery(self) -> str:
        """The query as PostgreSQL ``tsquery`` input (cast, not parsed: no text search parser in the way)."""
        parts = [_group(g, self._ts_term, " | ") for g in self.groups]
        return " & ".join(parts + [f"!{self._ts_term(t, False)}" for t in self.exclude])

    def highlighter(self) -> Highlighter:
        terms = [t for g in self.groups for t in g]
        prefix = {s for t in terms if t.prefix and self.prefixes for s in t.stems}
        return Highlighter({s for t in terms for s in t.stems} - prefix, tuple(prefix))

    def _fts5_term(self, term: Term, widen: bool = True) -> str:
        quoted = '"' + " ".join(term.stems).replace('"', '""') + '"'
        return quoted + "*" if term.prefix and self.prefixes and widen else quoted

    def _ts_term(self, term: Term, widen: bool = True) -> str:
        lexemes = ["'" + s.replace("\\", "\\\\").replace("'", "''") + "'" for s in term.stems]
        if len(lexemes) > 1:
            return "(" + " <-> ".join(lexemes) + ")"
        return lexemes[0] + (":*" if term.prefix and self.prefixes and widen else "")


def _group(terms: tuple[Term, ...], write, sep: str) -> str:
    return write(terms[0]) if len(terms) == 1 else "(" + sep.join(write(t) for t in terms) + ")"


def parse(raw) -> Query:
    """Parse what a person typed; ``Invalid`` (a message for the form's ``q`` field) when it is too much.

    Examples
    --------
    >>> parse('perpustakaan "literasi informasi" -koha').fts5()
    '("pustaka" AND "literasi informasi") NOT "koha"'
    >>> parse("slims OR koha AND a").widened().tsquery()
    "('slims':* | 'koha':*) & 'a'"
    """
    if raw is None:
        raw = ""
    if not isinstance(raw, str):
        raise Invalid(fields={"q": _("The search must be text.")})
    if len(raw) > MAX_QUERY:
        raise Invalid(fields={"q": _("A search can have at most %(n)d characters.", n=MAX_QUERY)})
    groups: list[list[Term]] = []
    exclude: list[Term] = []
    either, count = False, 0
    for match in _CHUNK.finditer(raw):
        quoted = match.group(2) is not None
        negated = bool(match.group(1) if quoted else match.group(3))
        text = match.group(2) if quoted else match.group(4)
        if not quoted and not negated and text in OR_WORDS:
            either = bool(groups)
            continue
        if not quoted and not negated and text in AND_WORDS:
            either = False
            continue
        found = words(text)
        if not found:
            continue
        count += len(found)
        # A hyphenated or dotted word (e-book, v2.1) is a phrase of its parts, as the index has it.
        term = Term(tuple(stem(w) for w in found), prefix=not quoted and not negated and len(found) == 1
                    and len(found[0]) >= PREFIX_FROM)
        if negated:
            exclude.append(term)
        elif either:
            groups[-1].append(term)
        else:
            groups.append([term])
        either = False
    if count > MAX_WORDS:
        raise Invalid(fields={"q": _("A search can have at most %(n)d words.", n=MAX_WORDS)})
    if exclude and not groups:
        raise Invalid(fields={"q": _("Add a word to find, not only words to leave out.")})
    return Query(tuple(tuple(g) for g in groups), tuple(exclude))


class Highlighter:
    """Marks the words of a text that the query found, in a window of that text.

    Regular expressions do the scanning: the words of a post are stemmed once each (cached), and only
    the few that the query found become a pattern, so a snippet costs a few microseconds, not one
    Python step per word.
    """

    def __init__(self, exact: set[str], prefixes: tuple[str, ...]):
        self.exact, self.prefixes = exact, prefixes
        self._yes: set[str] = set()
        self._no: set[str] = set()  # words already looked at: most words of the next post are among them

    def found(self, word: str) -> bool:
        s = stem(word[:64])
        return s in self.exact or (bool(self.prefixes) and s.startswith(self.prefixes))

    def snippet(self, text: str, marks: tuple[str, str], length: int = 220, scan: int = 8000) -> str:
        """About ``length`` characters of ``text`` where most found words are, each between ``marks``.

        Plain text in, plain text out (``forum.markup.plain_snippet`` escapes it); only the first
        ``scan`` characters are looked at, so a very long post costs no more than a long one.
        """
        head = text[:scan]
        present = set(WORD.findall(head.lower()))
        for word in present - self._yes - self._no:
            (self._yes if self.found(word) else self._no).add(word)
        found = frozenset(present & self._yes)
        if not found:
            return _cut(text, 0, length)
        pattern = _pattern(found)
        starts = [m.start() for m in pattern.finditer(head)]
        # The window that holds the most found words, earliest first.
        best, most, j = starts[0], 0, 0
        for i, at in enumerate(starts):
            while j < len(starts) and starts[j] < at + length - 20:
                j += 1
            if j - i > most:
                best, most = at, j - i
        window = _cut(text, max(0, best - 40), length)
        return pattern.sub(lambda m: marks[0] + m.group() + marks[1], window)


@lru_cache(maxsize=4096)
def _pattern(words: frozenset[str]) -> re.Pattern:
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![^\W_])(?:{alternatives})(?![^\W_])", re.IGNORECASE)


def _cut(text: str, start: int, length: int) -> str:
    """``length`` characters of ``text`` from ``start``, both ends moved to a space, with ellipses."""
    if start > 0:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 30 else start
    end = start + length
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start + length // 2 else end
    return ("… " if start > 0 else "") + text[start:end] + (" …" if end < len(text) else "")
