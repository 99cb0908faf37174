"""Reply by email: a member's reply becomes a post; every refusal is one short mail back and no post."""

from __future__ import annotations

import json
import time
from email.message import EmailMessage
from email.utils import make_msgid

import pytest
from sqlalchemy import func, select, update

from forum.accounts import services as accounts
from forum.board.models import Post, Thread
from forum.database import write
from forum.extensions import db
from forum.mail import reply_address
from forum.mail.tokens import reply_token
from forum.models_base import utcnow
from forum.notifications import incoming
from forum.notifications.incoming import IncomingEmail
from tests.fixtures.api import Api
from tests.fixtures.web import csrf
from tests.mail.helpers import MAIL_SETTINGS, text_part

REPLY = "Saya sudah coba: cadangkan dulu, lalu jalankan skrip upgrade. Berhasil!"
GMAIL_EN = (REPLY + "\n\n-- \nRina Marlina\nPerpustakaan Kota Bukittinggi\n\n"
            "On Thu, Dec 3, 2026 at 10:05 AM Jejaring <reply+x@jejaring.example.org>\nwrote:\n\n"
            "> Budi replied in Migrasi SLiMS ke versi 9:\n> Cadangkan database dulu.\n")
GMAIL_ID = (REPLY + "\n\nDikirim dari iPhone saya\n\n"
            "Pada Kam, 3 Des 2026 pukul 10.05 Jejaring <reply+x@jejaring.example.org> menulis:\n\n"
            "> Budi membalas di Migrasi SLiMS ke versi 9:\n> Cadangkan database dulu.\n")
OUTLOOK_ID = (REPLY + "\n\nSalam,\nRina\n\n________________________________\n"
              "Dari: Jejaring <reply+x@jejaring.example.org>\nDikirim: Kamis, 3 Desember 2026 10.05\n"
              "Kepada: Rina Marlina <rina@example.org>\nSubjek: Balasan baru di Migrasi SLiMS ke versi 9\n\n"
              "Budi membalas: Cadangkan database dulu.\n")


@pytest.fixture
def app(smtp_app):
    """Reply by email on (reply+TOKEN@jejaring.example.org); mail goes to ``smtp`` (tests.fixtures.mail)."""
    return smtp_app


def address(app, user, thread, *, age_days: float = 0) -> str:
    with app.app_context():
        if not age_days:
            return reply_address(user.id, thread.id)
        token = reply_token(user.id, thread.id, now=time.time() - age_days * 86400)
        return app.config["REPLY_BY_EMAIL_ADDRESS"].replace("%{token}", token)


def mail(to: str, body: str | None = GMAIL_EN, *, sender: str = "Rina Marlina <rina@example.org>",
         html: str | None = None, subject: str = "Re: Balasan baru di Migrasi SLiMS ke versi 9",
         message_id: str | None = None, **headers) -> bytes:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, to, subject
    message["Message-ID"] = message_id or make_msgid(domain="mail.example.org")
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    if body is not None:
        message.set_content(body)
        if html is not None:
            message.add_alternative(html, subtype="html")
    else:
        message.set_content(html, subtype="html")
    return bytes(message)


def receive(app, raw: bytes):
    with app.app_context():
        return incoming.receive(raw)


def posts_in(app, thread) -> list[Post]:
    with app.app_context():
        return list(db.session.scalars(select(Post).where(Post.thread_id == thread.id).order_by(Post.number)))


@pytest.mark.parametrize("body", [GMAIL_EN, GMAIL_ID, OUTLOOK_ID], ids=["gmail-en", "gmail-id", "outlook-id"])
def test_a_reply_becomes_a_post_by_that_member_without_quote_or_signature(app, smtp, user, thread, body):
    outcome = receive(app, mail(address(app, user, thread), body))
    assert outcome.accepted and outcome.reason is None
    posts = posts_in(app, thread)
    assert posts[-1].id == outcome.post_id and posts[-1].author_id == user.id
    assert posts[-1].body == REPLY  # quote header, quoted lines, signature and "sent from" all cut
    assert smtp.inbox.messages == []  # no bounce
    with app.app_context():
        row = db.session.scalar(select(IncomingEmail))
        assert (row.result, row.user_id, row.thread_id, row.post_id) == ("posted", user.id, thread.id, posts[-1].id)


def test_answering_a_real_notification_mail_posts_the_answer(app, smtp, user, other_user, thread):
    from forum.board import services as board
    from forum.notifications.emails import send_notification_mails

    with app.app_context():
        board.reply(other_user, thread.id, "Cadangkan database dulu.")
        send_notification_mails(utcnow())
    [notice] = smtp.inbox.to("rina@example.org")
    quoted = "\n".join("> " + line for line in text_part(notice).splitlines())
    body = f"{REPLY}\n\nPada Kam, 3 Des 2026 pukul 10.05 Jejaring <{notice['Reply-To']}> menulis:\n\n{quoted}\n"
    raw = mail(notice["Reply-To"], body, subject="Re: " + notice["Subject"], In_Reply_To=notice["Message-ID"])
    outcome = receive(app, raw)
    assert outcome.accepted
    last = posts_in(app, thread)[-1]
    assert (last.id, last.author_id, last.body) == (outcome.post_id, user.id, REPLY)
    assert len(smtp.inbox.to("rina@example.org")) == 1  # no answer mail back


def test_token_found_in_delivered_to_when_to_is_a_list(app, smtp, user, thread):
    raw = mail("Milis Pustakawan <milis@example.org>", Delivered_To=address(app, user, thread))
    assert receive(app, raw).accepted


def _lock(app, thread):
    with app.app_context():
        db.session.execute(update(Thread).where(Thread.id == thread.id).values(locked=True))
        db.session.commit()


def _suspend(app, user):
    with app.app_context(), write():
        accounts.set_suspended(db.session.get(type(user), user.id), True)


def _forged(app, user, thread):
    good = address(app, user, thread)
    token = good.split("+", 1)[1].split("@")[0]
    return good.replace(token, token[:-4] + ("aaaa" if not token.endswith("aaaa") else "bbbb"))


REFUSALS = {
    # reason: (what to do first, how to make the message) -> the message
    "unknown_sender": lambda app, u, t: mail(address(app, u, t), sender="Orang Lain <stranger@example.net>"),
    "bad_token": lambda app, u, t: mail(_forged(app, u, t)),
    "expired_token": lambda app, u, t: mail(address(app, u, t, age_days=31)),
    "locked": lambda app, u, t: (_lock(app, t), mail(address(app, u, t)))[1],
    "suspended": lambda app, u, t: (_suspend(app, u), mail(address(app, u, t)))[1],
    "too_large": lambda app, u, t: mail(address(app, u, t), "panjang sekali " * 2000),
    "html_only": lambda app, u, t: mail(address(app, u, t), None, html="<p>Saya setuju.</p>"),
    "empty": lambda app, u, t: mail(address(app, u, t), "On Thu, Dec 3, 2026 Jejaring wrote:\n> Ada ide?\n"),
}
# A stranger's answer is in the site's language (Bahasa Indonesia); Rina's in hers (English).
EXPLAINED = {"unknown_sender": "tidak datang dari alamat anggota", "bad_token": "not a valid Jejaring reply address",
             "expired_token": "has expired", "locked": "thread is locked", "suspended": "account is suspended",
             "too_large": "too large", "html_only": "no plain-text part", "empty": "only the quoted mail"}


@pytest.mark.parametrize("reason", sorted(REFUSALS))
def test_each_refusal_is_one_mail_back_and_no_post(app, smtp, user, thread, reason):
    with app.app_context():
        accounts.update_profile(user, user, {"region": "bukittinggi", "locale": "en"})
    raw = REFUSALS[reason](app, user, thread)
    before = len(posts_in(app, thread))
    outcome = receive(app, raw)
    assert (outcome.accepted, outcome.reason, outcome.bounced) == (False, reason, True)
    assert len(posts_in(app, thread)) == before
    sender = "stranger@example.net" if reason == "unknown_sender" else "rina@example.org"
    [answer] = smtp.inbox.messages
    assert answer["To"] == sender and answer["Auto-Submitted"] == "auto-replied"
    subject = "Tidak diterbitkan" if reason == "unknown_sender" else "Not posted"
    assert answer["Subject"] == f"{subject}: Re: Balasan baru di Migrasi SLiMS ke versi 9"  # the sender's own subject
    assert EXPLAINED[reason] in text_part(answer)
    assert "Migrasi SLiMS" not in text_part(answer).split("Re: Balasan")[0]  # names no thread of its own
    with app.app_context():
        assert db.session.scalar(select(IncomingEmail.result)) == reason


def test_a_whole_message_over_the_size_limit_is_refused_from_its_headers(app_with, smtp, tmp_path, user, thread):
    small = app_with(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port, MAIL_OUTBOX_DIR=str(tmp_path),
                     INCOMING_MAIL_MAX_BYTES=4096, **MAIL_SETTINGS)
    raw = mail(address(small, user, thread), "Balasan singkat.\n" + "x" * 10_000)
    outcome = receive(small, raw)
    assert (outcome.accepted, outcome.reason) == (False, "too_large")
    assert len(posts_in(small, thread)) == 1 and len(smtp.inbox.messages) == 1


def test_the_answer_speaks_the_members_language(app, smtp, user, thread):
    receive(app, mail(address(app, user, thread), "> hanya kutipan\n"))  # Rina chose no language: Indonesian
    [answer] = smtp.inbox.messages
    assert answer["Subject"].startswith("Tidak diterbitkan:")
    assert "kutipan" in text_part(answer)


def test_a_replayed_message_is_not_posted_twice_and_answered_once(app, smtp, user, thread):
    raw = mail(address(app, user, thread), message_id="<sekali@mail.example.org>")
    assert receive(app, raw).accepted
    again = receive(app, raw)
    assert (again.accepted, again.reason, again.bounced) == (False, "replayed", True)
    assert receive(app, raw).bounced is False  # a third delivery: no second answer
    assert len(posts_in(app, thread)) == 2
    [answer] = smtp.inbox.messages
    assert answer["In-Reply-To"] == "<sekali@mail.example.org>"


@pytest.mark.parametrize("headers", [{"Auto_Submitted": "auto-replied"}, {"Return_Path": "<>"},
                                     {"sender": "MAILER-DAEMON@mail.example.org"}], ids=["auto", "null", "daemon"])
def test_automatic_mail_is_never_posted_nor_answered(app, smtp, user, thread, headers):
    outcome = receive(app, mail(address(app, user, thread), "Saya sedang cuti sampai Senin.", **headers))
    assert (outcome.accepted, outcome.bounced) == (False, False)
    assert len(posts_in(app, thread)) == 1 and smtp.inbox.messages == []


def test_a_private_thread_the_member_cannot_read_is_refused(app, smtp, user, other_user, make_user, thread):
    from forum.board import services as board

    with app.app_context():
        private = board.create_private_thread(user, [other_user], "teknologi-informasi", "Rahasia", "isi")
    outsider = make_user("dewi")
    raw = mail(address(app, outsider, private), sender="dewi@example.org")
    assert receive(app, raw).reason == "not_allowed"
    assert len(posts_in(app, private)) == 1
    assert "Rahasia" not in smtp.inbox.messages[0].as_string()


# -- the command line ----------------------------------------------------------------------------

def test_cli_posts_and_exits_0(app, smtp, user, thread):
    result = app.test_cli_runner().invoke(args=["mail", "receive"], input=mail(address(app, user, thread)))
    assert result.exit_code == 0, result.output
    answer = json.loads(result.output)
    assert answer["accepted"] is True and answer["post_id"] == posts_in(app, thread)[-1].id


def test_cli_refusal_with_an_answer_exits_0(app, smtp, user, thread):
    result = app.test_cli_runner().invoke(args=["mail", "receive"], input=mail(_forged(app, user, thread)))
    assert result.exit_code == 0
    assert json.loads(result.output) == {"accepted": False, "reason": "bad_token"}
    assert len(smtp.inbox.messages) == 1


@pytest.mark.parametrize("raw", [b"", b"   \n", b"sekadar teks, bukan surat\n", b"Subject: tanpa pengirim\n\nisi\n"])
def test_cli_exits_non_zero_only_for_what_is_not_a_mail(app, smtp, raw):
    result = app.test_cli_runner().invoke(args=["mail", "receive"], input=raw)
    assert result.exit_code == 65
    assert json.loads(result.output)["reason"] == "unreadable"
    assert smtp.inbox.messages == []


# -- the API ------------------------------------------------------------------------------------------

@pytest.fixture
def admin_api(client, make_user):
    make_user("admin", role="admin")
    return Api(client).sign_in("admin")


def post_mail(client, raw: bytes, token: str | None = None, content_type: str = "message/rfc822"):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.post("/api/v1/incoming-email", data=raw, content_type=content_type, headers=headers)


def test_api_posts_with_an_admin_token(app, client, smtp, admin_api, user, thread):
    response = post_mail(client, mail(address(app, user, thread)), admin_api.token)
    assert response.status_code == 200
    assert response.get_json() == {"accepted": True, "post_id": posts_in(app, thread)[-1].id}


def test_api_refusals_and_unreadable_are_200_with_a_reason(app, client, smtp, admin_api, user, thread):
    refused = post_mail(client, mail(address(app, user, thread), "> kutipan saja\n"), admin_api.token)
    assert refused.status_code == 200 and refused.get_json() == {"accepted": False, "reason": "empty"}
    garbage = post_mail(client, b"bukan surat", admin_api.token)
    assert garbage.status_code == 200 and garbage.get_json() == {"accepted": False, "reason": "unreadable"}


def test_api_takes_only_an_admins_bearer_token(app, client, auth, smtp, admin_api, user, thread, moderator):
    raw = mail(address(app, user, thread))
    assert post_mail(client, raw).status_code == 403  # nobody
    member = Api(client).sign_in("rina").token
    moderator_token = Api(client).sign_in("sari").token
    for token in (member, moderator_token):
        response = post_mail(client, raw, token)
        assert response.status_code == 403 and response.get_json()["error"]["code"] == "forbidden"
    assert post_mail(client, raw, "not-a-token").status_code == 401
    auth.login("admin")  # an admin's browser session is not a mail receiver
    response = client.post("/api/v1/incoming-email", data=raw, content_type="message/rfc822",
                           headers={"X-CSRFToken": csrf(client, "/")})
    assert response.status_code == 403
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(IncomingEmail)) == 0
    assert len(posts_in(app, thread)) == 1


@pytest.mark.parametrize("content_type", ["application/json", "text/plain", "application/octet-stream"])
def test_api_wants_message_rfc822(app, client, smtp, admin_api, user, thread, content_type):
    response = post_mail(client, mail(address(app, user, thread)), admin_api.token, content_type)
    assert response.status_code == 415
    assert response.get_json()["error"]["code"] == "unsupported_media_type"
    assert len(posts_in(app, thread)) == 1


def test_a_reply_with_an_attachment_over_the_api_body_limit_is_taken(app, client, smtp, admin_api, user, thread):
    message = EmailMessage()
    message["From"], message["To"] = "rina@example.org", address(app, user, thread)
    message["Subject"], message["Message-ID"] = "Re: foto", make_msgid(domain="mail.example.org")
    message.set_content("Ini foto rak kami.")
    message.add_attachment(b"\xff\xd8" + bytes(1_500_000), maintype="image", subtype="jpeg", filename="rak.jpg")
    raw = bytes(message)
    assert len(raw) > app.config["MAX_CONTENT_LENGTH"]  # more than any JSON body may be
    response = post_mail(client, raw, admin_api.token)
    assert response.status_code == 200 and response.get_json()["accepted"] is True
    assert posts_in(app, thread)[-1].body == "Ini foto rak kami."


def test_api_refuses_a_message_over_the_mail_size_limit_with_an_answer(app_with, smtp, tmp_path, make_user, user,
                                                                      thread):
    small = app_with(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port, MAIL_OUTBOX_DIR=str(tmp_path),
                     INCOMING_MAIL_MAX_BYTES=4096, **MAIL_SETTINGS)
    make_user("admin", role="admin")
    client = small.test_client()
    token = Api(client).sign_in("admin").token
    response = post_mail(client, mail(address(small, user, thread), "Balasan.\n" + "x" * 8000), token)
    assert response.get_json() == {"accepted": False, "reason": "too_large"}
    assert len(smtp.inbox.messages) == 1 and len(posts_in(small, thread)) == 1


def test_an_unknown_charset_is_refused_with_an_answer(app, smtp, user, thread):
    raw = mail(address(app, user, thread), "Balasan saya.").replace(b'charset="utf-8"', b'charset="x-tak-dikenal"')
    assert b"x-tak-dikenal" in raw
    result = app.test_cli_runner().invoke(args=["mail", "receive"], input=raw)
    assert result.exit_code == 0  # read, refused, answered: the mail server has nothing more to do
    assert json.loads(result.output) == {"accepted": False, "reason": "unreadable"}
    assert len(smtp.inbox.messages) == 1 and len(posts_in(app, thread)) == 1


def test_replies_by_email_have_a_per_member_limit(app_with, smtp, tmp_path, user, thread):
    limited = app_with(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port, MAIL_OUTBOX_DIR=str(tmp_path),
                       RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://", REPLY_BY_EMAIL_LIMIT="2 per hour",
                       **MAIL_SETTINGS)  # counts of its own: a Redis keeps them from an earlier run
    outcomes = [receive(limited, mail(address(limited, user, thread), f"Balasan ke-{n}.")) for n in range(3)]
    assert [(o.accepted, o.reason) for o in outcomes] == [(True, None), (True, None), (False, "not_allowed")]
    assert len(posts_in(limited, thread)) == 3 and len(smtp.inbox.messages) == 1
