"""The one short mail that tells the sender of a refused reply why it was not posted.

Keyed on the refused message's Message-ID through ``forum.mail.queue``: however often a
message is delivered again, its sender hears about it once. In the language of the member
whose address sent it, when that address is a member's; it names no thread and no other
member (the sender may be anyone). An RFC 3834 ``Auto-Submitted: auto-replied`` header
keeps well-behaved mail systems from answering it in turn.
"""

from __future__ import annotations

import hashlib
from email.utils import make_msgid

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from forum.mail import queue
from forum.mail.compose import language_of, mail_domain, render

__all__ = ["bounce", "explanation"]


def explanation(reason: str) -> str:
    """Why a reply was not posted, in the current language."""
    config = current_app.config
    texts = {
        "unknown_sender": _("It did not come from the address of the member this reply address belongs to. "
                            "Reply from the address your Jejaring mails are sent to, or write on the site."),
        "bad_token": _("The address it was sent to is not a valid Jejaring reply address. "
                       "Reply to a notification mail, or write on the site."),
        "expired_token": _("The reply address has expired: reply addresses work for 30 days. "
                           "Open the thread on the site to reply there."),
        "replayed": _("This message was received before; it is not posted twice."),
        "locked": _("The thread is locked: it takes no new replies."),
        "suspended": _("Your account is suspended, so nothing you send is posted."),
        "not_allowed": _("You cannot reply in this thread by mail now (or you sent many replies in a short "
                         "time). Please write on the site."),
        "too_large": _("It is too large: a reply can have at most %(n)d characters, and a mail with its "
                       "attachments at most %(mb)d MB.", n=config["BODY_MAX"],
                       mb=max(1, config["INCOMING_MAIL_MAX_BYTES"] // (1024 * 1024))),
        "html_only": _("It had no plain-text part. Send your reply as plain text (most mail apps have "
                       "this setting), or write on the site."),
        "empty": _("We found no words of your own in it, only the quoted mail. Write your reply above the "
                   "quoted text."),
        "unreadable": _("We could not read its text (an unknown character set). Please write on the site."),
    }
    return texts[reason]


def bounce(mail, reason: str) -> bool:
    """Queue the answer to a refused ``mail`` (an ``incoming.Mail``); False when it was answered before."""
    lang = language_of(mail.member) if mail.member is not None else current_app.config["BABEL_DEFAULT_LOCALE"]
    site = current_app.config["SITE_URL"]
    with force_locale(lang):
        text, html = render("reply_refused", lang=lang, site=site, why=explanation(reason), subject=mail.subject)
        subject = _("Not posted: %(subject)s", subject=mail.subject) if mail.subject else _("Your reply was not posted")
    headers = {"Message-ID": make_msgid(domain=mail_domain()), "Auto-Submitted": "auto-replied",
               "Content-Language": lang, "X-Jejaring-Reason": reason}
    if mail.reference:
        headers["In-Reply-To"] = mail.reference
        headers["References"] = mail.reference
    key = "reply-refused:" + hashlib.sha256(mail.message_id.encode()).hexdigest()[:48]
    row = {"key": key, "user_id": mail.member.id if mail.member else None, "to_address": mail.sender,
           "subject": " ".join(subject.split())[:300], "text": text, "html": html, "headers": headers}
    return bool(queue([row]))
