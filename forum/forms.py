"""Shared form helpers: service errors shown beside the fields they concern."""

from __future__ import annotations

from flask import flash
from flask_wtf import FlaskForm

from forum.errors import ForumError


def show_errors(form: FlaskForm, exc: ForumError) -> None:
    """Put a service's field errors on the form; anything else becomes a flash."""
    unplaced = []
    for name, message in (exc.fields or {}).items():
        field = getattr(form, name, None)
        if field is not None and hasattr(field, "errors"):
            field.errors = [*list(field.errors or []), message]
        else:
            unplaced.append(message)
    if not exc.fields or unplaced:
        flash(" ".join([exc.message, *unplaced]) if unplaced else exc.message, "error")
