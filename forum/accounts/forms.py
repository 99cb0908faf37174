"""Forms of the accounts pages. Rules live in the services; these carry CSRF and labels."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length


class LoginForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=256)])
    remember = BooleanField(_l("Keep me signed in on this device"))


class RegisterForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(min=3, max=32)],
                           description=_l("3 to 32 letters, digits, dots, dashes or underscores."))
    display_name = StringField(_l("Full name"), validators=[Length(max=80)])
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(min=10, max=256)],
                             description=_l("At least 10 characters."))
    region = SelectField(_l("Region"), validators=[DataRequired()])
    institution = StringField(_l("Institution"), validators=[Length(max=160)],
                              description=_l("For example: Perpustakaan Kota Bukittinggi"))


class ProfileForm(FlaskForm):
    display_name = StringField(_l("Full name"), validators=[Length(max=80)])
    region = SelectField(_l("Region"), validators=[DataRequired()])
    institution = StringField(_l("Institution"), validators=[Length(max=160)])
    bio = TextAreaField(_l("About you"), validators=[Length(max=2000)])
    timezone = SelectField(_l("Time zone"))
    locale = SelectField(_l("Language"))


class ConfirmForm(FlaskForm):
    """A button that only needs CSRF protection (sign out, sign out everywhere)."""
