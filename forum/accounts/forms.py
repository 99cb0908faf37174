"""Forms of the accounts pages.

The rules (lengths, formats, known regions) live in the services, which answer
in the reader's language; these forms carry CSRF, labels and help texts.
"""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired


class LoginForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired()])
    password = PasswordField(_l("Password"), validators=[DataRequired()])
    remember = BooleanField(_l("Keep me signed in on this device"))


class RegisterForm(FlaskForm):
    username = StringField(_l("Username"),
                           description=_l("3 to 32 letters, digits, dots, dashes or underscores."))
    display_name = StringField(_l("Full name"))
    email = EmailField(_l("Email"))
    password = PasswordField(_l("Password"),
                             description=_l("At least 10 characters."))
    region = SelectField(_l("Regency or city"), validate_choice=False, render_kw={"data-regions": ""},
                         description=_l("Where you work: listed by province."))
    institution = StringField(_l("Institution"),
                              description=_l("For example: Perpustakaan Kota Bukittinggi"))


class ProfileForm(FlaskForm):
    display_name = StringField(_l("Full name"))
    region = SelectField(_l("Regency or city"), validate_choice=False, render_kw={"data-regions": ""},
                         description=_l("Where you work: listed by province."))
    institution = StringField(_l("Institution"))
    bio = TextAreaField(_l("About you"))
    timezone = SelectField(_l("Time zone"), validate_choice=False)
    locale = SelectField(_l("Language"), validate_choice=False,
                         description=_l("Of pages, and of the mails we send you (in Bahasa Indonesia while you follow "
                                       "your browser)."))
    email_notifications = SelectField(_l("Notifications by mail"), validate_choice=False)


class ConfirmForm(FlaskForm):
    """A button that only needs CSRF protection (sign out, sign out everywhere)."""


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("Email"), description=_l("The address of your account."))


class ResetPasswordForm(FlaskForm):
    password = PasswordField(_l("New password"), description=_l("At least 10 characters."))


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField(_l("Current password"))
    password = PasswordField(_l("New password"), description=_l("At least 10 characters."))


class EmailChangeForm(FlaskForm):
    email = EmailField(_l("New email address"),
                       description=_l("We mail a link there; the change takes effect when you follow it."))
    password = PasswordField(_l("Current password"))


class DeleteAccountForm(FlaskForm):
    password = PasswordField(_l("Current password"))
    remove_posts = BooleanField(_l("Remove my posts too"),
                                description=_l("Their text is removed; replies by others stay in their threads."))
