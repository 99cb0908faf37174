"""JSON route of reply by email: a mail receiver hands over one raw message (CONTRACT, "Email")."""

from __future__ import annotations

from flask import current_app, jsonify, request
from flask_babel import gettext as _

from forum.api import bearer_token, bp
from forum.current import signed_in
from forum.errors import ForumError, NotAllowed
from forum.notifications import incoming
from forum.openapi import BOOL, INT, obj, op, ref

MEDIA_TYPE = "message/rfc822"


class UnsupportedMediaType(ForumError):
    status = 415
    code = "unsupported_media_type"


@bp.post("/incoming-email")
def incoming_email():
    """A mail receiver (an admin's bearer token) hands over one RFC 5322 message to post as a reply."""
    if bearer_token() is None:
        raise NotAllowed(_("Incoming mail is taken with an admin's bearer token only."))
    actor = signed_in()
    if request.mimetype != MEDIA_TYPE:
        raise UnsupportedMediaType(_("Send the raw message with Content-Type: message/rfc822."))
    limit = current_app.config["INCOMING_MAIL_MAX_BYTES"]
    # Mail is bigger than JSON (attachments): its own limit. Read one byte past it and no more: a larger
    # message is refused (too_large, with a mail back) from its headers; a body 4 times larger is a 413.
    request.max_content_length = 4 * limit
    raw = request.stream.read(limit + 1)
    return jsonify(incoming.receive_from_receiver(actor, raw).to_dict())


# -- OpenAPI description (assembled by forum.openapi) ------------------------------------

SCHEMAS = {
    "IncomingEmailResult": obj({"accepted": BOOL},
                               {"post_id": INT, "reason": {"type": "string", "enum": list(incoming.REASONS)}}),
}

PATHS = {
    "/api/v1/incoming-email": {"post": op(
        "Post one raw RFC 5322 message as a reply by email (a mail receiver, with an admin's bearer token): "
        "accepted with the new post's id, or refused with a reason (the sender gets one short mail saying why).",
        answer=ref("IncomingEmailResult"), tag="mail", errors=(413, 415),
        body={"type": "string", "contentMediaType": MEDIA_TYPE, "description": "The raw message."},
        body_type=MEDIA_TYPE)},
}
