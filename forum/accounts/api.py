"""JSON routes of accounts: registration, tokens, the signed-in user, regions."""

from __future__ import annotations

from flask import jsonify

from forum.accounts import services
from forum.accounts.limits import sign_in_limits
from forum.api import bearer_token, bp, created, json_body, require_user
from forum.extensions import limiter
from forum.ratelimits import profile_changes


@bp.post("/users")
@limiter.limit("10 per hour")
def create_user():
    """Register an account."""
    user = services.register(json_body())
    return created(user.to_private())


@bp.post("/tokens")
@limiter.limit("20 per minute")
@sign_in_limits
def create_token():
    """Trade a username and password for a bearer token."""
    data = json_body()
    user = services.authenticate(data.get("username"), data.get("password"))
    token, expires = services.issue_token(user)
    return created({"token": token, "expires_at": expires.isoformat()})


@bp.delete("/tokens/current")
def delete_token():
    """Revoke the token this request carries."""
    require_user()
    token = bearer_token()
    if token:
        services.revoke_token(token)
    return "", 204


@bp.get("/me")
def me():
    """The signed-in user."""
    return jsonify(require_user().to_private())


@bp.patch("/me")
@profile_changes
def update_me():
    """Change the signed-in user's profile."""
    user = require_user()
    return jsonify(services.update_profile(user, user, json_body()).to_private())


@bp.get("/users/<username>")
def show_user(username):
    """A public profile."""
    return jsonify(services.get_user_or_404(username).to_public())


@bp.get("/regions")
def regions():
    """Every region, by province."""
    return jsonify([r.to_dict() for r in services.regions()])
