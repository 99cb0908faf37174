"""Pages of accounts: register, sign in and out, profiles, settings."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user
from wtforms import SelectChoice

from forum.accounts import services
from forum.accounts.forms import (
    ConfirmForm,
    EmailChangeForm,
    LoginForm,
    PasswordChangeForm,
    ProfileForm,
    RegisterForm,
)
from forum.accounts.limits import remember_browser, sign_in_limits
from forum.board import services as board
from forum.current import signed_in
from forum.errors import ForumError
from forum.extensions import limiter
from forum.forms import show_refusal
from forum.moderation import services as moderation
from forum.moderation.forms import StandingForm
from forum.paging import page_number
from forum.ratelimits import profile_changes
from forum.urls import safe_next

bp = Blueprint("accounts", __name__)

# Zones of Indonesia first; anyone abroad can still pick theirs through the API.
TIMEZONES = {
    "Asia/Jakarta": _l("WIB (Asia/Jakarta)"),
    "Asia/Makassar": _l("WITA (Asia/Makassar)"),
    "Asia/Jayapura": _l("WIT (Asia/Jayapura)"),
    "UTC": "UTC",
}

EMAIL_CHOICES = {
    "immediate": _l("Each notification (gathered: at most one mail every few minutes)"),
    "daily": _l("A daily digest"),
    "weekly": _l("A weekly digest"),
    "off": _l("No mails"),
}


def _region_choices():
    """An empty "choose…" first (nothing is silently preselected), then each province's regencies and cities.

    One ``<optgroup>`` per province works without JavaScript; static/js/regions.js turns it into
    two linked selects, province first.
    """
    choices = [SelectChoice("", _("Choose your regency or city…"))]
    for province, places in services.regions_by_province():
        choices += [SelectChoice(r.slug, r.full_name, optgroup=province.name) for r in places]
    return choices


def _start_session(user, remember: bool) -> None:
    # A fresh session at sign-in: nothing from before it (a fixed session id, say) carries over.
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    login_user(services.start_login(user), remember=remember)


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def register():
    """Create an account."""
    if current_user.is_authenticated:
        return redirect(url_for("board.index"))
    form = RegisterForm()
    form.region.choices = _region_choices()
    if form.validate_on_submit():
        try:
            user = services.register(form.data)
        except ForumError as exc:
            show_refusal(exc, form)
        else:
            _start_session(user, remember=False)
            flash(_("Welcome to Jejaring, %(name)s!", name=user.display_name), "success")
            if not user.email_verified and services.verification_required():
                flash(_("We sent a link to %(address)s: follow it to confirm your address, then you can post.",
                        address=user.email), "info")
            return redirect(url_for("accounts.profile", username=user.username))
    return render_template("accounts/register.html", form=form), 400 if form.errors else 200


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("20 per minute", methods=["POST"])
@sign_in_limits
def login():
    """Sign in; ``next`` may only point back into this site."""
    target = safe_next(request.values.get("next"))
    if current_user.is_authenticated:
        return redirect(target or url_for("board.index"))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = services.authenticate(form.username.data, form.password.data)
        except ForumError as exc:
            show_refusal(exc, form)
        else:
            _start_session(user, remember=form.remember.data)
            return remember_browser(redirect(target or url_for("board.index")), user.username_key)
    return render_template("accounts/login.html", form=form, next=target), 401 if form.errors or (
        request.method == "POST") else 200


@bp.post("/logout")
def logout():
    """Sign out of this browser: its session and remember cookie stop working (other sign-ins stay)."""
    form = ConfirmForm()
    if form.validate_on_submit():
        if current_user.is_authenticated:
            services.end_login(signed_in())
        logout_user()
        lang = session.get("lang")
        session.clear()
        if lang:
            session["lang"] = lang
        flash(_("You are signed out."), "info")
    return redirect(url_for("board.index"))


@bp.get("/u/<username>")
def profile(username):
    """A member's public profile with what they wrote."""
    user = services.get_user_or_404(username)
    viewer = current_user if current_user.is_authenticated else None
    posts = board.posts_by(viewer, user, page_number(request.args.get("page")))
    standing = None
    if moderation.can_suspend(viewer, user):
        standing = {"form": StandingForm(), "latest": moderation.latest_for(user)}
    return render_template("accounts/profile.html", user=user, posts=posts, standing=standing)


def _profile_form(user, *, fill: bool) -> ProfileForm:
    form = ProfileForm(obj=user if fill else None)
    form.region.choices = _region_choices()
    zones = TIMEZONES if user.timezone in TIMEZONES else {**TIMEZONES, user.timezone: user.timezone}
    form.timezone.choices = [SelectChoice(zone, label) for zone, label in zones.items()]
    form.locale.choices = [SelectChoice("", _("Follow my browser")), SelectChoice("id", "Bahasa Indonesia"),
                           SelectChoice("en", "English")]
    form.email_notifications.choices = [SelectChoice(value, label) for value, label in EMAIL_CHOICES.items()]
    if fill:
        form.region.data = user.region.slug
        form.locale.data = user.locale or ""
        form.email_notifications.data = user.email_notifications
    return form


def render_settings(user, form: ProfileForm | None = None, **forms):
    """The settings page; a form given (one that was sent and refused) shows its messages, with a 400."""
    refused = form is not None or bool(forms)
    context = {"form": form or _profile_form(user, fill=True), "confirm": ConfirmForm(),
               "password_form": PasswordChangeForm(prefix="pw"), "email_form": EmailChangeForm(prefix="em"),
               "verification_required": services.verification_required(), **forms}
    return render_template("accounts/settings.html", user=user, **context), 400 if refused else 200


@bp.route("/settings", methods=["GET", "POST"])
@login_required
@profile_changes
def settings():
    """Edit your own profile, language and time zone; the account's safety and data below."""
    user = signed_in()
    if request.method == "GET":
        return render_settings(user)
    form = _profile_form(user, fill=False)
    if form.validate_on_submit():
        try:
            data = form.data
            if data.get("email_notifications") is None:  # a form from before the choice existed: keep it
                data.pop("email_notifications", None)
            services.update_profile(user, user, data)
        except ForumError as exc:
            show_refusal(exc, form)
        else:
            if form.locale.data:
                session["lang"] = form.locale.data
            flash(_("Your profile is saved."), "success")
            return redirect(url_for("accounts.settings"))
    return render_settings(user, form)


@bp.post("/settings/sign-out-everywhere")
@login_required
def sign_out_everywhere():
    """End every session and API token of this account, here included."""
    form = ConfirmForm()
    if form.validate_on_submit():
        services.sign_out_everywhere(current_user)
        logout_user()
        session.clear()
        flash(_("You are signed out on every device."), "info")
    return redirect(url_for("accounts.login"))


from forum.accounts import safety_views as _safety_views  # noqa: E402, F401 - its routes are on ``bp``
