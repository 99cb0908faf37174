"""Page numbers and page objects shared by pages and the API."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from forum.errors import Invalid

MAX_PAGE = 1_000_000


@dataclass
class Page:
    items: list[Any]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    def to_dict(self, item) -> dict:
        return {"items": [item(i) for i in self.items], "page": self.page, "pages": self.pages, "total": self.total}


def page_number(raw) -> int:
    """Parse a ``?page=`` value: a whole number from 1, else a clear error."""
    if raw is None or raw == "":
        return 1
    try:
        page = int(raw)
    except (TypeError, ValueError):
        raise Invalid(_("Page must be a whole number."), fields={"page": _("Page must be a whole number.")}) from None
    if page < 1 or page > MAX_PAGE:
        raise Invalid(_("Page must be 1 or more."), fields={"page": _("Page must be 1 or more.")})
    return page
