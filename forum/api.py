"""The /api/v1 blueprint: bearer tokens, JSON in and out, paging helpers.

Each capability adds its routes to ``bp`` in its own ``api.py``; this module
holds what they share. A request authenticates with ``Authorization: Bearer
TOKEN`` or the browser session; a write over the session must carry the CSRF
token in an ``X-CSRFToken`` header, like the pages' forms.
"""

from __future__ import annotations

from flask import Blueprint, current_app, g, jsonify, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from forum.errors import Invalid, NotSignedIn
from forum.extensions import csrf
from forum.inputs import parse_json
from forum.paging import page_number

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)
# The readable docs at /api/docs: an HTML page outside /api/v1 (it is not part of the API).
docs_bp = Blueprint("api_docs", __name__)

# Every capability with JSON routes; each module's routes land on ``bp`` when imported,
# and its ``SCHEMAS`` and ``PATHS`` describe them in the OpenAPI document.

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
    data = parse_json(request.get_data(cache=True))
    if not isinstance(data, dict):
        raise Invalid(_("The body must be a JSON object."))
    return data


def page_arg() -> int:
    return page_number(request.args.get("page"))


def created(payload: dict):
    return jsonify(payload), 201


# JSON routes in modules beside a capability's api.py (each with its own SCHEMAS and PATHS):
# reply by email, kept apart from the notifications' own routes; thread moderation and edit history.
EXTRA_API_MODULES = ("forum.notifications.incoming_api", "forum.board.moderate_api")


def capability_modules() -> list:
    """Each capability's API module (and the extra ones), imported (so its routes land on ``bp``)."""
    from importlib import import_module

    from forum import CAPABILITIES

    return [import_module(f"forum.{name}.api") for name in CAPABILITIES] + [
        import_module(name) for name in EXTRA_API_MODULES]


def register_routes() -> None:
    """Import each capability's API module so its routes land on ``bp``."""
    capability_modules()


def openapi_document() -> dict:
    """The OpenAPI 3.1 document of /api/v1: this module's routes and every capability's."""
    from forum import openapi

    return openapi.build([(OPENAPI_SCHEMAS, OPENAPI_PATHS)]
                         + [(m.SCHEMAS, m.PATHS) for m in capability_modules()])


@bp.get("/openapi.json")
def openapi_json():
    """The OpenAPI 3.1 description of this API."""
    document = current_app.extensions.get("jejaring_openapi")
    if document is None:
        document = current_app.extensions["jejaring_openapi"] = openapi_document()
    return jsonify(document)


@docs_bp.get("/api/docs")
def api_docs():
    """Readable API docs (Swagger UI, vendored) over /api/v1/openapi.json."""
    return render_template("api/docs.html")


OPENAPI_SCHEMAS: dict = {}
OPENAPI_PATHS = {
    "/api/v1/openapi.json": {"get": {
        "summary": "This document: the OpenAPI 3.1 description of /api/v1.", "tags": ["meta"], "x-auth": "none",
        "responses": {"200": {"description": "The document.",
                              "content": {"application/json": {"schema": {"type": "object"}}}},
                      "400": {"$ref": "#/components/responses/E400"},
                      "401": {"$ref": "#/components/responses/E401"},
                      "429": {"$ref": "#/components/responses/E429"}},
    }},
}
