"""When the mail jobs run (UTC, the queue's clock), and what picks up mail whose job was lost."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import update

from forum import tasks
from forum.extensions import db
from forum.mail import compose, delivery
from forum.mail.models import MailMessage
from forum.models_base import utcnow


def due(at: datetime) -> set[str]:
    return {task.name.rsplit(".", 1)[-1] for task in tasks.huey.read_periodic(at)}


def test_notification_mail_every_minute_digests_at_six_in_the_morning_in_jakarta(app):
    assert "mail_notifications" in due(datetime(2026, 12, 3, 10, 17))
    assert "daily_digest" in due(datetime(2026, 12, 3, 23, 0))  # 06:00 WIB on the 4th
    assert "daily_digest" not in due(datetime(2026, 12, 3, 22, 0))
    assert "weekly_digest" in due(datetime(2026, 12, 6, 23, 30))  # Monday 7 December, 06:30 WIB
    assert "weekly_digest" not in due(datetime(2026, 12, 7, 23, 30))
    assert "resend_stalled" in due(datetime(2026, 12, 3, 10, 20))


def test_mail_a_dead_worker_held_is_sent_once_and_mail_another_worker_holds_is_left_to_it(app, smtp, user):
    with app.app_context():
        rows = [compose.draft(f"notify:stale:{n}", user, "notifications", lambda: "Ada balasan", items=[],
                              notifications_url="") for n in range(2)]
        # Stored without a job (added directly), then taken by two workers: one killed 20 minutes ago.
        db.session.add_all([MailMessage(**row) for row in rows])
        db.session.commit()
        ids = sorted(db.session.scalars(db.select(MailMessage.id)))
        now = utcnow()
        db.session.execute(update(MailMessage).where(MailMessage.id == ids[0])
                           .values(state="sending", claimed_at=now - timedelta(minutes=20)))
        db.session.execute(update(MailMessage).where(MailMessage.id == ids[1])
                           .values(state="sending", claimed_at=now - timedelta(minutes=1)))
        db.session.commit()
        assert delivery.stalled() == [ids[0]]
        assert delivery.deliver(ids) == 1
        assert delivery.deliver(ids) == 0
        states = dict(db.session.execute(db.select(MailMessage.id, MailMessage.state)).all())
    assert states == {ids[0]: "sent", ids[1]: "sending"}
    assert len(smtp.inbox.messages) == 1


def test_sent_mail_older_than_ninety_days_is_deleted_and_waiting_mail_kept(app, smtp, user):
    with app.app_context():
        rows = [compose.draft(f"notify:old:{n}", user, "notifications", lambda: "Lama", items=[],
                              notifications_url="") for n in range(3)]
        ids = delivery.queue(rows)
        long_ago = utcnow() - timedelta(days=91)
        db.session.execute(update(MailMessage).where(MailMessage.id.in_(ids[:2])).values(created_at=long_ago))
        db.session.execute(update(MailMessage).where(MailMessage.id == ids[1]).values(state="queued"))
        db.session.commit()
        assert delivery.purge() == 1
        assert sorted(db.session.scalars(db.select(MailMessage.id))) == ids[1:]
    assert "purge_old_mail" in due(datetime(2026, 12, 3, 20, 40))
