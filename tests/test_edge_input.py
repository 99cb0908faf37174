"""Input that used to reach the database or int() and answer 500 now answers 400 or 404 with a clear message.

NUL characters (PostgreSQL), lone surrogates, ids of 2^31 and more (PostgreSQL) or 2^63
(SQLite), JSON nested too deeply, numbers of 5,000 digits, digits such as "²" and "⑤":
on the pages and the API alike. Found by schemathesis (.ci/schemathesis) and issue 8.
"""

from __future__ import annotations

import re

import pytest

from forum.board import services as board
from forum.errors import Invalid, NotFound
from forum.inputs import parse_json, record_id, whole
from forum.live import services as live
from forum.mentoring import rounds
from forum.mentoring import services as mentoring
from tests.fixtures.api import Api
from tests.fixtures.web import post_form

HUGE_IDS = [2**31, 2**63, 10**30]
NUL = "Text cannot contain the NUL character"
SURROGATE = "Text cannot contain a lone surrogate"


def english(app):
    """A request context in English, for calling services directly and reading their messages."""
    return app.test_request_context(headers={"Accept-Language": "en"})


def int_routes(app, prefix: str):
    """(method, rule) of every route with an ``<int:...>`` part under ``prefix``."""
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith(prefix) and "<int:" in rule.rule:
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield method, rule.rule


def filled(rule: str, number: int) -> str:
    """A path of ``rule`` with ``number`` for every id, the first choice of ``any`` and ``x`` elsewhere."""
    path = re.sub(r"<int:[^>]+>", str(number), rule)
    path = re.sub(r"<any\(([^,)]+)[^>]*>", r"\1", path)
    return re.sub(r"<[^>]+>", "x", path)


@pytest.mark.parametrize("number", HUGE_IDS)
def test_huge_ids_in_every_api_route_are_404(app, client, moderator, number):
    api = Api(client).sign_in("sari")
    routes = list(int_routes(app, "/api/v1/"))
    assert len(routes) >= 15
    for method, rule in routes:
        path = filled(rule, number)[len("/api/v1"):]
        response = getattr(api, method.lower())(path, **({"json": {}} if method != "GET" else {}))
        assert response.status_code == 404, (method, path, response.get_json())
        assert response.get_json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("number", HUGE_IDS)
def test_huge_ids_in_every_page_are_404(app, client, auth, moderator, number):
    auth.login("sari")
    routes = [rule for method, rule in int_routes(app, "/") if not rule.startswith("/api/") and method == "GET"]
    assert len(routes) >= 6
    for rule in routes:
        assert client.get(filled(rule, number)).status_code == 404, rule


@pytest.mark.parametrize(
    ("lookup", "message"),
    [
        (lambda big: board.get_thread(None, big), "No such thread"),
        (lambda big: board.get_post(None, big), "No such post"),
        (lambda big: live.get_session(big), "No such live session"),
    ],
)
@pytest.mark.parametrize("number", [2**31, 2**63, str(2**63), "9" * 5000, "²", -1, True])
def test_services_refuse_ids_no_row_can_have(app, lookup, message, number):
    with english(app), pytest.raises(NotFound, match=message):
        lookup(number)


@pytest.mark.parametrize("number", [2**31, 2**63, "⑤"])
def test_mentoring_lookups_refuse_huge_ids(app, moderator, number):
    with english(app):
        with pytest.raises(NotFound, match="No such mentorship"):
            mentoring.get_mentorship(moderator, number)
        with pytest.raises(NotFound, match="No such round"):
            rounds.get_round(moderator, number)


@pytest.mark.parametrize("value", [2**31, 2**63, "²", "⑤", "9" * 5000, 1.5, None, "1e3"])
def test_live_socket_ids_are_checked_before_the_database(app, value):
    with english(app), pytest.raises(Invalid, match="session_id must be a number"):
        live._int(value)


@pytest.mark.parametrize(
    ("value", "low", "high", "expected"),
    [("3", 0, 4, 3), (4, 0, 4, 4), ("²", 0, 4, None), ("⑤", 1, 5, None), ("٣", 0, 4, None), ("9" * 5000, 1, 10, None),
     (float("inf"), 15, 480, None), (True, 0, 4, None), ("-1", 0, 4, None), ("", 0, 4, None), (2**63, 1, 10, None)],
)
def test_whole_takes_ascii_digits_only(value, low, high, expected):
    assert whole(value, low, high) == expected


def test_record_id_bounds():
    assert record_id(2**31 - 1) == 2**31 - 1
    assert record_id(2**31) is None and record_id(0) is None


# -- text no database can store ---------------------------------------------------------

@pytest.mark.parametrize(
    ("path", "data", "field"),
    [
        ("/users", {"username": "ri\x00na", "email": "r@example.org", "password": "p" * 12, "region": "padang"},
         "username"),
        ("/users", {"username": "rina2", "email": "r@example.org", "password": "p" * 12, "region": "padang",
                    "display_name": "Ri\x00na"}, "display_name"),
        ("/threads", {"category": "mentoring", "title": "Judul\x00baik", "body": "isi"}, "title"),
        ("/threads", {"category": "mentoring", "title": "Judul baik", "body": "isi\x00"}, "body"),
        ("/threads", {"category": "ment\x00oring", "title": "Judul baik", "body": "isi"}, "category"),
        ("/threads", {"category": "mentoring", "title": "Judul baik", "body": "isi", "tags": ["a\x00b"]}, "tags.0"),
    ],
)
def test_api_refuses_nul_characters(client, user, path, data, field):
    response = Api(client).sign_in("rina").post(path, data)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert NUL in error["message"] and NUL in error["fields"][field]


@pytest.mark.parametrize(
    "path",
    ["/api/v1/categories/ment%00oring/threads", "/api/v1/users/ri%00na", "/api/v1/search?q=a%00b",
     "/api/v1/moderation/log?user=a%00", "/c/ment%00oring", "/u/ri%00na", "/search?q=a%00b"],
)
def test_nul_in_paths_and_queries_is_400(client, auth, user, path):
    response = client.get(path)
    assert response.status_code == 400
    assert NUL in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("path", "form"),
    [
        ("/register", {"username": "ri\x00na", "display_name": "Rina", "email": "r2@example.org",
                       "password": "p" * 12, "region": "padang", "institution": ""}),
        ("/c/mentoring/new", {"title": "Judul baik", "body": "isi\x00", "tags": ""}),
        ("/settings", {"display_name": "Ri\x00na", "region": "bukittinggi", "institution": "", "bio": "",
                       "locale": "", "timezone": "Asia/Jakarta"}),
    ],
)
def test_pages_refuse_nul_characters(client, auth, user, path, form):
    if path != "/register":
        auth.login()
    response = post_form(client, path, form)
    assert response.status_code == 400
    assert NUL in response.get_data(as_text=True)


def test_page_reply_with_nul_is_400(client, auth, thread):
    auth.login()
    response = post_form(client, f"/t/{thread.id}/reply", {"body": "halo\x00"}, token_from=f"/t/{thread.id}")
    assert response.status_code == 400
    assert NUL in response.get_data(as_text=True)


@pytest.mark.parametrize("raw", ['{"body": "halo \\ud800"}', '{"body": "\\udfff"}', '{"\\ud83d": "x", "body": "ok"}'])
def test_lone_surrogates_are_400(client, thread, raw):
    api = Api(client).sign_in("rina")
    response = client.post(f"/api/v1/threads/{thread.id}/posts", data=raw, content_type="application/json",
                           headers={"Authorization": f"Bearer {api.token}"})
    assert response.status_code == 400
    assert SURROGATE in response.get_json()["error"]["message"]


# -- JSON that Python's parser chokes on ------------------------------------------------

@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('{"a":' * 30 + "1" + "}" * 30, "nested too deeply"),
        ('{"levels": {"cataloguing": ' + "9" * 5000 + "}}", "too many digits"),
        ('{"duration_minutes": 1e400}', "Numbers must be finite"),
        ('{"duration_minutes": Infinity}', "Numbers must be finite"),
        ('{"duration_minutes": NaN}', "Numbers must be finite"),
        ('{"body": "x"', "not valid JSON"),
    ],
)
def test_json_bodies_python_cannot_take_are_400(client, user, raw, message):
    api = Api(client).sign_in("rina")
    for path in ("/api/v1/me/skills", "/api/v1/live-sessions"):
        method = client.put if path.endswith("skills") else client.post
        response = method(path, data=raw, content_type="application/json",
                          headers={"Authorization": f"Bearer {api.token}"})
        assert response.status_code == 400
        assert message in response.get_json()["error"]["message"]


@pytest.mark.parametrize(("raw", "message"), [("[" * 50 + "]" * 50, "nested too deeply"), ("-Infinity", "finite")])
def test_parse_json_refuses(raw, message):
    with pytest.raises(Invalid, match=message):
        parse_json(raw)


def test_five_thousand_digit_page_numbers(client, thread):
    response = client.get(f"/api/v1/threads/{thread.id}?page={'9' * 5000}")
    assert response.status_code == 400
    assert "whole number" in response.get_json()["error"]["message"]
