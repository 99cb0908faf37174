"""Forms of the thread moderation pages (the menu on a thread page, the split page); rules live in
``forum.board.moderate``."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField


class ThreadActionForm(FlaskForm):
    """Lock, unlock, pin or unpin, with an optional reason."""

    reason = StringField(_l("Reason (optional; the author and the moderators read it)"))


class MoveForm(ThreadActionForm):
    category = SelectField(_l("Move to category"), choices=[], validate_choice=False)


class MergeForm(ThreadActionForm):
    into = StringField(_l("Merge into thread number"), description=_l("The number in the other thread's address: /t/12"))


class SplitForm(ThreadActionForm):
    title = StringField(_l("Title of the new thread"))
