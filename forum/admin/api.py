"""JSON routes of administration, one module per topic; their descriptions are gathered here."""

from __future__ import annotations

from forum.admin import category_api, user_api

MODULES = (category_api, user_api)
SCHEMAS = {name: schema for module in MODULES for name, schema in module.SCHEMAS.items()}
PATHS = {path: ops for module in MODULES for path, ops in module.PATHS.items()}
