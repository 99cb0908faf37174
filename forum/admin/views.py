"""Pages of administration (admins only; others 403): the home page here, each topic's in its own module."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import login_required

from forum.accounts.services import require_admin
from forum.current import signed_in

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.get("/")
@login_required
def index():
    """The admin home page: a link to every admin page."""
    require_admin(signed_in())
    return render_template("admin/index.html")


# Each topic's pages land on ``bp`` when imported.
from forum.admin import category_views, reference_views, user_views  # noqa: E402, F401
