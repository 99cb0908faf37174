"""Sending stored mail: through a real SMTP server, into the outbox folder, retried, never twice."""

from __future__ import annotations

import email
import email.policy
import logging
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from forum import tasks
from forum.extensions import db
from forum.mail import compose, delivery, read_reply_token, reply_address
from forum.mail.models import MailMessage
from tests.mail.helpers import MAIL_SETTINGS, Inbox, free_port, html_part, text_part


def queue_one(app, member, key="notify:test:1", thread_id=7):
    """One notification mail to ``member`` about thread ``thread_id``, the way the notification job queues it."""
    with app.app_context():
        reply_to = reply_address(member.id, thread_id)
        row = compose.draft(key, member, "notifications", lambda: "Ada balasan", reply_to=reply_to,
                            items=[{"text": "Budi membalas", "url": compose.site_url("board.thread", thread_id=thread_id)}],
                            notifications_url=compose.site_url("board.index"))
        return delivery.queue([row])


def stored(app, key="notify:test:1") -> MailMessage:
    with app.app_context():
        return db.session.scalar(select(MailMessage).where(MailMessage.key == key))


def test_a_mail_is_multipart_with_unsubscribe_headers_and_a_reply_token(app, smtp, user):
    queue_one(app, user)
    [mail] = smtp.inbox.messages
    assert smtp.inbox.envelopes == [("noreply@jejaring.example.org", ["rina@example.org"])]
    assert mail.get_content_type() == "multipart/alternative"
    assert [part.get_content_type() for part in mail.iter_parts()] == ["text/plain", "text/html"]
    assert mail["From"] == "Jejaring <noreply@jejaring.example.org>" and mail["To"] == "rina@example.org"
    assert mail["Message-ID"].endswith("@jejaring.example.org>") and mail["Date"]
    unsubscribe = mail["List-Unsubscribe"]
    assert unsubscribe.startswith("<https://jejaring.example.org/unsubscribe/") and unsubscribe.endswith(">")
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe[1:-1] in text_part(mail) and unsubscribe[1:-1] in html_part(mail)
    local_part = mail["Reply-To"].split("@")[0]
    assert local_part.startswith("reply+") and len(local_part) <= 64
    with app.app_context():
        assert read_reply_token(local_part.removeprefix("reply+")) == (user.id, 7)
    assert stored(app).state == "sent"


def test_mails_are_in_the_members_language(app, smtp, user, other_user):
    with app.app_context():
        from forum.accounts import services as accounts

        budi = accounts.update_profile(other_user, other_user, {"locale": "en"})
    queue_one(app, user, "notify:id:1")  # Rina never chose: the site's language, Bahasa Indonesia
    queue_one(app, budi, "notify:en:1")
    [rina] = smtp.inbox.to("rina@example.org")
    [budi] = smtp.inbox.to("budi@example.org")
    assert "Ada 1 notifikasi baru untuk Anda" in text_part(rina) and rina["Content-Language"] == "id"
    assert "There is 1 new notification for you" in text_part(budi) and budi["Content-Language"] == "en"
    assert 'lang="en"' in html_part(budi) and "Berhenti berlangganan" in html_part(rina)


def test_reply_tokens_that_are_forged_changed_or_expired_are_refused(app, user):
    with app.app_context():
        from forum.mail.tokens import reply_token

        token = reply_token(user.id, 42)
        assert read_reply_token(token) == (user.id, 42)
        assert read_reply_token(token.upper()) == (user.id, 42)  # mail systems may change the case of addresses
        uid, tid, issued, signature = token.split("-")
        assert read_reply_token(f"{uid}-{tid}-{issued}-{'a' * len(signature)}") is None
        assert read_reply_token(f"{uid}-{int(tid, 36) + 1:x}-{issued}-{signature}") is None
        assert read_reply_token("not-a-token") is None and read_reply_token("") is None
        old = reply_token(user.id, 42, now=1_700_000_000)
        assert read_reply_token(old) is None
        assert read_reply_token(old, max_age_days=10_000) == (user.id, 42)


def test_without_reply_by_email_there_is_no_reply_to(app_with, smtp, user):
    app = app_with(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port, **{**MAIL_SETTINGS, "REPLY_BY_EMAIL_ADDRESS": ""})
    with app.app_context():
        assert reply_address(user.id, 7) is None
    queue_one(app, user)
    [mail] = smtp.inbox.messages
    assert mail["Reply-To"] is None
    assert "Balas email ini" not in text_part(mail)


def test_without_mail_server_each_message_is_an_eml_file_in_the_outbox(app_with, tmp_path, user):
    outbox = tmp_path / "outbox-dev"
    app = app_with(MAIL_SERVER="", MAIL_OUTBOX_DIR=str(outbox), **MAIL_SETTINGS)
    queue_one(app, user)
    [path] = outbox.glob("*.eml")
    mail = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert mail["To"] == "rina@example.org" and mail.get_content_type() == "multipart/alternative"
    assert "Budi membalas" in text_part(mail)
    assert stored(app).state == "sent"


def test_the_same_key_queued_twice_sends_one_mail(app, smtp, user):
    assert len(queue_one(app, user)) == 1
    assert queue_one(app, user) == []
    with app.app_context():
        delivery.deliver([stored(app).id])  # a job run again
    assert len(smtp.inbox.messages) == 1


def test_an_smtp_server_that_is_down_is_retried_and_the_mail_sent_once_when_it_is_back(app_with, user, caplog):
    port = free_port()
    app = app_with(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, **MAIL_SETTINGS)
    with caplog.at_level(logging.WARNING, logger="forum.mail.delivery"):
        queue_one(app, user)
    row = stored(app)
    assert (row.state, row.attempts) == ("queued", 1)
    assert "ConnectionRefusedError" in row.last_error and "retried later" in caplog.text
    now = tasks.huey._get_timestamp()
    assert tasks.run_scheduled(now + timedelta(seconds=31)) == 1  # the second attempt, still down
    assert stored(app).attempts == 2
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        assert tasks.run_scheduled(now + timedelta(seconds=31 + 61)) == 1  # the third: the server is back
        assert tasks.run_scheduled(now + timedelta(hours=1)) == 0
    finally:
        controller.stop()
    assert [m["To"] for m in inbox.messages] == ["rina@example.org"]
    row = stored(app)
    assert (row.state, row.attempts, row.last_error) == ("sent", 3, None)


def test_a_mail_that_keeps_failing_is_marked_failed_with_its_reason(app_with, user, caplog):
    app = app_with(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port(), **MAIL_SETTINGS)
    queue_one(app, user)
    later = tasks.huey._get_timestamp()
    with caplog.at_level(logging.ERROR, logger="forum.mail.delivery"):
        for _attempt in range(delivery.MAX_ATTEMPTS - 1):
            later += timedelta(minutes=10)
            assert tasks.run_scheduled(later) == 1
    assert tasks.run_scheduled(later + timedelta(days=1)) == 0
    row = stored(app)
    assert (row.state, row.attempts) == ("failed", delivery.MAX_ATTEMPTS)
    assert "failed for good after 6 attempt(s): ConnectionRefusedError" in caplog.text


def test_a_recipient_the_server_refuses_for_good_fails_at_once(app, smtp, user):
    smtp.inbox.refuse_with = "550 mailbox unavailable"
    queue_one(app, user)
    row = stored(app)
    assert (row.state, row.attempts) == ("failed", 1)
    assert "550" in row.last_error and "mailbox unavailable" in row.last_error


@pytest.mark.parametrize("answer", ["451 try again later"])
def test_a_temporary_refusal_is_retried(app, smtp, user, answer):
    smtp.inbox.refuse_with = answer
    queue_one(app, user)
    assert stored(app).state == "queued"
    smtp.inbox.refuse_with = None
    assert tasks.run_scheduled(tasks.huey._get_timestamp() + timedelta(seconds=31)) == 1
    assert stored(app).state == "sent" and len(smtp.inbox.messages) == 1


def test_with_the_queue_and_smtp_both_down_queueing_still_succeeds_and_the_mail_waits(app, make_app, db_url, user,
                                                                                      caplog):
    """The job then runs in the caller (a request, a digest run), and its SMTP error must not fail it."""
    down = make_app({"SQLALCHEMY_DATABASE_URI": db_url, "TASKS_IMMEDIATE": False, "TASKS_URL": "redis://127.0.0.1:1/0",
                     "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": free_port(), **MAIL_SETTINGS})
    try:
        with caplog.at_level(logging.WARNING):
            assert len(queue_one(down, user)) == 1
        assert "task queue unreachable" in caplog.text and "it stays queued" in caplog.text
        row = stored(down)
        assert (row.state, row.attempts) == ("queued", 1)
        with down.app_context():
            from forum.mail.models import MailMessage

            db.session.get(MailMessage, row.id).created_at -= timedelta(hours=1)  # nobody retried it for an hour
            db.session.get(MailMessage, row.id).claimed_at -= timedelta(hours=1)
            db.session.commit()
            assert delivery.stalled() == [row.id]  # resend_stalled queues it again
    finally:
        tasks.huey.immediate = True


def test_a_mail_to_an_address_that_is_no_member_has_no_unsubscribe_link(app, smtp):
    """Such as the answer to a reply by mail from an unknown sender."""
    with app.app_context():
        row = compose.draft("bounce:test:1", None, "notifications", lambda: "Tidak terkirim",
                            to="someone@example.net", items=[], notifications_url="")
        assert row["user_id"] is None
        delivery.queue([row])
        with pytest.raises(ValueError, match="a mail needs a member or an address"):
            compose.draft("bounce:test:2", None, "notifications", lambda: "x")
    [mail] = smtp.inbox.messages
    assert mail["To"] == "someone@example.net" and mail["Content-Language"] == "id"
    assert mail["List-Unsubscribe"] is None and "Berhenti berlangganan" not in text_part(mail)


def test_a_message_that_cannot_be_built_fails_alone_and_the_others_are_sent(app, smtp, user, other_user):
    with app.app_context():
        broken = compose.draft("notify:broken:1", user, "notifications", lambda: "Rusak", items=[],
                               notifications_url="")
        broken["headers"]["Reply-To"] = "not an address\r\nBcc: everyone@example.org"
        fine = compose.draft("notify:fine:1", other_user, "notifications", lambda: "Baik", items=[],
                             notifications_url="")
        delivery.queue([broken, fine])
    assert [m["To"] for m in smtp.inbox.messages] == ["budi@example.org"]
    row = stored(app, "notify:broken:1")
    assert row.state == "failed" and "ValueError" in row.last_error
