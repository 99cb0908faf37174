"""The OpenAPI 3.1 description of /api/v1, assembled from each capability's fragment.

Each capability's ``api.py`` ends with ``PATHS``: the description of the routes
it defines, beside the code. This module holds what they share (the helpers
below, the schemas of errors and pages, the security schemes) and assembles
the document served at ``/api/v1/openapi.json``. ``tests/test_openapi.py``
walks ``app.url_map`` and fails when a route and its description drift apart.
"""

from __future__ import annotations

from typing import Any

Schema = dict[str, Any]

ERROR_STATUSES = {
    400: "Invalid input; `fields` names every bad field.",
    401: "Not signed in, or the token is unknown, expired or revoked.",
    403: "Signed in but not allowed (suspended, not a moderator, not a party ...).",
    404: "Missing, or not visible to the reader.",
    409: "Conflicts with the current state.",
    413: "The body is too large.",
    415: "The body is not of the media type this operation takes.",
    429: "Rate limited; `Retry-After` says when to try again.",
}
# Any request can be refused for bad input, a bad token, or a rate limit.
ALWAYS = (400, 401, 429)
BEARER = {"bearerAuth": []}
SESSION = {"sessionCookie": [], "csrfHeader": []}
SESSION_READ = {"sessionCookie": []}


def ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema: Schema) -> Schema:
    return {"anyOf": [schema, {"type": "null"}]}


def obj(required: dict[str, Schema], optional: dict[str, Schema] | None = None, **extra) -> Schema:
    """An object schema; more properties are allowed (CONTRACT: field lists are the minimum)."""
    return {"type": "object", "required": list(required), "properties": {**required, **(optional or {})}, **extra}


def array(items: Schema) -> Schema:
    return {"type": "array", "items": items}


def page_of(item: Schema) -> Schema:
    return obj({"items": array(item), "page": INT, "pages": INT, "total": INT})


STR = {"type": "string"}
INT = {"type": "integer"}
BOOL = {"type": "boolean"}
NUM = {"type": "number"}
TIME = {"type": "string", "format": "date-time"}
ID_PARAM_SCHEMA = {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}


def path_param(name: str, schema: Schema | None = None, description: str = "") -> dict:
    return {"name": name, "in": "path", "required": True, "schema": schema or ID_PARAM_SCHEMA,
            "description": description or name}


def query_param(name: str, schema: Schema, description: str = "") -> dict:
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description or name}


PAGE_PARAM = query_param("page", {"type": "integer", "minimum": 1, "maximum": 1_000_000}, "page number, from 1")


def op(summary: str, *, ok: int = 200, answer: Schema | None = None, body: Schema | None = None,
       params: tuple = (), errors: tuple[int, ...] = (), auth: str = "required", tag: str = "",
       headers: dict | None = None, body_type: str = "application/json") -> dict:
    """One operation: its answer, request body, parameters and the errors it can give.

    ``auth`` is ``required`` (a token, or the session with its CSRF header on writes),
    ``optional`` (guests too; signed-in readers may see more) or ``none``. ``body_type`` is the
    request body's media type (JSON unless said otherwise).
    """
    responses: dict[str, Any] = {}
    if answer is None:
        responses[str(ok)] = {"description": "Done, no content."}
    else:
        responses[str(ok)] = {"description": "Done.", "content": {"application/json": {"schema": answer}}}
    if headers:
        responses[str(ok)]["headers"] = headers
    for status in sorted(set(ALWAYS) | set(errors) | ({403} if auth == "required" else set())):
        responses[str(status)] = {"$ref": f"#/components/responses/E{status}"}
    operation: dict[str, Any] = {"summary": summary, "responses": responses, "x-auth": auth}
    if tag:
        operation["tags"] = [tag]
    if params:
        operation["parameters"] = list(params)
    if body is not None:
        operation["requestBody"] = {"required": True, "content": {body_type: {"schema": body}}}
    return operation


def secured(operation: dict, method: str) -> dict:
    """Fill in ``security`` from the op's auth style (writes over the session need the CSRF header)."""
    auth = operation.pop("x-auth", "required")
    session = SESSION if method in ("post", "put", "patch", "delete") else SESSION_READ
    if auth == "none":
        operation["security"] = [{}]
    elif auth == "optional":
        operation["security"] = [{}, BEARER, session]
    else:
        operation["security"] = [BEARER, session]
    return operation


ERROR = obj({"error": obj({"code": STR, "message": STR},
                          {"fields": {"type": "object", "additionalProperties": STR}})})

COMPONENTS = {
    "securitySchemes": {
        "bearerAuth": {"type": "http", "scheme": "bearer",
                       "description": "A token from `POST /api/v1/tokens`."},
        "sessionCookie": {"type": "apiKey", "in": "cookie", "name": "session",
                          "description": "The browser session of a signed-in member."},
        "csrfHeader": {"type": "apiKey", "in": "header", "name": "X-CSRFToken",
                       "description": "With the session, writes carry the page's CSRF token in this header."},
    },
    "responses": {f"E{status}": {"description": text, "content": {"application/json": {"schema": ref("Error")}}}
                  for status, text in ERROR_STATUSES.items()},
}


def build(fragments: list[tuple[dict[str, Schema], dict[str, dict]]]) -> dict:
    """The whole document from each capability's ``(SCHEMAS, PATHS)``."""
    schemas: dict[str, Schema] = {"Error": ERROR}
    paths: dict[str, dict] = {}
    for capability_schemas, capability_paths in fragments:
        schemas.update(capability_schemas)
        for path, operations in capability_paths.items():
            entry = paths.setdefault(path, {})
            for method, operation in operations.items():
                entry[method] = secured(dict(operation), method)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Jejaring API",
            "version": "1",
            "description": (
                "The JSON API of Jejaring under /api/v1. Authenticate with `Authorization: Bearer TOKEN` "
                "(from `POST /api/v1/tokens`), or the browser session with its CSRF token in an "
                "`X-CSRFToken` header on writes. Errors are always "
                '`{"error": {"code", "message", "fields"?}}`; lists are paged as '
                '`{"items", "page", "pages", "total"}`; timestamps are ISO 8601 with zone.'
            ),
        },
        "paths": dict(sorted(paths.items())),
        "components": {**COMPONENTS, "schemas": dict(sorted(schemas.items()))},
    }
