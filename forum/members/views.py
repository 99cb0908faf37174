"""Pages of the directory: find members by name, institution, region, skill and mentoring (signed-in members)."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import login_required

from forum.current import signed_in
from forum.errors import Invalid
from forum.members import services
from forum.paging import Page, page_number

bp = Blueprint("members", __name__)


@bp.get("/members")
@login_required
def index():
    """The member directory: a search form, then a page of members (bad filters are said beside the form)."""
    filters = services.Filters.from_args(request.args)
    filters.role = filters.suspended = None  # the admins' filters live on /admin/users
    errors: dict[str, str] = {}
    try:
        results = services.search(signed_in(), filters, page_number(request.args.get("page")))
    except Invalid as exc:
        results, errors = Page([], 1, services.PER_PAGE, 0), dict(exc.fields)
    regions, skills = services.choices()
    return render_template("members/index.html", results=results, filters=filters, errors=errors,
                           regions=regions, skills=skills), 400 if errors else 200
