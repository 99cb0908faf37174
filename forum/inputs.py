"""Untrusted input at the edges: ids, whole numbers, text and JSON that every database can store.

What breaks below the services is refused here with a clear 400 or 404:
NUL characters (PostgreSQL cannot store them), lone surrogates (no encoding
can), ids beyond a 32-bit integer (PostgreSQL's ``integer``; SQLite stops at
2^63), JSON nested too deeply or with numbers too long for Python's ``int``,
digits such as "²" or "⑤" that ``str.isdigit`` accepts and ``int`` refuses.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from flask import Flask, request
from flask_babel import gettext as _
from werkzeug.routing import IntegerConverter

from forum.errors import Invalid

MAX_ID = 2**31 - 1  # PostgreSQL's integer; every table's id fits it
MAX_JSON_DEPTH = 20
_WHOLE = re.compile(r"\s*-?[0-9]{1,9}\s*")  # ASCII digits only: "²".isdigit() is True, int("²") fails
_BAD_CHARS = re.compile("[\x00\ud800-\udfff]")

__all__ = ["MAX_ID", "IdConverter", "check_text", "init_app", "parse_json", "record_id", "text_problem", "whole"]


# 1 .. 2147483647 exactly, as a pattern: a number the pattern refuses matches no route (404) for any
# method. Refusing it later, in to_python, would make werkzeug answer 405 when a route of another method
# (GET /posts/ID beside PATCH /posts/ID) was looked at first.
_ID_PATTERN = ("(?:[1-9][0-9]{0,8}|1[0-9]{9}|20[0-9]{8}|21[0-3][0-9]{7}|214[0-6][0-9]{6}|2147[0-3][0-9]{5}"
               "|21474[0-7][0-9]{4}|214748[0-2][0-9]{3}|2147483[0-5][0-9]{2}|21474836[0-3][0-9]|214748364[0-7])")


class IdConverter(IntegerConverter):
    """``<int:...>`` in every route: 1 .. 2^31-1, so a huge id is a 404, never a database error."""

    regex = _ID_PATTERN

    def __init__(self, map, fixed_digits=0, min=1, max=MAX_ID, signed=False):  # noqa: A002 - werkzeug's names
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def record_id(value) -> int | None:
    """``value`` as a row id (1 .. 2^31-1), or None: for ids that reach services from elsewhere than a URL.

    Examples
    --------
    >>> record_id("12"), record_id(12), record_id(2**31), record_id("²"), record_id(True), record_id(-1)
    (12, 12, None, None, None, None)
    """
    return whole(value, 1, MAX_ID)


def whole(value, low: int, high: int) -> int | None:
    """A whole number from ``low`` to ``high`` given as an int or as ASCII digits, else None.

    Examples
    --------
    >>> whole("3", 0, 4), whole(" 4 ", 0, 4), whole(2, 0, 4)
    (3, 4, 2)
    >>> whole("²", 0, 4), whole("⑤", 1, 5), whole("9" * 5000, 1, 10), whole(True, 0, 4), whole(2.0, 0, 4)
    (None, None, None, None, None)
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        if not _WHOLE.fullmatch(value):
            return None
        value = int(value)
    if not isinstance(value, int):
        return None
    return value if low <= value <= high else None


def text_problem(value: str) -> str | None:
    """Why ``value`` cannot be stored as text, or None.

    Examples
    --------
    >>> text_problem("Perpustakaan Bukittinggi") is None
    True
    >>> text_problem("a\\x00b"), text_problem("a\\ud800b")
    ('NUL', 'surrogate')
    """
    match = _BAD_CHARS.search(value)
    if match is None:
        return None
    return "NUL" if match.group() == "\x00" else "surrogate"


def _message(problem: str) -> str:
    if problem == "NUL":
        return _("Text cannot contain the NUL character (\\u0000).")
    return _("Text cannot contain a lone surrogate (\\ud800-\\udfff); send valid Unicode.")


def check_text(value: str, field: str) -> None:
    """Refuse text no database can store, naming the field."""
    problem = text_problem(value)
    if problem:
        raise Invalid(_message(problem), fields={field: _message(problem)})


def _walk(data: Any, path: str, depth: int) -> None:
    if depth > MAX_JSON_DEPTH:
        raise Invalid(_("The JSON is nested too deeply (at most %(n)d levels).", n=MAX_JSON_DEPTH))
    if isinstance(data, str):
        check_text(data, path or "body")
    elif isinstance(data, dict):
        for key, value in data.items():
            check_text(key, path or "body")
            _walk(value, f"{path}.{key}" if path else key, depth + 1)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            _walk(value, f"{path}.{index}" if path else str(index), depth + 1)


def _finite(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise Invalid(_("Numbers must be finite."))
    return number


def _no_constant(name: str):
    raise Invalid(_("Numbers must be finite."))


def parse_json(raw: bytes | str) -> Any:
    """JSON from a request body, with every value storable and every number finite; else ``Invalid``.

    Examples
    --------
    >>> parse_json(b'{"levels": {"katalogisasi": 3}}')
    {'levels': {'katalogisasi': 3}}
    >>> parse_json("[" * 50 + "]" * 50)
    Traceback (most recent call last):
    ...
    forum.errors.Invalid: The JSON is nested too deeply (at most 20 levels).
    """
    try:
        data = json.loads(raw, parse_float=_finite, parse_constant=_no_constant)
    except RecursionError:
        raise Invalid(_("The JSON is nested too deeply (at most %(n)d levels).", n=MAX_JSON_DEPTH)) from None
    except ValueError as exc:
        if "digits" in str(exc):  # Python refuses ints of more than 4300 digits
            raise Invalid(_("A number in the JSON has too many digits.")) from None
        raise Invalid(_("The body is not valid JSON.")) from None
    _walk(data, "", 0)
    return data


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _check_request() -> None:
    """Refuse NUL characters and lone surrogates in the path, the query string and form fields."""
    # Only a form body is read here: reading another (a raw mail, with its own size limit) would
    # hold it to MAX_CONTENT_LENGTH before its route could say otherwise.
    form = request.form if request.mimetype in FORM_TYPES else {}
    for source in (request.view_args or {}, request.args, form):
        for key, value in (source.items(multi=True) if hasattr(source, "getlist") else source.items()):
            for text in (key, value):
                if isinstance(text, str):
                    check_text(text, str(key))


def init_app(app: Flask) -> None:
    """Install the id converter (before any route is added) and the request check."""
    app.url_map.converters["int"] = IdConverter
    app.before_request(_check_request)
