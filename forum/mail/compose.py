"""Writing mails: each in its member's language, plain text and HTML, with the headers mail clients need.

A mail is rendered once, when it is queued, from ``templates/mail/NAME.txt`` and
``templates/mail/NAME.html`` under the member's language (``users.locale``, else the
site's default); links are absolute, under ``SITE_URL``. The message itself is built
from the stored row at every attempt (``build_message``), with the headers fixed at
queueing time, so a retried mail is the same mail (same Message-ID).
"""

from __future__ import annotations

from email.headerregistry import HeaderRegistry
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import force_locale

from forum.mail.models import MailMessage
from forum.mail.tokens import unsubscribe_token


class _Headers(HeaderRegistry):
    """The standard header registry, making each header's class once instead of for every header of every mail
    (a tenth of the time a digest run spends in the email package)."""

    def __init__(self):
        super().__init__()
        self._made: dict[str, type] = {}

    def __getitem__(self, name):
        made = self._made.get(name.lower())
        if made is None:
            made = self._made[name.lower()] = super().__getitem__(name)
        return made


# RFC 5322 with CRLF line ends, as SMTP sends it and .eml files keep it.
POLICY = SMTP.clone(header_factory=_Headers())


def site_url(endpoint: str, **values) -> str:
    """The absolute address of a page (``site_url("board.thread", thread_id=3)``), under ``SITE_URL``."""
    adapter = current_app.extensions.get("jejaring_url_adapter")
    if adapter is None:
        adapter = current_app.extensions["jejaring_url_adapter"] = current_app.url_map.bind("localhost")
    return current_app.config["SITE_URL"] + adapter.build(endpoint, values)


def mail_domain() -> str:
    """The domain of Message-IDs and of the default sender: ``SITE_URL``'s host, or localhost for an address."""
    host = urlsplit(current_app.config["SITE_URL"]).hostname or "localhost"
    return "localhost" if host.replace(".", "").isdigit() or ":" in host else host


def sender() -> str:
    return current_app.config["MAIL_DEFAULT_SENDER"] or f"Jejaring <noreply@{mail_domain()}>"


def language_of(user) -> str:
    """The language a member reads mail in: their saved one, else the site's default (Bahasa Indonesia)."""
    languages = current_app.config["LANGUAGES"]
    return user.locale if user.locale in languages else current_app.config["BABEL_DEFAULT_LOCALE"]


def render(name: str, **context) -> tuple[str, str]:
    """``(text, html)`` of ``templates/mail/NAME.txt`` and ``.html``, in the current locale.

    No request context is needed: the templates get what they show from ``context``.
    """
    env = current_app.jinja_env
    return (env.get_template(f"mail/{name}.txt").render(**context).strip() + "\n",
            env.get_template(f"mail/{name}.html").render(**context))


def unsubscribe_url(user_id: int) -> str:
    return site_url("mail.unsubscribe", token=unsubscribe_token(user_id))


def draft(key: str, user, name: str, subject, *, reply_to: str | None = None, to: str | None = None,
          unsubscribe: bool = True, **context) -> dict:
    """The row of one mail to ``user`` (not yet stored): rendered in their language with its headers.

    ``subject`` is a function called in the member's language (so ``gettext`` inside it
    translates) returning the subject line. ``user`` None with ``to`` an address: a mail to
    somebody who is not (or not known as) a member, such as the answer to a reply by mail
    from an unknown address; it is in the site's language and has no unsubscribe link.
    ``unsubscribe`` False: a mail about the account itself (a link to confirm an address,
    to reset the password), which no setting turns off, so it offers no unsubscribing.
    """
    if user is None and not to:
        raise ValueError("a mail needs a member or an address")
    unsubscribe = unsubscribe_url(user.id) if user is not None and unsubscribe else None
    lang = language_of(user) if user is not None else current_app.config["BABEL_DEFAULT_LOCALE"]
    with force_locale(lang):
        text, html = render(name, user=user, lang=lang, reply_to=reply_to, unsubscribe_url=unsubscribe,
                            settings_url=site_url("accounts.settings"), site=current_app.config["SITE_URL"],
                            **context)
        title = subject()
    headers = {"Message-ID": make_msgid(domain=mail_domain())}
    if unsubscribe:
        # RFC 2369 and RFC 8058: mail clients show an unsubscribe button that POSTs to the link.
        headers.update({"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"})
    headers.update({"Auto-Submitted": "auto-generated", "Content-Language": lang})
    if reply_to:
        headers["Reply-To"] = reply_to
    return {"key": key, "user_id": user.id if user is not None else None,
            "to_address": to or user.email, "subject": " ".join(title.split())[:300],
            "text": text, "html": html, "headers": headers}


def build_message(row: MailMessage) -> EmailMessage:
    """The RFC 5322 message of a stored mail: multipart/alternative, plain text first, then HTML."""
    message = EmailMessage(policy=POLICY)
    message["From"] = sender()
    message["To"] = row.to_address
    message["Subject"] = row.subject
    message["Date"] = format_datetime(row.created_at)
    # Quoted-printable said outright: left to choose, the library encodes each part both ways to compare.
    message.set_content(row.text, cte="quoted-printable")
    message.add_alternative(row.html, subtype="html", cte="quoted-printable")
    for name, value in (row.headers or {}).items():  # after the body: set_content drops Content-* headers
        message[name] = value
    return message
