"""Admin page for accounts: search and filter (role, region, suspended), change a role, suspend or reinstate."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectChoice, SelectField, StringField

from forum.accounts.models import ROLES
from forum.accounts.services import require_admin
from forum.admin import users
from forum.admin.views import bp
from forum.current import signed_in
from forum.errors import ForumError, Invalid
from forum.forms import show_refusal
from forum.members import services as members
from forum.paging import Page, page_number

ROLE_LABELS = {"member": _l("Member"), "moderator": _l("Moderator"), "admin": _l("Admin")}


class RoleForm(FlaskForm):
    role = SelectField(_l("Role"), choices=[SelectChoice(r, ROLE_LABELS[r]) for r in ROLES], validate_choice=False)
    reason = StringField(_l("Reason (optional, kept in the moderation log)"))
    back = HiddenField()


class StandingForm(FlaskForm):
    reason = StringField(_l("Reason (the member and the moderators read it)"))
    back = HiddenField()


def _back(form) -> str:
    """Where to return after an action: the same page of the list (only ever a page of /admin/users)."""
    target = form.back.data or ""
    base = url_for("admin.users_page")
    if target.startswith(base) and "//" not in target and "\\" not in target:
        return target
    return base


@bp.get("/users")
@login_required
def users_page():
    """Every account, searched and filtered, with a role menu and a suspend button on each."""
    filters = members.Filters.from_args(request.args)
    errors: dict[str, str] = {}
    try:
        results = users.listing(signed_in(), filters, page_number(request.args.get("page")))
    except Invalid as exc:
        results, errors = Page([], 1, members.PER_PAGE, 0), dict(exc.fields)
    regions, _skills = members.choices()
    return render_template("admin/users.html", results=results, filters=filters, errors=errors, regions=regions,
                           roles=ROLE_LABELS, back=request.full_path.rstrip("?")), 400 if errors else 200


@bp.post("/users/<username>/role")
@login_required
def set_role(username):
    """Change an account's role from the list."""
    form = RoleForm()
    require_admin(signed_in())  # others get the 403 page, not a message on a page they cannot open
    try:
        user = users.change_role(signed_in(), username, form.role.data, form.reason.data)
    except ForumError as exc:
        show_refusal(exc)
    else:
        flash(_("%(name)s is now: %(role)s.", name=user.display_name, role=ROLE_LABELS[user.role]), "success")
    return redirect(_back(form))


@bp.post("/users/<username>/suspend")
@login_required
def suspend(username):
    """Suspend an account from the list, saying why."""
    form = StandingForm()
    require_admin(signed_in())
    try:
        user = users.suspend(signed_in(), username, form.reason.data)
    except ForumError as exc:
        show_refusal(exc)
    else:
        flash(_("%(name)s is suspended and signed out everywhere.", name=user.display_name), "success")
    return redirect(_back(form))


@bp.post("/users/<username>/reinstate")
@login_required
def reinstate(username):
    """Lift a suspension from the list, saying why."""
    form = StandingForm()
    require_admin(signed_in())
    try:
        user = users.reinstate(signed_in(), username, form.reason.data)
    except ForumError as exc:
        show_refusal(exc)
    else:
        flash(_("%(name)s can sign in again.", name=user.display_name), "success")
    return redirect(_back(form))
