"""The unsubscribe page of every mail: works signed out, authenticated by the link's signed token."""

from __future__ import annotations

from flask import Blueprint, render_template

from forum.extensions import csrf
from forum.mail import account_mails, services

bp = Blueprint("mail", __name__)
account_mails.connect()


@bp.get("/unsubscribe/<token>")
def unsubscribe(token):
    """Ask before unsubscribing: a link opened by a mail scanner must not unsubscribe anybody."""
    user = services.member_of_link(token)
    return render_template("mail/unsubscribe.html", user=user, token=token, done=False)


@bp.post("/unsubscribe/<token>")
@csrf.exempt  # the signed token is the authentication; mail clients POST "List-Unsubscribe=One-Click" (RFC 8058)
def unsubscribe_now(token):
    """Stop notification mails and digests: the page's button, or a mail client's one-click unsubscribe."""
    user = services.unsubscribe(token)
    return render_template("mail/unsubscribe.html", user=user, token=token, done=True)
