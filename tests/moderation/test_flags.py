"""Flags: members report posts once, with a reason; three established members hide a post at once;
moderators dismiss, hide, remove or restore from the queue; the author is told of each."""

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


def _established(app, *names) -> None:
    with app.app_context(), write():
        for name in names:
            row = db.session.scalar(db.select(User).where(User.username == name))
            row.created_at = utcnow() - timedelta(days=30)
            row.post_count = 5


@pytest.fixture
def limits_on(app):
    """The new-account limits as in production (the testing config turns them off)."""
    app.config.update(TRUST_NEW_ACCOUNT_HOURS=24, TRUST_NEW_ACCOUNT_POSTS=3)


@pytest.mark.parametrize(("data", "field", "message"), [
    ({}, "reason", "Choose a reason"),
    ({"reason": "boring"}, "reason", "Choose a reason"),
    ({"reason": 3}, "reason", "Choose a reason"),
    ({"reason": "other"}, "note", "Say what is wrong"),
    ({"reason": "other", "note": "   "}, "note", "Say what is wrong"),
    ({"reason": "spam", "note": ["x"]}, "note", "must be text"),
    ({"reason": "rude", "note": "x" * 501}, "note", "At most 500"),
])
def test_bad_flags_are_refused_with_the_reason(client, user, post, data, field, message):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = Api(client).sign_in("rina").post(f"/posts/{post.id}/flags", data)
    assert response.status_code == 400
    assert message in response.get_json()["error"]["fields"][field]


def test_a_member_flags_a_post_once_and_never_their_own(client, user, post):
    rina, budi = Api(client).sign_in("rina"), Api(client).sign_in("budi")
    first = rina.post(f"/posts/{post.id}/flags", {"reason": "other", "note": "Nomor telepon pribadi"})
    assert first.status_code == 201 and first.get_json()["note"] == "Nomor telepon pribadi"
    assert rina.post(f"/posts/{post.id}/flags", {"reason": "spam"}).status_code == 409
    own = budi.post(f"/posts/{post.id}/flags", {"reason": "spam"})
    assert own.status_code == 403 and own.get_json()["error"]["code"] == "forbidden"
    assert rina.post("/posts/999999/flags", {"reason": "spam"}).status_code == 404


def test_the_queue_groups_flags_by_post_with_reasons(app, client, user, post, make_user, moderator):
    make_user("dewi")
    Api(client).sign_in("rina").post(f"/posts/{post.id}/flags", {"reason": "spam"})
    Api(client).sign_in("dewi").post(f"/posts/{post.id}/flags", {"reason": "other", "note": "Promosi toko"})
    queue = Api(client).sign_in("sari").get("/moderation/queue").get_json()
    assert queue["total"] == 1
    item = queue["items"][0]
    assert item["post_id"] == post.id and item["state"] == "visible"
    assert [(f["reason"], f["note"], f["by"]) for f in item["flags"]] == [
        ("spam", "", "rina"), ("other", "Promosi toko", "dewi")]


def test_three_established_members_hide_a_post_until_reviewed(app, client, post, make_user, moderator):
    for name in ("ani", "bayu", "citra", "dodi"):
        make_user(name)
    _established(app, "ani", "bayu", "citra")
    app.config.update(TRUST_NEW_ACCOUNT_HOURS=24, TRUST_NEW_ACCOUNT_POSTS=3)  # dodi is new
    guest = Api(client)
    for name in ("ani", "bayu", "dodi"):
        assert Api(client).sign_in(name).post(f"/posts/{post.id}/flags", {"reason": "rude"}).status_code == 201
    assert guest.get(f"/posts/{post.id}").get_json()["body"] != ""  # a new account's flag does not count
    Api(client).sign_in("citra").post(f"/posts/{post.id}/flags", {"reason": "rude"})
    hidden = guest.get(f"/posts/{post.id}").get_json()
    assert hidden["hidden"] is True and hidden["body"] == "" and hidden["html"] == ""

    sari = Api(client).sign_in("sari")
    log = sari.get("/moderation/log?action=auto_hide").get_json()["items"]
    assert [(e["post_id"], e["by"], e["user"]) for e in log] == [(post.id, None, "budi")]
    assert [(n["kind"], n["post_id"]) for n in items(Api(client).sign_in("budi"))] == [("moderation", post.id)]
    assert sari.get("/moderation/queue").get_json()["items"][0]["state"] == "hidden"

    # The flags were wrong: dismissing them shows the post again and empties the queue.
    assert sari.post(f"/posts/{post.id}/flags/dismiss", {}).get_json()["state"] == "visible"
    assert guest.get(f"/posts/{post.id}").get_json()["body"] != ""
    assert sari.get("/moderation/queue").get_json()["total"] == 0
    assert sari.post(f"/posts/{post.id}/flags/dismiss", {}).status_code == 409


@pytest.mark.parametrize("body", [{}, {"reason": ""}, {"reason": "   "}, {"reason": 5}])
def test_hiding_or_removing_needs_a_reason(client, post, moderator, body):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    sari = Api(client).sign_in("sari")
    for response in (sari.post(f"/posts/{post.id}/hide", body), sari.delete(f"/posts/{post.id}", json=body)):
        assert response.status_code == 400
        assert "Say why" in response.get_json()["error"]["fields"]["reason"]


def test_every_action_is_logged_and_told_to_the_author(app, client, post, moderator, make_user):
    make_user("admin1", role="admin")
    sari, admin = Api(client).sign_in("sari"), Api(client).sign_in("admin1")
    assert sari.post(f"/posts/{post.id}/hide", {"reason": "Nada kasar"}).status_code == 200
    assert sari.post(f"/posts/{post.id}/hide", {"reason": "Lagi"}).status_code == 409
    assert sari.post(f"/posts/{post.id}/restore", {}).status_code == 200
    assert sari.post(f"/posts/{post.id}/restore", {}).status_code == 409
    assert sari.delete(f"/posts/{post.id}", json={"reason": "Iklan"}).status_code == 200
    assert sari.post(f"/posts/{post.id}/restore", {}).status_code == 403  # removed: admins restore
    assert admin.post(f"/posts/{post.id}/restore", {"reason": "Salah hapus"}).status_code == 200
    log = sari.get("/moderation/log").get_json()["items"]
    assert [(e["action"], e["by"], e["reason"]) for e in log] == [
        ("restore", "admin1", "Salah hapus"), ("delete", "sari", "Iklan"), ("restore", "sari", ""),
        ("hide", "sari", "Nada kasar")]
    told = [(n["kind"], n["text"]) for n in items(Api(client).sign_in("budi"))]
    assert len(told) == 4 and {kind for kind, _text in told} == {"moderation"}


def test_report_form_under_each_post_and_the_queue_page(app, client, user, post, moderator):
    AuthActions(client).login("rina")
    page = client.get(f"/t/{post.thread_id}").get_data(as_text=True)
    assert f"/moderation/posts/{post.id}/report" in page
    assert f"/moderation/posts/{post.thread_id and page.count('/report')}" != ""  # one link per other's post
    assert page.count("/report\"") == 1  # Rina's own opening post has none
    form = client.get(f"/moderation/posts/{post.id}/report").get_data(as_text=True)
    assert 'name="reason"' in form and 'name="note"' in form
    # A refusal keeps what was typed.
    refused = post_form(client, f"/moderation/posts/{post.id}/report", {"reason": "other", "note": ""})
    assert refused.status_code == 400
    done = post_form(client, f"/moderation/posts/{post.id}/report", {"reason": "spam", "note": "Tautan iklan"},
                     follow_redirects=True)
    assert done.status_code == 200
    again = post_form(client, f"/moderation/posts/{post.id}/report", {"reason": "spam", "note": "Tautan iklan lagi"})
    assert again.status_code == 200 and "Tautan iklan lagi" in again.get_data(as_text=True)
    AuthActions(client).logout()

    AuthActions(client).login("sari")
    queue = client.get("/moderation/queue").get_data(as_text=True)
    assert "Tautan iklan" in queue and "Rina Marlina" in queue
    hidden = post_form(client, f"/moderation/posts/{post.id}/hide", {"reason": "Promosi", "back": "queue"},
                       token_from="/moderation/queue", follow_redirects=True)
    assert hidden.status_code == 200
    assert client.get("/moderation/queue").get_data(as_text=True).count('class="card review"') == 0
    review = client.get(f"/moderation/posts/{post.id}").get_data(as_text=True)
    assert "Promosi" in review


def test_members_cannot_see_the_queue_page(client, user):
    AuthActions(client).login("rina")
    assert client.get("/moderation/queue").status_code == 403


def test_the_author_reads_what_happened_to_their_post(client, post, moderator):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    Api(client).sign_in("sari").post(f"/posts/{post.id}/hide", {"reason": "Nada kasar"})
    budi = Api(client).sign_in("budi")
    told = items(budi)
    assert [n["text"] for n in told] == ["A moderator hid your post in “Migrasi SLiMS ke versi 9”"]
    shown = budi.get(f"/posts/{post.id}").get_json()
    assert shown["hidden_reason"] == "Nada kasar" and shown["body"].startswith("Cadangkan")
