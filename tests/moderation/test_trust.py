"""New-account limits: links, images and new threads a day; posts with links wait for approval; the limits
lift with time and posts, or at a moderator's word."""

from __future__ import annotations

from datetime import timedelta

import pytest

from forum.accounts.models import User
from forum.database import write
from forum.extensions import db
from forum.models_base import utcnow
from tests.fixtures.api import Api
from tests.fixtures.web import AuthActions, post_form
from tests.notifications.helpers import items

LINKS = "Lihat https://a.example.org, [ini](https://b.example.org) dan www.c.example.org"


@pytest.fixture(autouse=True)
def limits_on(app):
    """The new-account limits as in production (the testing config turns them off)."""
    app.config.update(TRUST_NEW_ACCOUNT_HOURS=24, TRUST_NEW_ACCOUNT_POSTS=3)


@pytest.fixture
def newcomer(make_user, client):
    """Nia registered a moment ago: an API client signed in as her (English messages)."""
    make_user("nia", display_name="Nia Ramadhani")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return Api(client).sign_in("nia")


def _age(app, name, *, days=30, posts=5):
    with app.app_context(), write():
        row = db.session.scalar(db.select(User).where(User.username == name))
        row.created_at = utcnow() - timedelta(days=days)
        row.post_count = posts


@pytest.mark.parametrize(("body", "says"), [
    (LINKS, "at most 2 links"),
    ("Sampul buku: ![sampul](https://a.example.org/s.png)", "cannot show images"),
    ("Sampul: ![sampul][s]\n\n[s]: https://a.example.org/s.png", "cannot show images"),
])
def test_new_accounts_are_refused_too_many_links_and_images(newcomer, thread, body, says):
    for response in (newcomer.post(f"/threads/{thread.id}/posts", {"body": body}),
                     newcomer.post("/threads", {"category": "teknologi-informasi", "title": "Judul baru",
                                                "body": body})):
        assert response.status_code == 403
        error = response.get_json()["error"]
        assert error["code"] == "new_account_limit"
        assert says in error["message"] and "lift" in error["message"] and "24 hours" in error["message"]


def test_new_accounts_start_three_threads_a_day(newcomer):
    for i in range(3):
        assert newcomer.post("/threads", {"category": "teknologi-informasi", "title": f"Pertanyaan {i}",
                                          "body": "Bagaimana caranya?"}).status_code == 201
    refused = newcomer.post("/threads", {"category": "teknologi-informasi", "title": "Pertanyaan 4",
                                         "body": "Bagaimana caranya?"})
    assert refused.status_code == 403 and "at most 3 threads a day" in refused.get_json()["error"]["message"]


def test_an_edit_cannot_add_what_a_new_account_may_not_post(newcomer):
    started = newcomer.post("/threads", {"category": "teknologi-informasi", "title": "Pertanyaan",
                                         "body": "Bagaimana caranya?"}).get_json()
    refused = newcomer.patch(f"/posts/{started['posts'][0]['id']}", {"body": LINKS})
    assert refused.status_code == 403 and refused.get_json()["error"]["code"] == "new_account_limit"


def test_a_new_accounts_post_with_a_link_waits_for_approval(app, client, newcomer, user, thread, moderator):
    made = newcomer.post(f"/threads/{thread.id}/posts", {"body": "Panduan: https://slims.web.id/docs"})
    assert made.status_code == 201 and made.get_json()["state"] == "pending"
    post_id = made.get_json()["id"]
    rina, guest, sari = Api(client).sign_in("rina"), Api(client), Api(client).sign_in("sari")
    for reader in (rina, guest):
        assert [p["id"] for p in reader.get(f"/threads/{thread.id}").get_json()["posts"]["items"]] == [
            thread.last_post_id]
        assert reader.get(f"/posts/{post_id}").status_code == 404
    browser = app.test_client()
    AuthActions(browser).login("rina")
    assert "slims.web.id" not in browser.get(f"/t/{thread.id}").get_data(as_text=True)
    assert items(rina) == []  # nobody is told of it yet
    assert Api(client).sign_in("nia").get(f"/posts/{post_id}").get_json()["body"].startswith("Panduan")
    queued = sari.get("/moderation/queue").get_json()["items"]
    assert [(q["post_id"], q["state"], q["flags"]) for q in queued] == [(post_id, "pending", [])]

    assert sari.post(f"/posts/{post_id}/approve", {}).get_json()["state"] == "visible"
    assert guest.get(f"/posts/{post_id}").status_code == 200
    assert [n["kind"] for n in items(rina)] == ["reply"]
    assert [n["kind"] for n in items(Api(client).sign_in("nia"))] == ["moderation"]
    assert sari.get("/moderation/queue").get_json()["total"] == 0
    assert sari.post(f"/posts/{post_id}/approve", {}).status_code == 409
    assert [e["action"] for e in sari.get("/moderation/log").get_json()["items"]] == ["approve"]


def test_the_limits_lift_with_age_and_posts(app, newcomer, thread):
    _age(app, "nia", days=30, posts=2)  # old enough, too few posts
    assert newcomer.post(f"/threads/{thread.id}/posts", {"body": LINKS}).status_code == 403
    _age(app, "nia", days=0, posts=3)  # enough posts, too young
    assert newcomer.post(f"/threads/{thread.id}/posts", {"body": LINKS}).status_code == 403
    _age(app, "nia", days=2, posts=3)
    made = newcomer.post(f"/threads/{thread.id}/posts", {"body": LINKS})
    assert made.status_code == 201 and "state" not in made.get_json()


def test_a_moderator_lifts_the_limits(client, newcomer, thread, moderator, user):
    rina = Api(client).sign_in("rina")
    assert rina.post("/users/nia/trust", {"established": True}).status_code == 403
    sari = Api(client).sign_in("sari")
    assert sari.post("/users/nia/trust", {"established": "yes"}).status_code == 400
    lifted = sari.post("/users/nia/trust", {"established": True}).get_json()
    assert lifted["established"] is True and lifted["new_account"] is False
    assert newcomer.post(f"/threads/{thread.id}/posts", {"body": LINKS}).status_code == 201
    log = sari.get("/moderation/log?action=trust").get_json()["items"]
    assert [(e["user"], e["by"]) for e in log] == [("nia", "sari")]
    assert sari.post("/users/nobody/trust", {"established": True}).status_code == 404


def test_the_new_thread_page_says_what_lifts_the_limits_and_keeps_the_text(app, client, make_user):
    make_user("nia")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    AuthActions(client).login("nia")
    page = post_form(client, "/c/teknologi-informasi/new",
                     {"title": "Tautan berguna", "body": LINKS, "tags": ""})
    text = page.get_data(as_text=True)
    assert "at most 2 links" in text and "lift" in text
    assert "b.example.org" in text and "Tautan berguna" in text  # nothing typed is lost


def test_a_new_accounts_thread_with_a_link_is_listed_once_approved(app, client, newcomer, moderator):
    started = newcomer.post("/threads", {"category": "teknologi-informasi", "title": "Promo jasa katalog murah",
                                         "body": "Kunjungi https://promo.example.org"})
    assert started.status_code == 201
    thread_id = started.get_json()["id"]
    guest = Api(client)

    def listed() -> bool:
        in_category = guest.get("/categories/teknologi-informasi/threads").get_json()
        across = guest.get("/threads").get_json()
        counted = {c["slug"]: c["thread_count"] for c in guest.get("/categories").get_json()}
        assert (in_category["total"], across["total"], counted["teknologi-informasi"]) in ((0, 0, 0), (1, 1, 1))
        return thread_id in [t["id"] for t in in_category["items"]]

    assert not listed()
    assert "Promo jasa" not in client.get("/feeds/latest.atom").get_data(as_text=True)
    sari = Api(client).sign_in("sari")
    post_id = sari.get("/moderation/queue").get_json()["items"][0]["post_id"]
    sari.post(f"/posts/{post_id}/approve", {})
    assert listed()


@pytest.mark.parametrize(("name", "raw", "message"), [
    ("TRUST_NEW_ACCOUNT_HOURS", "-1", "TRUST_NEW_ACCOUNT_HOURS must be at least 0, got '-1'"),
    ("TRUST_MAX_LINKS", "dua", "TRUST_MAX_LINKS must be a whole number, got 'dua'"),
    ("FLAGS_TO_HIDE", "0", "FLAGS_TO_HIDE must be at least 1, got '0'"),
])
def test_bad_trust_settings_are_errors_naming_them(monkeypatch, name, raw, message):
    from forum.config import load

    monkeypatch.setenv(name, raw)
    with pytest.raises(RuntimeError, match=message):
        load({"TESTING": True})


def test_the_limits_are_on_by_default_and_off_under_testing(monkeypatch):
    from forum.config import Config, load

    assert (Config.TRUST_NEW_ACCOUNT_HOURS, Config.TRUST_NEW_ACCOUNT_POSTS, Config.TRUST_MAX_LINKS,
            Config.TRUST_NEW_THREADS_PER_DAY) == (24, 3, 2, 3)
    testing = load({"TESTING": True})
    assert (testing["TRUST_NEW_ACCOUNT_HOURS"], testing["TRUST_NEW_ACCOUNT_POSTS"]) == (0, 0)
