"""Forms of the moderation pages; the rules live in the services."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice, TextAreaField

from forum.moderation.models import FLAG_REASONS


class StandingForm(FlaskForm):
    """Suspend or reinstate an account, saying why."""

    reason = TextAreaField(_l("Reason (the member and the moderators read it)"))


class FlagForm(FlaskForm):
    """Report a post to the moderators."""

    reason = RadioField(_l("What is wrong with this post?"), validate_choice=False,
                        choices=[SelectChoice(key, label) for key, label in FLAG_REASONS.items()])
    note = TextAreaField(_l("A note for the moderators (needed for “something else”)"))


class PostActionForm(FlaskForm):
    """A moderator's action on a post, saying why."""

    reason = TextAreaField(_l("Reason (the author and the moderators read it)"))
