"""Rules of the mail capability's page: unsubscribing with the signed link of a mail, signed out."""

from __future__ import annotations

from flask_babel import gettext as _

from forum.accounts import services as accounts
from forum.accounts.models import User
from forum.errors import Invalid
from forum.extensions import db
from forum.mail.tokens import read_unsubscribe_token


def member_of_link(token: str) -> User:
    """The member an unsubscribe link was made for; a forged, expired or orphaned link is refused (400)."""
    user_id = read_unsubscribe_token(token)
    user = db.session.get(User, user_id) if user_id else None
    if user is None:
        raise Invalid(_("This unsubscribe link is not valid or has expired. You can change which mails you get "
                        "on your settings page after signing in."))
    return user


def unsubscribe(token: str) -> User:
    """RFC 8058 one-click: the link's member gets no more notification mail or digests."""
    user = member_of_link(token)
    return accounts.set_email_notifications(user, "off")
