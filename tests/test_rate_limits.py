"""Rate limits on post edits, profile changes and search: 429 as JSON on the API, a page in the reader's language."""

from __future__ import annotations

import pytest

from tests.fixtures.api import Api
from tests.fixtures.web import AuthActions, csrf


@pytest.fixture
def limited(app, app_with):
    """An app with rate limits on, two of each kind allowed (made after ``app``: the limiter is one object)."""
    return app_with(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://", EDIT_LIMIT="2 per minute",
                    PROFILE_LIMIT="2 per minute", SEARCH_LIMIT="2 per minute")


def _browser(app, lang="en"):
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = lang
    return client


def _assert_json_429(response):
    assert response.status_code == 429
    error = response.get_json()["error"]
    assert error["code"] == "rate_limited" and "slow down" in error["message"]
    assert int(response.headers["Retry-After"]) > 0


def _assert_page_429(response):
    assert response.status_code == 429 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "Terlalu banyak permintaan" in page and 'lang="id"' in page
    assert int(response.headers["Retry-After"]) > 0


def test_post_edits_page_and_api_share_one_limit(limited, thread):
    api = Api(_browser(limited)).sign_in("rina")
    post_id = api.get(f"/threads/{thread.id}").get_json()["posts"]["items"][0]["id"]
    assert api.patch(f"/posts/{post_id}", {"body": "Satu."}).status_code == 200
    page = _browser(limited, "id")
    AuthActions(page).login()
    token = csrf(page, f"/p/{post_id}/edit")
    assert page.post(f"/p/{post_id}/edit", data={"body": "Dua.", "title": thread.title,
                                                  "csrf_token": token}).status_code == 302
    _assert_json_429(api.patch(f"/posts/{post_id}", {"body": "Tiga."}))
    _assert_page_429(page.post(f"/p/{post_id}/edit", data={"body": "Empat.", "title": thread.title,
                                                            "csrf_token": token}))
    assert page.get(f"/p/{post_id}/edit").status_code == 200  # opening the form is not an edit


def test_profile_changes_are_limited(limited, user):
    api = Api(_browser(limited)).sign_in("rina")
    for _ in range(2):
        assert api.patch("/me", {"display_name": "Rina M."}).status_code == 200
    _assert_json_429(api.patch("/me", {"display_name": "Rina M."}))
    page = _browser(limited, "id")
    AuthActions(page).login()
    token = csrf(page, "/settings")
    _assert_page_429(page.post("/settings", data={"display_name": "Rina", "region": "bukittinggi",
                                                  "timezone": "Asia/Jakarta", "locale": "", "csrf_token": token}))
    assert page.get("/settings").status_code == 200


def test_searches_are_limited(limited, thread):
    api = Api(_browser(limited))
    assert api.get("/search?q=slims").status_code == 200
    page = _browser(limited, "id")
    assert page.get("/search?q=slims").status_code == 200
    _assert_json_429(api.get("/search?q=slims"))
    _assert_page_429(page.get("/search?q=migrasi"))
    assert page.get(f"/t/{thread.id}").status_code == 200  # reading is not searching
