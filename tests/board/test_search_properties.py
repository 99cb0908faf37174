"""Any query answers a Page or Invalid, never another exception (hypothesis), on SQLite FTS5 and PostgreSQL.

Queries mix arbitrary text with the syntax of FTS5 and tsquery (quotes, stars,
NEAR, colons, parentheses ...), NUL characters and lone surrogates.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forum.board import search
from forum.errors import Invalid
from forum.paging import Page

SYNTAX = ['"', "'", "*", ":*", "^", "-", "+", "(", ")", "NEAR", "NEAR(", "AND", "OR", "NOT", "&", "|", "!", "<->",
          ":", "title:", "{", "}", "\\", "\x00", "\ud800", "\udfff", "é", "ٌ", "²", "⑤", "migrasi", "SLiMS", " "]
queries = st.lists(st.one_of(st.sampled_from(SYNTAX), st.text(max_size=10)), max_size=25).map("".join)
others = st.one_of(st.none(), st.integers(), st.lists(st.text(max_size=3), max_size=3),
                   st.dictionaries(st.text(max_size=3), st.text(max_size=3), max_size=2))

ENGLISH = {"Accept-Language": "en"}


def answer(raw, category=None, page=1):
    """The service's answer: a Page or the Invalid it raised; anything else fails the test."""
    try:
        result = search.search(None, raw, category, page)
    except Invalid as exc:
        return exc
    assert isinstance(result, Page)
    assert all(isinstance(hit.to_dict()["snippet"], str) for hit in result.items)
    return result


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=queries)
def test_any_text_query_answers_a_page_or_invalid(app, post, raw):
    with app.test_request_context(headers=ENGLISH):
        answer(raw)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=others)
def test_queries_that_are_not_text_are_invalid_or_empty(app, raw):
    with app.test_request_context(headers=ENGLISH):
        result = answer(raw)
        assert isinstance(result, Invalid) or (raw is None and result.total == 0)


def test_a_real_word_is_found(app, post):
    with app.test_request_context(headers=ENGLISH):
        assert answer("cadangkan database").total == 1
        assert "At most 200 characters" in str(answer("x" * 201).fields["q"])
