"""Any query answers a Page or Invalid, never another exception (hypothesis), on SQLite FTS5 and PostgreSQL.

Queries mix arbitrary text with our own syntax ("phrase", -exclude, OR, AND)
and that of FTS5 and tsquery (quotes, stars, NEAR, colons, parentheses ...),
NUL characters and lone surrogates. What the parser writes for either index
is only quoted words joined by the operators it chose itself.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forum.board import search
from forum.board.search_query import parse
from forum.errors import Invalid
from forum.paging import Page

SYNTAX = ['"', "'", "*", ":*", "^", "-", "+", "(", ")", "NEAR", "NEAR(", "AND", "OR", "ATAU", "NOT", "&", "|", "!",
          "<->", ":", "title:", "{", "}", "\\", "\x00", "\ud800", "\udfff", "é", "ٌ", "²", "⑤", "migrasi", "SLiMS",
          "perpustakaan", "-koha", '"literasi informasi"', "a", "x" * 70, " ", " OR ", " -", ' "']
queries = st.lists(st.one_of(st.sampled_from(SYNTAX), st.text(max_size=10)), max_size=25).map("".join)
others = st.one_of(st.none(), st.integers(), st.lists(st.text(max_size=3), max_size=3),
                   st.dictionaries(st.text(max_size=3), st.text(max_size=3), max_size=2))
filter_text = st.one_of(st.none(), st.text(max_size=12), st.sampled_from(["2025-01-15", "true", "slims", "padang"]))

ENGLISH = {"Accept-Language": "en"}
# What the writers may put out: quoted strings (their quotes doubled or escaped inside) and their own operators.
FTS5_TOKEN = re.compile(r'\s*(?:"(?:[^"]|"")*"\*?|\(|\)|AND|OR|NOT)')
TSQUERY_TOKEN = re.compile(r"\s*(?:'(?:[^'\\]|''|\\.)*'(?::\*)?|\(|\)|&|\||!|<->)")


def answer(raw, filters=None, page=1):
    """The service's answer: a Page or the Invalid it raised; anything else fails the test."""
    try:
        result = search.search(None, raw, filters, page)
    except Invalid as exc:
        return exc
    assert isinstance(result, Page)
    assert all(isinstance(hit.to_dict()["snippet"], str) for hit in result.items)
    return result


def only(tokens: re.Pattern, written: str) -> bool:
    at = 0
    while at < len(written):
        match = tokens.match(written, at)
        if not match or match.end() == at:
            return False
        at = match.end()
    return True


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=queries)
def test_any_text_query_answers_a_page_or_invalid(app, post, raw):
    with app.test_request_context(headers=ENGLISH):
        answer(raw)


@settings(max_examples=200, deadline=None)
@given(raw=queries)
def test_what_reaches_the_index_is_quoted_words_and_our_operators(raw):
    try:
        query = parse(raw)
    except Invalid:
        return
    for q in (query, query.widened()):
        if q:
            assert only(FTS5_TOKEN, q.fts5()), q.fts5()
            assert only(TSQUERY_TOKEN, q.tsquery()), q.tsquery()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=queries, tag=filter_text, author=filter_text, region=filter_text, after=filter_text,
       before=filter_text, solved=filter_text)
def test_any_filters_answer_a_page_or_invalid(app, post, raw, tag, author, region, after, before, solved):
    with app.test_request_context(headers=ENGLISH):
        answer(raw, search.Filters(tag=tag, author=author, region=region, after=after, before=before, solved=solved))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=others)
def test_queries_that_are_not_text_are_invalid_or_empty(app, raw):
    with app.test_request_context(headers=ENGLISH):
        result = answer(raw)
        assert isinstance(result, Invalid) or (raw is None and result.total == 0)


def test_a_real_word_is_found(app, post):
    with app.test_request_context(headers=ENGLISH):
        assert answer("cadangkan database").total == 1
        assert answer('"cadangkan database" OR kopi -upgrade').total == 0
        assert "at most 200 characters" in str(answer("x" * 201).fields["q"])
