"""Mail has no JSON routes of its own: a member's mail settings are fields of ``PATCH /api/v1/me``
(forum/accounts/api.py), and unsubscribing is a page (forum/mail/views.py) that works signed out."""

SCHEMAS: dict = {}
PATHS: dict = {}
