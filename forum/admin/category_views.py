"""Admin pages for categories: the list with up/down and archive buttons, add, and edit."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectField, StringField, TextAreaField

from forum.accounts.services import require_admin
from forum.admin.views import bp
from forum.board import categories
from forum.current import signed_in
from forum.errors import ForumError
from forum.forms import show_refusal

KIND_LABELS = {"discussion": _l("Discussion"), "case_study": _l("Case study"), "questions": _l("Questions")}


class CategoryForm(FlaskForm):
    """A category's names and descriptions in both languages, and its kind."""

    name = StringField(_l("Name (Bahasa Indonesia)"))
    name_en = StringField(_l("Name (English)"), description=_l("Optional: English readers see the Indonesian name."))
    description = TextAreaField(_l("Description (Bahasa Indonesia)"))
    description_en = TextAreaField(_l("Description (English)"))
    kind = SelectField(_l("Kind"), choices=[SelectChoice(k, label) for k, label in KIND_LABELS.items()],
                       validate_choice=False)


class NewCategoryForm(CategoryForm):
    slug = StringField(_l("Address (slug)"),
                       description=_l("Lowercase letters, digits and dashes; it appears in links and cannot change."))


def _data(form: CategoryForm) -> dict:
    return {name: getattr(form, name).data or "" for name in
            ("slug", "name", "name_en", "description", "description_en", "kind") if hasattr(form, name)}


@bp.route("/categories", methods=["GET", "POST"])
@login_required
def categories_page():
    """Every category (archived ones marked) with buttons to move, edit and archive; a form to add one."""
    me = signed_in()
    rows = categories.listing(me)
    form = NewCategoryForm()
    if form.validate_on_submit():
        try:
            category = categories.create(me, _data(form))
        except ForumError as exc:
            show_refusal(exc, form)
        else:
            flash(_("Category %(name)s added.", name=category.name), "success")
            return redirect(url_for("admin.categories_page"))
    return render_template("admin/categories.html", categories=rows, form=form,
                           kinds=KIND_LABELS), 400 if form.errors else 200


@bp.route("/categories/<slug>", methods=["GET", "POST"])
@login_required
def category_page(slug):
    """Rename and describe a category in both languages, or change its kind."""
    me = signed_in()
    category = categories.get(me, slug)
    form = CategoryForm(obj=category)
    if form.validate_on_submit():
        try:
            categories.change(me, slug, _data(form))
        except ForumError as exc:
            show_refusal(exc, form)
        else:
            flash(_("Category saved."), "success")
            return redirect(url_for("admin.categories_page"))
    return render_template("admin/category.html", category=category, form=form), 400 if form.errors else 200


@bp.post("/categories/<slug>/move/<direction>")
@login_required
def move_category(slug, direction):
    """Move a category one place up or down the index (a button, no JavaScript)."""
    require_admin(signed_in())  # others get the 403 page
    try:
        categories.move(signed_in(), slug, direction)
    except ForumError as exc:
        show_refusal(exc)
    return redirect(url_for("admin.categories_page") + f"#c-{slug}")


@bp.post("/categories/<slug>/archive")
@login_required
def archive_category(slug):
    """Archive a category: its threads stay readable, it takes no new ones."""
    category = categories.change(signed_in(), slug, {"archived": True})
    flash(_("%(name)s is archived: its threads stay readable, it takes no new threads.", name=category.name),
          "success")
    return redirect(url_for("admin.categories_page"))


@bp.post("/categories/<slug>/unarchive")
@login_required
def unarchive_category(slug):
    """Open an archived category for new threads again."""
    category = categories.change(signed_in(), slug, {"archived": False})
    flash(_("%(name)s takes new threads again.", name=category.name), "success")
    return redirect(url_for("admin.categories_page"))
