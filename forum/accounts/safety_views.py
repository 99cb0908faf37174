"""Pages of account safety: confirming an address, a forgotten password, password and address changes,
downloading one's data and deleting the account. Routes on the accounts blueprint."""

from __future__ import annotations

import json

from flask import Response, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from forum.accounts import personal, safety
from forum.accounts.forms import (
    ConfirmForm,
    DeleteAccountForm,
    EmailChangeForm,
    ForgotPasswordForm,
    PasswordChangeForm,
    ResetPasswordForm,
)
from forum.accounts.limits import per_reset_address
from forum.accounts.views import _start_session, bp, render_settings
from forum.current import signed_in
from forum.errors import ForumError
from forum.forms import show_refusal
from forum.ratelimits import account_changes, password_resets, verification_mails


@bp.get("/verify/<token>")
def verify(token):
    """Follow the link of a confirmation mail: the address is confirmed."""
    user = safety.verify_email(token)
    flash(_("Thank you: %(address)s is confirmed.", address=user.email), "success")
    return redirect(url_for("accounts.settings") if current_user.is_authenticated else url_for("accounts.login"))


@bp.post("/settings/verification")
@login_required
@verification_mails
def resend_verification():
    """Mail a new confirmation link (the settings page's and the refusal page's button)."""
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            address = safety.resend_verification(signed_in())
        except ForumError as exc:
            show_refusal(exc)
        else:
            flash(_("We sent a new link to %(address)s.", address=address), "success")
    return redirect(url_for("accounts.settings"))


@bp.route("/forgot-password", methods=["GET", "POST"])
@password_resets
@per_reset_address
def forgot_password():
    """Ask for a reset link by mail; the answer is the same whether or not the address has an account."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        try:
            safety.request_password_reset(form.email.data)
        except ForumError as exc:
            show_refusal(exc, form)
        else:
            return render_template("accounts/forgot_password.html", form=form, sent=True)
    return render_template("accounts/forgot_password.html", form=form, sent=False), 400 if form.errors else 200


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token):
    """Choose a new password with the link of a reset mail (once; every device is signed out)."""
    safety.check_reset_link(token)  # an expired or used link: its message, before any form
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            safety.reset_password(token, form.password.data)
        except ForumError as exc:
            show_refusal(exc, form)
        else:
            if current_user.is_authenticated:
                logout_user()
                session.clear()
            flash(_("Your password is changed and every device is signed out. Sign in with the new one."),
                  "success")
            return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_password.html", form=form, token=token), 400 if form.errors else 200


@bp.post("/settings/password")
@login_required
@account_changes
def change_password():
    """Change the password, the current one asked; other devices are signed out, this one stays."""
    form = PasswordChangeForm(prefix="pw")
    if form.validate_on_submit():
        try:
            user = safety.change_password(signed_in(), form.current_password.data, form.password.data)
        except ForumError as exc:
            show_refusal(exc, form)
        else:
            _start_session(user, remember=False)
            flash(_("Your password is changed. Other devices are signed out."), "success")
            return redirect(url_for("accounts.settings"))
    return render_settings(signed_in(), password_form=form)


@bp.post("/settings/email")
@login_required
@account_changes
def change_email():
    """Ask for a new address, the password asked; it takes effect when its link is followed."""
    form = EmailChangeForm(prefix="em")
    if form.validate_on_submit():
        try:
            user = safety.change_email(signed_in(), form.password.data, form.email.data)
        except ForumError as exc:
            show_refusal(exc, form)
        else:
            flash(_("We sent a link to %(address)s: your address changes when you follow it.",
                    address=user.pending_email), "success")
            return redirect(url_for("accounts.settings"))
    return render_settings(signed_in(), email_form=form)


@bp.post("/settings/email/cancel")
@login_required
def cancel_email_change():
    """Keep the current address: forget the new one waiting for its link."""
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            safety.cancel_email_change(signed_in())
        except ForumError as exc:
            show_refusal(exc)
    return redirect(url_for("accounts.settings"))


@bp.get("/settings/export")
@login_required
def export():
    """Download everything the site holds about you, as a JSON file."""
    data = personal.export(signed_in())
    body = json.dumps(data, ensure_ascii=False, indent=2)
    filename = f"jejaring-{data['account']['username']}.json"
    return Response(body, mimetype="application/json",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"})


@bp.route("/settings/delete", methods=["GET", "POST"])
@login_required
@account_changes
def delete_account():
    """Delete your account: a page that says what happens, and asks the password."""
    form = DeleteAccountForm()
    if form.validate_on_submit():
        try:
            personal.delete_account(signed_in(), form.password.data, remove_posts=form.remove_posts.data)
        except ForumError as exc:
            show_refusal(exc, form)
        else:
            logout_user()
            session.clear()
            flash(_("Your account is deleted. Thank you for the time you spent with us."), "info")
            return redirect(url_for("board.index"))
    return render_template("accounts/delete.html", form=form), 400 if form.errors else 200
