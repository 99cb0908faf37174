"""Forms of the mentoring pages.

The profile page has one field per skill, so it reads ``request.form``
directly (``level-SLUG``, ``target-SLUG``); these classes carry CSRF and the
fixed fields. Rules live in the services.
"""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectField, StringField, TextAreaField


class ProfileForm(FlaskForm):
    """CSRF for the skills and opt-in page."""


class ActionForm(FlaskForm):
    """A button: accept, decline, end, publish."""


class CheckInForm(FlaskForm):
    happened_on = StringField(_l("Date"), render_kw={"type": "date"})
    note = TextAreaField(_l("What did you do or agree?"))


class CompleteForm(FlaskForm):
    rating = SelectField(_l("Rating"), validate_choice=False,
                         choices=[SelectChoice(str(n), f"{n} " + "★" * n) for n in range(5, 0, -1)])
    comment = TextAreaField(_l("Comment"))


class RoundForm(FlaskForm):
    region = SelectField(_l("Regions"), validate_choice=False, choices=[
        SelectChoice("neutral", _l("No preference")), SelectChoice("prefer", _l("Prefer the same region")),
        SelectChoice("avoid", _l("Prefer other regions (build the network)"))])
    objective = SelectField(_l("Goal"), validate_choice=False, choices=[
        SelectChoice("max_matched", _l("Match as many mentees as possible, then best total score")),
        SelectChoice("max_score", _l("Best total score"))])
    min_score = StringField(_l("Minimum score of a pair"), default="0", render_kw={"inputmode": "numeric"})


class WhyNotForm(FlaskForm):
    class Meta:
        csrf = False  # a read-only question asked with GET

    mentee = StringField(_l("Mentee (username)"))
    mentor = StringField(_l("Mentor (username)"))
