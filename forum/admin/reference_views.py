"""Admin pages for reference data: the skill taxonomy (add, rename, retire) and regions (rename, add)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from forum.accounts import regions
from forum.admin.views import bp
from forum.current import signed_in
from forum.errors import ForumError
from forum.forms import show_refusal
from forum.mentoring import skills as skill_table
from forum.mentoring.taxonomy import AREA_LABELS


def _skills_page(errors: dict | None = None, values: dict | None = None, status: int = 200):
    groups = skill_table.for_admin(signed_in())
    return render_template("admin/skills.html", groups=groups, area_labels=AREA_LABELS,
                           aliases=skill_table.aliases(), errors=errors or {}, values=values or {}), status


@bp.get("/skills")
@login_required
def skills():
    """The skill taxonomy by SKKNI function, retired skills too."""
    return _skills_page()


@bp.post("/skills")
@login_required
def add_skill():
    """Add a skill."""
    data = {k: request.form.get(k, "").strip() for k in ("slug", "name_id", "name_en", "area")}
    try:
        skill = skill_table.add_skill(signed_in(), data)
    except ForumError as exc:
        return _skills_page(show_refusal(exc, inline=True), data, 400)
    flash(_("The skill %(skill)s is added.", skill=skill.name), "success")
    return redirect(url_for("admin.skills"))


@bp.post("/skills/<slug>")
@login_required
def update_skill(slug):
    """Rename a skill, or retire it (or bring it back)."""
    form = request.form
    if "retired" in form:
        data = {"retired": form.get("retired") == "1"}
    else:
        data = {k: form.get(k, "").strip() for k in ("name_id", "name_en", "area") if k in form}
    try:
        skill = skill_table.update_skill(signed_in(), slug, data)
    except ForumError as exc:
        return _skills_page({f"{slug}.{k}": v for k, v in show_refusal(exc, inline=True).items()}, status=400)
    if "retired" in data:
        flash(_("%(skill)s is retired: it stays on profiles but leaves the forms.", skill=skill.name)
              if skill.retired else _("%(skill)s is offered in the forms again.", skill=skill.name), "success")
    else:
        flash(_("The skill is renamed: %(skill)s.", skill=skill.name), "success")
    return redirect(url_for("admin.skills") + f"#skill-{skill.slug}")


def _regions_page(province: str | None, errors: dict | None = None, values: dict | None = None, status: int = 200):
    provinces, chosen, places = regions.for_admin(signed_in(), province)
    return render_template("admin/regions.html", provinces=provinces, chosen=chosen, places=places,
                           errors=errors or {}, values=values or {}), status


@bp.get("/regions")
@login_required
def regions_page():
    """Every province; with ?province=CODE, its regencies and cities to rename, and a form to add one."""
    return _regions_page(request.args.get("province") or None)


@bp.post("/regions")
@login_required
def add_region():
    """Add a regency or city to a province."""
    data = {k: request.form.get(k, "").strip() for k in ("province", "name", "kind", "code", "slug")}
    data = {k: v for k, v in data.items() if v or k in ("province", "name", "kind")}
    try:
        region = regions.add_region(signed_in(), data)
    except ForumError as exc:
        return _regions_page(data.get("province") or None, show_refusal(exc, inline=True), data, 400)
    flash(_("%(region)s is added.", region=region.full_name), "success")
    return redirect(url_for("admin.regions_page", province=region.parent.code if region.parent else None))


@bp.post("/regions/<slug>")
@login_required
def rename_region(slug):
    """Rename a province, regency or city."""
    try:
        region = regions.rename_region(signed_in(), slug, {"name": request.form.get("name", "")})
    except ForumError as exc:
        return _regions_page(request.form.get("province") or None,
                             {f"{slug}.{k}": v for k, v in show_refusal(exc, inline=True).items()}, status=400)
    flash(_("The region is renamed: %(region)s.", region=region.full_name), "success")
    code = region.code if region.kind == "province" else (region.parent.code if region.parent else None)
    return redirect(url_for("admin.regions_page", province=code))
