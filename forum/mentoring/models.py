"""Tables of mentoring. The skill taxonomy is shared with profiles and the matcher."""

from __future__ import annotations

from flask_babel import get_locale
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from forum.extensions import db


class Skill(db.Model):
    __tablename__ = "skills"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    area: Mapped[str] = mapped_column(String(32))
    name_en: Mapped[str] = mapped_column(String(160))
    name_id: Mapped[str] = mapped_column(String(160))

    @property
    def name(self) -> str:
        locale = get_locale()
        return self.name_en if locale and locale.language == "en" else self.name_id

    def to_dict(self) -> dict:
        return {"slug": self.slug, "name": self.name, "area": self.area, "name_en": self.name_en,
                "name_id": self.name_id}
