"""The forum's exception family and the app-wide handlers that answer it.

Services raise these; the edges turn them into a form message, a JSON error
or a socket ``error`` event. Handlers roll the session back first, so a
refused action never leaves half a change behind.
"""

from __future__ import annotations

from flask import Flask, current_app, flash, jsonify, redirect, render_template, request
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import exc as sa_exc
from werkzeug.exceptions import HTTPException

from forum.extensions import db


class ForumError(Exception):
    """Root of everything a service refuses. ``code`` is the JSON error code."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str = "", fields: dict[str, str] | None = None, *, code: str | None = None):
        if code:
            self.code = code  # a more precise code for the same status, e.g. "muted" for a 403
        self.message = message or self.default_message()
        self.fields = fields or {}
        super().__init__(self.message)

    def __str__(self) -> str:
        """The message, then every bad field (what the command line prints, what tests match)."""
        return "; ".join([self.message, *(f"{name}: {why}" for name, why in self.fields.items())])

    def default_message(self) -> str:
        return self.code

    def to_dict(self) -> dict:
        error = {"code": self.code, "message": self.message}
        if self.fields:
            error["fields"] = self.fields
        return {"error": error}


class Invalid(ForumError):
    """Input that breaks a rule; ``fields`` names every bad field at once."""

    status = 400
    code = "invalid"

    def default_message(self) -> str:
        return _("Some fields need attention.")


class NotSignedIn(ForumError):
    status = 401
    code = "not_signed_in"

    def default_message(self) -> str:
        return _("Please sign in first.")


class NotAllowed(ForumError):
    status = 403
    code = "forbidden"

    def default_message(self) -> str:
        return _("You are not allowed to do that.")


class NotFound(ForumError):
    status = 404
    code = "not_found"

    def default_message(self) -> str:
        return _("Not found.")


class Moved(NotFound):
    """What was asked for lives elsewhere now (a thread merged into another): ``target_id`` says where.

    The pages and the API answer a redirect where they read it; anywhere else it is a 404.
    """

    code = "moved"

    def __init__(self, message: str = "", *, target_id: int):
        self.target_id = target_id
        super().__init__(message)


class Conflict(ForumError):
    status = 409
    code = "conflict"

    def default_message(self) -> str:
        return _("That conflicts with something that already exists.")


HTTP_CODES = {
    400: "bad_request",
    401: "not_signed_in",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    429: "rate_limited",
}


def wants_json() -> bool:
    """API paths and clients that ask only for JSON get JSON errors."""
    if request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]


def json_error(status: int, code: str, message: str, fields: dict | None = None):
    error = {"code": code, "message": message}
    if fields:
        error["fields"] = fields
    return jsonify({"error": error}), status


# The database is down, restarting, locked past its busy timeout or out of connections: a 503,
# not a 500. These come from the driver (OperationalError, InterfaceError) or the pool.
DATABASE_DOWN = (sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.DisconnectionError, sa_exc.TimeoutError)


def _rollback() -> None:
    """Roll the request's session back; when even that fails (the server is gone), drop its connections."""
    try:
        db.session.rollback()
    except sa_exc.SQLAlchemyError:
        db.session.invalidate()


def database_unavailable(exc: Exception):
    """A 503 with ``Retry-After`` that touches neither the database nor the signed-in user.

    The page is the standalone ``errors/unavailable.html``, rendered without the
    template context processors (Flask-Login's loads ``current_user``, whose loader
    queries the database), in the language chosen without the account when the
    request had not settled it yet.
    """
    from forum.i18n import offline_locale

    locale = offline_locale()  # before the rollback, which expires a loaded user's attributes
    _rollback()
    current_app.logger.warning("database unavailable on %s %s: %s", request.method, request.path,
                               str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
    retry_after = str(current_app.config.get("DATABASE_RETRY_AFTER", 5))
    with force_locale(locale):
        message = _("The forum cannot reach its database right now. Please try again in a minute.")
        if wants_json():
            response, status = json_error(503, "unavailable", message)
        else:
            # Not render_template: its context processors include Flask-Login's, which loads the user.
            page = current_app.jinja_env.get_template("errors/unavailable.html")
            html = page.render(message=message, current_locale=locale, path=request.path)
            response, status = current_app.make_response(html), 503
    response.status_code = status
    response.headers["Retry-After"] = retry_after
    response.headers["Cache-Control"] = "no-store"
    return response


def register_handlers(app: Flask) -> None:
    """Answer every error as JSON for the API, as a page for people."""

    for kind in DATABASE_DOWN:
        app.register_error_handler(kind, database_unavailable)

    @app.errorhandler(ForumError)
    def forum_error(exc: ForumError):
        db.session.rollback()
        if wants_json():
            return jsonify(exc.to_dict()), exc.status
        if exc.status in (401,):
            flash(exc.message, "error")
            return redirect("/login?next=" + request.full_path.rstrip("?"))
        return render_template("errors/error.html", status=exc.status, message=exc.message,
                               code=exc.code), exc.status

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        db.session.rollback()
        status = exc.code or 500
        code = HTTP_CODES.get(status, "error")
        message = _http_message(status, exc)
        if wants_json():
            response, status = json_error(status, code, message)
            if status == 429 and exc.get_response().headers.get("Retry-After"):
                response.headers["Retry-After"] = exc.get_response().headers["Retry-After"]
            return response, status
        return render_template("errors/error.html", status=status, message=message), status

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        db.session.rollback()
        app.logger.exception("unhandled error on %s %s", request.method, request.path)
        message = _("Something went wrong on our side. Nothing you did was lost; please try again.")
        if wants_json():
            return json_error(500, "server_error", message)
        return render_template("errors/error.html", status=500, message=message), 500


def _http_message(status: int, exc: HTTPException) -> str:
    messages = {
        400: _("The request could not be understood."),
        401: _("Please sign in first."),
        403: _("You are not allowed to do that."),
        404: _("Not found."),
        405: _("That method is not allowed here."),
        413: _("That is too large."),
        415: _("Send JSON with Content-Type: application/json."),
        429: _("Too many requests; please slow down and try again shortly."),
    }
    if status == 400 and exc.description and "CSRF" in exc.description:
        return _("The form expired or was sent from elsewhere; please reload the page and try again.")
    return messages.get(status, exc.description or str(status))
