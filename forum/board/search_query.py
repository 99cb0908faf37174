"""What a search means: the query parsed into a small tree, and that tree written for FTS5 and tsquery.

The syntax, for people: words (all must be found; ``AND`` between them may
be written and changes nothing), ``"an exact phrase"``, ``-word`` or
``-"a phrase"`` to leave out, and ``OR`` (or ``ATAU``) between two of them
for either. Every word is stemmed as the index is (``forum.board.stemming``);
words of three letters or more also find longer words they begin (``kata``
finds ``katalog``), shorter ones only themselves, so ``a`` is not a prefix of
nearly everything.

Nothing a user types reaches a query language as syntax: the parser keeps
only words (letters and digits), and the writers below quote each one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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
    """One word (``prefix``: it also finds longer words it begins) or a phrase of several, as stems."""

    stems: tuple[str, ...]
    prefix: bool = False


@dataclass(frozen=True)
class Query:
    """Every group must be found (a group: any one of its terms) and none of ``exclude``."""

    groups: tuple[tuple[Term, ...], ...]
    exclude: tuple[Term, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.groups)

    def fts5(self) -> str:
        """The query as an FTS5 MATCH expression."""
        found = " AND ".join(_group(g, _fts5_term, " OR ") for g in self.groups)
        return "".join([f"({found})"] + [f" NOT {_fts5_term(t)}" for t in self.exclude])

    def tsquery(self) -> str:
        """The query as PostgreSQL ``tsquery`` input (cast, not parsed: no text search parser in the way)."""
        parts = [_group(g, _ts_term, " | ") for g in self.groups] + [f"!{_ts_term(t)}" for t in self.exclude]
        return " & ".join(parts)

    def highlighter(self) -> Highlighter:
        terms = [t for g in self.groups for t in g]
        return Highlighter({s for t in terms for s in t.stems if not t.prefix},
                           tuple({s for t in terms if t.prefix for s in t.stems}))


def _group(terms: tuple[Term, ...], write, sep: str) -> str:
    return write(terms[0]) if len(terms) == 1 else "(" + sep.join(write(t) for t in terms) + ")"


def _fts5_term(term: Term) -> str:
    quoted = '"' + " ".join(term.stems).replace('"', '""') + '"'
    return quoted + "*" if term.prefix else quoted


def _ts_term(term: Term) -> str:
    lexemes = ["'" + s.replace("\\", "\\\\").replace("'", "''") + "'" for s in term.stems]
    if len(lexemes) > 1:
        return "(" + " <-> ".join(lexemes) + ")"
    return lexemes[0] + (":*" if term.prefix else "")


def parse(raw) -> Query:
    """Parse what a person typed; ``Invalid`` (a message for the form's ``q`` field) when it is too much.

    Examples
    --------
    >>> parse('perpustakaan "literasi informasi" -koha').fts5()
    '("pustaka"* AND "literasi informasi") NOT "koha"'
    >>> parse("slims OR koha AND a").tsquery()
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
    """Marks the words of a text that the query found, in a window of that text."""

    def __init__(self, exact: set[str], prefixes: tuple[str, ...]):
        self.exact, self.prefixes = exact, prefixes

    def found(self, word: str) -> bool:
        s = stem(word[:64].lower())
        return s in self.exact or (bool(self.prefixes) and s.startswith(self.prefixes))

    def snippet(self, text: str, marks: tuple[str, str], size: int = 30, scan: int = 6000) -> str:
        """About ``size`` words of ``text`` where most found words are, each between ``marks``.

        Plain text in, plain text out (``forum.markup.plain_snippet`` escapes it); only the first
        ``scan`` characters are looked at, so a very long post costs no more than a long one.
        """
        tokens = list(WORD.finditer(text, 0, scan))
        if not tokens:
            return text[:240]
        hits = [self.found(t.group()) for t in tokens]
        best, best_count, count = 0, 0, 0
        for i, hit in enumerate(hits):  # the first window of ``size`` words with the most hits
            count += hit
            if i >= size:
                count -= hits[i - size]
            if count > best_count:
                best, best_count = max(0, i - size + 1), count
        first = max(0, best - 3)  # a little context before the first hit
        chosen = tokens[first:first + size]
        start, end = chosen[0].start(), chosen[-1].end()
        out = ["… " if start > 0 else ""]
        at = start
        for token, hit in zip(chosen, hits[first:first + size], strict=True):
            if hit:
                out += [text[at:token.start()], marks[0], token.group(), marks[1]]
                at = token.end()
        out.append(text[at:end])
        if end < len(text):
            out.append(" …")
        return "".join(out)
