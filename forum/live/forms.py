"""Forms of the live pages; the rules live in the services."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField


class ScheduleForm(FlaskForm):
    title = StringField(_l("Title"))
    description = TextAreaField(_l("What will you discuss?"))
    category = SelectField(_l("Category"), validate_choice=False)
    starts_at = StringField(_l("Starts at"), render_kw={"type": "datetime-local"})
    duration_minutes = StringField(_l("Length in minutes"), default="60", render_kw={"inputmode": "numeric"})


class ActionForm(FlaskForm):
    """A button: open or close a session."""
