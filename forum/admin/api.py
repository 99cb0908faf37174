"""JSON twins of the admin pages live with the data they change (skills: forum/mentoring/api.py)."""

SCHEMAS: dict = {}
PATHS: dict = {}
