"""Jobs of the mail capability: sending stored messages, and picking up those whose job was lost."""

from __future__ import annotations

from forum.mail import delivery
from forum.tasks import job, periodic


@job(retries=delivery.MAX_ATTEMPTS - 1, retry_delay=delivery.RETRY_DELAY, retry_backoff=delivery.RETRY_BACKOFF)
def send_messages(ids: list[int]) -> None:
    """Send these stored messages (those not sent yet); retried with growing delays on SMTP errors."""
    delivery.deliver(ids)


@periodic(minute="*/10")
def resend_stalled() -> None:
    """Queue again the messages no job is going to send (a worker killed while it held them)."""
    ids = delivery.stalled()
    if ids:
        send_messages(ids)


@periodic(minute="40", hour="20")  # 03:40 WIB, when the site is quiet
def purge_old_mail() -> None:
    """Delete sent and failed messages older than 90 days."""
    delivery.purge()
