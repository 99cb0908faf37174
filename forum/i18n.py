"""Language and time zone of each request, and the filters that show times."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache

from babel import Locale
from babel.dates import DateTimePattern, match_skeleton, parse_pattern
from flask import current_app, g, has_request_context, request, session
from flask_babel import format_datetime, get_locale, get_timezone
from flask_login import current_user


def select_locale() -> str:
    """This browser session's choice, else the user's saved one, else Accept-Language."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # command line, background work
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    user = current_user
    if getattr(user, "is_authenticated", False) and user.locale in languages:
        return user.locale
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def offline_locale() -> str:
    """The reader's language without asking the database (for the page that says it is down).

    The request's own choice when it was already made; else this browser session's
    choice, a signed-in user's saved language only when it is already in memory, then
    Accept-Language.
    """
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    settled = getattr(g.get("_flask_babel"), "babel_locale", None)  # where flask-babel keeps the request's
    if settled is not None:
        return str(settled)
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    user = g.get("_login_user")  # Flask-Login's loaded user, if any; never loaded here
    saved = getattr(user, "__dict__", {}).get("locale")
    if saved in languages:
        return saved
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def select_timezone() -> str:
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_TIMEZONE"]
    user = current_user
    if getattr(user, "is_authenticated", False) and user.timezone:
        return user.timezone
    return current_app.config["BABEL_DEFAULT_TIMEZONE"]


@lru_cache(maxsize=128)
def _pattern(locale: Locale, skeleton: str) -> DateTimePattern:
    """The locale's pattern for a skeleton, parsed once per process (Babel re-parses on every call)."""
    skeletons = locale.datetime_skeletons
    return parse_pattern(skeletons[match_skeleton(skeleton, skeletons) or "yMMMd"])


def _reader():
    """The reader's locale and zone, looked up once per request (a page may show hundreds of times)."""
    cached = g.get("_reader")
    if cached is None:
        cached = g._reader = (get_locale(), get_timezone())
    return cached


def when(value: datetime | None, fmt: str = "short") -> str:
    """A timestamp in the reader's zone and language, e.g. ``28 Nov 2026 20.15``.

    ``short`` is day, month, year, hours and minutes; ``long`` is the date alone
    with the month written out; anything else is a Babel format name or pattern.
    """
    if value is None:
        return ""
    if fmt not in ("short", "long"):
        return format_datetime(value, fmt)
    locale, zone = _reader()
    local = value.astimezone(zone)
    if fmt == "long":
        return _pattern(locale, "yMMMMd").apply(local, locale)
    return _pattern(locale, "yMMMd").apply(local, locale) + " " + _pattern(locale, "Hm").apply(local, locale)


def iso_local(value: datetime | None) -> str:
    """Machine-readable time for ``<time datetime=...>`` (in the reader's zone)."""
    if value is None:
        return ""
    return value.astimezone(_reader()[1]).isoformat(timespec="minutes")


def init_app(app) -> None:
    app.jinja_env.filters["when"] = when
    app.jinja_env.filters["iso_local"] = iso_local
