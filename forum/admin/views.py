"""Pages of administration (admins only): the blueprint; each topic's pages in a module of its own."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from forum.admin import reference_views  # noqa: E402,F401 - its routes land on bp
