"""Reference data every installation starts from: regions, the default categories, the skill taxonomy.

One source for ``flask --app wsgi seed-reference``, the demo data and the tests.
Loading is idempotent: what is there already stays as it is (an admin may have
renamed it), what is missing is added.
"""

from __future__ import annotations

from sqlalchemy import select

from forum import demo_content as content
from forum.accounts import regions
from forum.board.models import Category
from forum.database import write
from forum.extensions import db
from forum.mentoring import skills


def load() -> dict:
    """Load the reference data; returns how many rows of each kind were added."""
    added = {"regions": regions.load(), "categories": 0, "skills": skills.load()}
    known = set(db.session.scalars(select(Category.slug)))
    with write():
        for position, c in enumerate(content.CATEGORIES):
            if c["slug"] not in known:
                db.session.add(Category(position=position, **c))
                added["categories"] += 1
    return added
