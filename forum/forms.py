"""Shared form helpers: the one way a page turns a service's refusal into what the reader sees."""

from __future__ import annotations

from flask import flash
from flask_wtf import FlaskForm

from forum.errors import ForumError

# A refusal that is about the page itself, not what was sent: the app-wide handler answers it
# (404 in the reader's language). Everything else, a wrong password or a refused action
# included, is said on the page the reader is on.
_NOT_FOR_A_FORM = (404,)


def show_refusal(exc: ForumError, form: FlaskForm | None = None, *, inline: bool = False) -> dict[str, str]:
    """Show a service refusal on a page: each field's reason beside its field, the rest in one message.

    Not found is raised again for the app-wide handler. With ``inline`` the page shows the reasons of fields the form does
    not have itself (they are returned); otherwise they join the message.
    Returns the reasons not placed on ``form``.
    """
    if exc.status in _NOT_FOR_A_FORM:
        raise exc
    unplaced: dict[str, str] = {}
    for name, message in (exc.fields or {}).items():
        field = getattr(form, name, None) if form is not None else None
        if field is not None and hasattr(field, "errors"):
            field.errors = [*list(field.errors or []), message]
        else:
            unplaced[name] = message
    if inline:
        flash(exc.message, "error")
    elif not exc.fields or unplaced:
        flash(" ".join([exc.message, *unplaced.values()]), "error")
    return unplaced
