"""Language and time zone of each request, and the filters that show times."""

from __future__ import annotations

from datetime import datetime

from babel.dates import format_skeleton
from flask import current_app, has_request_context, request, session
from flask_babel import format_datetime, get_locale, get_timezone, to_user_timezone
from flask_login import current_user


def select_locale() -> str:
    """The user's saved choice, else this browser session's, else Accept-Language."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # command line, background work
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    user = current_user
    if getattr(user, "is_authenticated", False) and user.locale in languages:
        return user.locale
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def select_timezone() -> str:
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_TIMEZONE"]
    user = current_user
    if getattr(user, "is_authenticated", False) and user.timezone:
        return user.timezone
    return current_app.config["BABEL_DEFAULT_TIMEZONE"]


def when(value: datetime | None, fmt: str = "short") -> str:
    """A timestamp in the reader's zone and language, e.g. ``28 Nov 2026 20.15``.

    ``short`` is day, month, year, hours and minutes; ``long`` is the date alone
    with the month written out; anything else is a Babel format name or pattern.
    """
    if value is None:
        return ""
    if fmt == "short":
        zone, locale = get_timezone(), get_locale()
        return (format_skeleton("yMMMd", value, tzinfo=zone, locale=locale) + " "
                + format_skeleton("Hm", value, tzinfo=zone, locale=locale))
    if fmt == "long":
        return format_skeleton("yMMMMd", value, tzinfo=get_timezone(), locale=get_locale())
    return format_datetime(value, fmt)


def iso_local(value: datetime | None) -> str:
    """Machine-readable time for ``<time datetime=...>`` (in the reader's zone)."""
    if value is None:
        return ""
    return to_user_timezone(value).isoformat(timespec="minutes")


def init_app(app) -> None:
    app.jinja_env.filters["when"] = when
    app.jinja_env.filters["iso_local"] = iso_local
