"""Forms of the board pages. Rules live in the services; these carry CSRF and labels."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField


class ThreadForm(FlaskForm):
    title = StringField(_l("Title"))
    body = TextAreaField(_l("Text"),
                         description=_l("Markdown works: **bold**, *italic*, lists, > quotes, [links](https://...)."))
    tags = StringField(_l("Tags"), description=_l("Up to 5, separated by commas: slims, katalogisasi"))


class ReplyForm(FlaskForm):
    body = TextAreaField(_l("Your reply"))


class EditForm(FlaskForm):
    title = StringField(_l("Title"))
    body = TextAreaField(_l("Text"))
