"""The /api/v1 blueprint: bearer tokens, JSON in and out, paging helpers.

Each capability adds its routes to ``bp`` in its own ``api.py``; this module
holds what they share. A request authenticates with ``Authorization: Bearer
TOKEN`` or the browser session; a write over the session must carry the CSRF
token in an ``X-CSRFToken`` header, like the pages' forms.
"""

from __future__ import annotations

from flask import Blueprint, g, jsonify, request
from flask_babel import gettext as _
from flask_login import current_user

from forum.errors import Invalid, NotSignedIn
from forum.extensions import csrf
from forum.paging import page_number

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def bearer_token() -> str | None:
    """The token of an ``Authorization: Bearer`` header ("" when the header names none), else None."""
    header = request.headers.get("Authorization", "")
    scheme, _sep, token = header.strip().partition(" ")
    if scheme.lower() == "bearer":
        return token.strip()
    return None


@bp.before_request
def _authenticate():
    """One identity per request: a bearer token (the session is then ignored), or the session with its CSRF header."""
    from forum.accounts.services import user_for_token

    token = bearer_token()
    if token is not None:
        user = user_for_token(token)
        if user is None:
            raise NotSignedIn(_("The token is unknown, expired or revoked."))
        g._login_user = user  # Flask-Login's current user for this request: the token's, whoever the cookie names
        return
    # Signed in through the browser session: writes need the CSRF header, as forms do.
    if request.method in WRITE_METHODS and current_user.is_authenticated:
        csrf.protect()


def json_body() -> dict:
    """The request's JSON object, or a clear 400/415."""
    if not request.is_json:
        raise Invalid(_("Send a JSON object with Content-Type: application/json."))
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise Invalid(_("The body must be a JSON object."))
    return data


def require_user():
    if not current_user.is_authenticated:
        raise NotSignedIn()
    return current_user._get_current_object()


def viewer():
    return current_user._get_current_object() if current_user.is_authenticated else None


def page_arg() -> int:
    return page_number(request.args.get("page"))


def created(payload: dict):
    return jsonify(payload), 201


def register_routes() -> None:
    """Import each capability's API module so its routes land on ``bp``."""
    from forum.accounts import api as _accounts  # noqa: F401
    from forum.board import api as _board  # noqa: F401
    from forum.live import api as _live  # noqa: F401
    from forum.mentoring import api as _mentoring  # noqa: F401
    from forum.moderation import api as _moderation  # noqa: F401
