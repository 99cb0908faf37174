"""Forms of the moderation pages; the rules live in the services."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField


class StandingForm(FlaskForm):
    """Suspend or reinstate an account, saying why."""

    reason = TextAreaField(_l("Reason (the member and the moderators read it)"))
