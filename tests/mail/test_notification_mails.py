"""Notification mails for members who chose ``immediate``: the first within a minute, later ones gathered."""

from __future__ import annotations

from datetime import timedelta

import pytest

from forum.accounts import services as accounts
from forum.board import services as board
from forum.mail import read_reply_token
from forum.models_base import utcnow
from forum.notifications.emails import send_notification_mails
from tests.mail.helpers import html_part, text_part


@pytest.fixture
def clock():
    """The time the tests say it is: starts now, moved on by hand (no sleeping)."""

    class Clock:
        now = utcnow()

        def advance(self, **delta):
            self.now += timedelta(**delta)
            return self.now

    return Clock()


def mails_to(smtp, address):
    return smtp.inbox.to(address)


def test_the_first_notification_is_mailed_at_once_and_later_ones_gathered(app, smtp, clock, thread, other_user,
                                                                         make_user):
    dewi = make_user("dewi")
    with app.app_context():
        board.reply(other_user, thread.id, "Cadangkan dulu.")
        assert send_notification_mails(clock.now) == 1
    [first] = mails_to(smtp, "rina@example.org")
    assert first["Subject"] == "Budi membalas “Migrasi SLiMS ke versi 9”"
    assert f"https://jejaring.example.org/t/{thread.id}#p" in text_part(first)
    assert "Cadangkan" not in text_part(first)  # what was said stays on the site, where its rules apply
    with app.app_context():
        board.reply(dewi, thread.id, "Saya juga.")
        assert send_notification_mails(clock.advance(seconds=60)) == 0  # within MAIL_BATCH_SECONDS: it waits
        board.reply(other_user, thread.id, "Lalu jalankan skrip upgrade.")
        assert send_notification_mails(clock.advance(seconds=120)) == 0
        assert send_notification_mails(clock.advance(seconds=121)) == 1  # 301 s after the first mail
        assert send_notification_mails(clock.advance(seconds=600)) == 0  # nothing left to tell
    first, gathered = mails_to(smtp, "rina@example.org")
    assert gathered["Subject"] == "2 notifikasi baru di Jejaring"
    text = text_part(gathered)
    assert "Dewi membalas" in text and "Budi membalas" in text and "Ada 2 notifikasi baru" in text
    assert "Dewi membalas" in html_part(gathered)


def test_a_notification_mail_about_one_thread_can_be_answered_by_mail(app, smtp, clock, thread, other_user):
    with app.app_context():
        accounts.update_profile(thread.author, thread.author, {"locale": "en"})
        board.reply(other_user, thread.id, "Cadangkan dulu.")
        send_notification_mails(clock.now)
        [mail] = mails_to(smtp, "rina@example.org")
        assert mail["Subject"] == "Budi replied to “Migrasi SLiMS ke versi 9”"
        assert "Reply to this mail to answer in the thread." in text_part(mail)
        token = mail["Reply-To"].split("@")[0].removeprefix("reply+")
        assert read_reply_token(token) == (thread.author_id, thread.id)


def test_a_mail_about_several_threads_has_no_reply_to(app, smtp, clock, user, other_user):
    with app.app_context():
        one = board.create_thread(user, "teknologi-informasi", "Satu", "Pertanyaan satu")
        two = board.create_thread(user, "teknologi-informasi", "Dua", "Pertanyaan dua")
        board.reply(other_user, one.id, "Jawaban satu")
        board.reply(other_user, two.id, "Jawaban dua")
        assert send_notification_mails(clock.now) == 1
    [mail] = mails_to(smtp, "rina@example.org")
    assert mail["Reply-To"] is None and "Balas email ini" not in text_part(mail)


@pytest.mark.parametrize("choice", ["daily", "weekly", "off"])
def test_members_who_chose_otherwise_get_no_notification_mail(app, smtp, clock, thread, other_user, choice):
    with app.app_context():
        accounts.set_email_notifications(thread.author, choice)
        board.reply(other_user, thread.id, "Cadangkan dulu.")
        assert send_notification_mails(clock.now) == 0
    assert smtp.inbox.messages == []


def test_a_notification_read_on_the_site_is_not_mailed(app, smtp, clock, thread, other_user, client):
    from tests.mail.helpers import api_for

    with app.app_context():
        board.reply(other_user, thread.id, "Cadangkan dulu.")
    api = api_for(client, "rina")
    assert api.post("/notifications/read", {"all": True}).status_code == 200
    with app.app_context():
        assert send_notification_mails(clock.now) == 0
    assert smtp.inbox.messages == []


def test_two_runs_at_once_send_one_mail_and_lose_no_notification(app, smtp, clock, thread, other_user, make_user,
                                                                 monkeypatch):
    """Two workers in the same minute: the second read what was pending before the first stored its mail."""
    from forum.notifications import emails, services

    dewi = make_user("dewi")
    with app.app_context():
        board.reply(other_user, thread.id, "Cadangkan dulu.")
        stale = services.pending_mail(thread.author_id)
        assert send_notification_mails(clock.now) == 1
        board.reply(dewi, thread.id, "Saya juga.")  # arrives while the second worker still holds its old list
        fresh = services.pending_mail
        with monkeypatch.context() as patch:
            patch.setattr(services, "pending_mail", lambda user_id, limit=50: stale + fresh(user_id))
            assert emails._send_batch([thread.author_id], clock.now) == 0  # the same first notification: no mail
        assert [n.id for n in services.pending_mail(thread.author_id)] != []  # Dewi's reply still waits
        assert send_notification_mails(clock.advance(seconds=301)) == 1
    first, second = mails_to(smtp, "rina@example.org")
    assert "Budi membalas" in text_part(first) and "Dewi membalas" in text_part(second)
    assert "Budi membalas" not in text_part(second)


def test_an_outsider_mentioned_in_a_private_mentorship_thread_gets_no_mail(app, smtp, clock, user, make_user):
    dewi = make_user("dewi")
    make_user("ani")
    with app.app_context():
        private = board.create_private_thread(user, [user, dewi], "mentoring", "Rencana belajar Rina", "Halo @ani")
        board.reply(dewi, private.id, "Apakah @ani boleh ikut?")
        send_notification_mails(clock.now)
    assert mails_to(smtp, "ani@example.org") == []
    for mail in smtp.inbox.messages:
        assert "Rencana belajar Rina" not in text_part(mail) or mail["To"] in ("rina@example.org",
                                                                              "dewi@example.org")


def test_a_notification_id_used_again_after_a_deletion_still_gets_its_mail(app, smtp, clock, thread, other_user):
    """SQLite gives the highest ids again once those rows are deleted: an old mail's key must not swallow a new one."""
    from sqlalchemy import delete

    from forum.extensions import db
    from forum.notifications.models import Notification

    with app.app_context():
        board.reply(other_user, thread.id, "Cadangkan dulu.")
        assert send_notification_mails(clock.now) == 1
        db.session.execute(delete(Notification))  # the post's notifications deleted (the post removed, say)
        db.session.commit()
        board.reply(other_user, thread.id, "Lalu jalankan skrip upgrade.")
        assert send_notification_mails(clock.advance(seconds=301)) == 1
    assert len(mails_to(smtp, "rina@example.org")) == 2


def test_old_unread_notifications_are_no_news_for_a_member_who_turns_mail_on(app, smtp, clock, thread, other_user):
    from sqlalchemy import update

    from forum.extensions import db
    from forum.notifications.models import Notification

    with app.app_context():
        accounts.set_email_notifications(thread.author, "off")
        board.reply(other_user, thread.id, "Balasan lama.")
        db.session.execute(update(Notification).values(created_at=clock.now - timedelta(days=30)))
        db.session.commit()
        accounts.set_email_notifications(thread.author, "immediate")  # back after a month
        assert send_notification_mails(clock.now) == 0
        board.reply(other_user, thread.id, "Balasan baru.")
        assert send_notification_mails(clock.now) == 1
    [mail] = mails_to(smtp, "rina@example.org")
    assert "Ada 1 notifikasi baru" in text_part(mail)
