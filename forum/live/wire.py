"""The JSON of Socket.IO packets: a number too long to be an id arrives as a marker, not an exception.

python-engineio's own JSON module raises on integers of more than 100 digits
while the packet is decoded, before any handler runs, so the sender would get
no answer at all. Here such a number becomes a :class:`TooLongNumber`, which
``live.events.check_payload`` refuses with a ``bad_payload`` error event
naming the field, like any other bad payload.
"""

from __future__ import annotations

from json import dumps
from json import loads as _loads

__all__ = ["TooLongNumber", "dumps", "loads"]

MAX_DIGITS = 100  # as python-engineio: far beyond any id, far below Python's 4,300-digit limit


class TooLongNumber:
    """A whole number given with more than ``MAX_DIGITS`` digits; never converted."""

    __slots__ = ("digits",)

    def __init__(self, text: str):
        self.digits = len(text.lstrip("-"))

    def __repr__(self) -> str:
        return f"TooLongNumber({self.digits} digits)"


def _whole(text: str):
    return int(text) if len(text) <= MAX_DIGITS else TooLongNumber(text)


def loads(*args, **kwargs):
    kwargs.setdefault("parse_int", _whole)
    return _loads(*args, **kwargs)
