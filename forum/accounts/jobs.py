"""Jobs of accounts: the password reset mail, looked up and sent outside the request."""

from __future__ import annotations

from forum.tasks import job


@job()
def send_password_reset(address: str) -> None:
    """Mail a reset link if an account has ``address`` (the request answered 202 either way)."""
    from forum.accounts.safety import mail_password_reset

    mail_password_reset(address)
