"""Email verification: a link by mail at registration; until it is followed, an account reads but does not write."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from forum.accounts import services
from forum.accounts.models import User
from forum.board import services as board
from forum.board.models import Post
from forum.errors import NotAllowed
from forum.extensions import db
from tests.accounts.helpers import link_in, mark_verified
from tests.fixtures.api import Api
from tests.fixtures.db import build_app
from tests.fixtures.domain import PASSWORD
from tests.fixtures.web import post_form
from tests.mail.helpers import MAIL_SETTINGS, text_part


@pytest.fixture
def app(db_url, smtp, tmp_path):
    """Mail to the test SMTP server, verification required (as in production)."""
    yield from build_app(db_url, MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port, MAIL_OUTBOX_DIR=str(tmp_path / "out"),
                         JEJARING_VERIFY_EMAIL=True, **MAIL_SETTINGS)


def first_post_id(app, thread_id: int, last: bool = False) -> int:
    with app.app_context():
        order = Post.number.desc() if last else Post.number
        return db.session.scalar(select(Post.id).where(Post.thread_id == thread_id).order_by(order).limit(1))


def register(client, **overrides):
    data = {"username": "dewi", "display_name": "Dewi Lestari", "email": "dewi@example.org",
            "password": PASSWORD, "region": "padang"}
    return post_form(client, "/register", {**data, **overrides})


def test_registration_mails_a_link_that_confirms_the_address(app, client, smtp):
    response = register(client)
    assert response.status_code == 302
    assert "We sent a link to dewi@example.org" in client.get(response.headers["Location"]).get_data(as_text=True)
    [mail] = smtp.inbox.to("dewi@example.org")
    assert mail["Subject"] == "Konfirmasi alamat email Anda untuk Jejaring"  # the site's language: no choice yet
    assert mail["List-Unsubscribe"] is None  # about the account itself: no setting turns it off
    assert mail.get_content_type() == "multipart/alternative"
    page = client.get("/").get_data(as_text=True)
    assert "Please confirm your email address" in page
    response = client.get(link_in(mail, "verify"))
    assert response.status_code == 302
    assert "dewi@example.org is confirmed" in client.get(response.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        assert services.user_by_username("dewi").email_verified
    assert "Please confirm your email address" not in client.get("/").get_data(as_text=True)
    again = client.get(link_in(mail, "verify"))
    assert again.status_code == 400 and "already used" in again.get_data(as_text=True)


def test_an_unverified_account_reads_but_every_write_answers_unverified(app, client, make_user, smtp):
    make_user("dewi")
    author = make_user("rina")
    mark_verified(app, "rina")
    with app.app_context():
        thread = board.create_thread(db.session.get(User, author.id), "teknologi-informasi", "Katalog",
                                     "Bagaimana katalog Anda?")
    api = Api(client).sign_in("dewi")
    assert api.get(f"/threads/{thread.id}").status_code == 200
    assert api.get("/me").get_json()["email_verified"] is False
    for response in (api.post(f"/threads/{thread.id}/posts", {"body": "Balasan"}),
                     api.post("/threads", {"category": "teknologi-informasi", "title": "Judul", "body": "Isi"}),
                     api.put(f"/posts/{first_post_id(app, thread.id)}/reactions/thanks"),
                     api.put("/me/skills", {"levels": {}})):
        assert response.status_code == 403, response.get_json()
        error = response.get_json()["error"]
        assert error["code"] == "unverified" and "confirm your email address" in error["message"]


def test_the_refusal_page_offers_a_new_link(app, client, auth, make_user, smtp):
    make_user("dewi")
    make_user("rina")
    mark_verified(app, "rina")
    with app.app_context():
        thread = board.create_thread(services.user_by_username("rina"), "teknologi-informasi", "Katalog", "Isi")
    auth.login("dewi")
    response = post_form(client, f"/t/{thread.id}/reply", {"body": "Balasan saya"})
    assert "Please confirm your email address first" in response.get_data(as_text=True)
    sent = post_form(client, "/settings/verification", {}, token_from="/settings")
    assert sent.status_code == 302
    assert "We sent a new link to dewi@example.org" in client.get("/settings").get_data(as_text=True)
    mail = smtp.inbox.to("dewi@example.org")[-1]  # the registration's link, or this newer one (the same link
    # when both came within one second: the same mail key, so it is not sent twice)
    client.get(link_in(mail, "verify"))
    assert post_form(client, f"/t/{thread.id}/reply", {"body": "Balasan saya"}).status_code == 302
    assert first_post_id(app, thread.id, last=True)


def test_the_rule_is_written_once_in_the_service_layer(app, make_user):
    dewi = make_user("dewi")
    with app.app_context(), pytest.raises(NotAllowed, match="Konfirmasikan dulu alamat email"):
        services.require_member(dewi)
    with app.app_context():
        assert services.require_reader(dewi).id == dewi.id
        assert services.may_write(dewi) is False


def test_a_new_link_by_api_and_an_already_confirmed_account(app, client, make_user, smtp):
    make_user("dewi")
    api = Api(client).sign_in("dewi")
    response = api.post("/me/verification")
    assert response.status_code == 202 and response.get_json() == {"sent_to": "dewi@example.org"}
    mail = smtp.inbox.to("dewi@example.org")[-1]
    assert "/verify/" in text_part(mail)
    client.get(link_in(mail, "verify"))
    again = api.post("/me/verification")
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "already_verified"


@pytest.mark.parametrize("token", ["", "garbage", "a" * 400, "eyJhbGciOiJIUzI1NiJ9.e30.bad"])
def test_a_bad_link_is_refused_clearly(client, token):
    response = client.get(f"/verify/{token}" if token else "/verify/x")
    assert response.status_code == 400
    assert "not valid, or was already used" in response.get_data(as_text=True)


def test_demo_users_and_command_line_accounts_are_verified(app, smtp):
    from forum.demo_content import USERS

    runner = app.test_cli_runner()
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    with app.app_context():
        assert all(services.user_by_username(u["username"]).email_verified for u in USERS)
    result = runner.invoke(args=["users", "create", "admin1", "--email", "a@example.org", "--password", PASSWORD,
                                 "--region", "padang", "--role", "admin"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert services.user_by_username("admin1").email_verified


def test_verification_is_off_by_default_in_development_and_tests(make_app, tmp_path):
    app = make_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.db'}"})
    assert app.config["JEJARING_VERIFY_EMAIL"] is False


def test_verification_is_on_by_default_in_production(monkeypatch):
    from forum.config import Config, ProductionConfig

    monkeypatch.delenv("JEJARING_VERIFY_EMAIL", raising=False)
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    assert ProductionConfig.from_env()["JEJARING_VERIFY_EMAIL"] is True
    assert Config.from_env()["JEJARING_VERIFY_EMAIL"] is False
    monkeypatch.setenv("JEJARING_VERIFY_EMAIL", "0")
    assert ProductionConfig.from_env()["JEJARING_VERIFY_EMAIL"] is False


def test_new_links_are_rate_limited(app_with, smtp, tmp_path, make_user):
    limited = app_with(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://", VERIFICATION_LIMIT="2 per hour", JEJARING_VERIFY_EMAIL=True,
                       MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port, MAIL_OUTBOX_DIR=str(tmp_path / "out"))
    with limited.app_context():
        services.register({"username": "dewi", "email": "dewi@example.org", "password": PASSWORD,
                           "region": "padang"})
    api = Api(limited.test_client()).sign_in("dewi")
    assert [api.post("/me/verification").status_code for _ in range(3)] == [202, 202, 429]
