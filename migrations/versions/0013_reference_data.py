"""Reference data: regions with Kemendagri codes, kinds and provinces; skills under SKKNI functions.

Existing regions are matched to the register's codes (by slug, else by name in their
province) and linked to their province, which is added; nobody changes region.
Existing skills move to the SKKNI bidang perpustakaan functions; four are renamed and
keep their old slug as an alias; "acquisition, donations, weeding" gets weeding as a
skill of its own, starting from each member's level and goal in the old one.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 15:00:00

"""
import csv
import re
import unicodedata
from pathlib import Path

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

DATA = Path(__file__).resolve().parents[2] / "forum" / "accounts" / "data"
# Province names the earlier demo data used, and the one region that became a province.
PROVINCE_NAMES = {"dki jakarta": "31", "di yogyakarta": "34", "sumbar": "13"}
LEGACY_SLUGS = {"jakarta": "31.71"}

# The earlier taxonomy: slug -> (new slug, SKKNI function, old area).
SKILLS = {
    "collection-selection": ("collection-selection", "collection-development", "collections"),
    "acquisition": ("acquisition", "collection-development", "collections"),
    "cataloguing": ("cataloguing", "organising-materials", "collections"),
    "classification": ("classification", "organising-materials", "collections"),
    "digital-catalogue": ("library-automation", "ict", "technology"),
    "database-management": ("database-management", "ict", "technology"),
    "e-resources": ("digital-collections", "ict", "technology"),
    "social-media": ("social-media", "library-services", "technology"),
    "mobile-and-search-tools": ("search-tools", "ict", "technology"),
    "customer-communication": ("reference-service", "library-services", "service"),
    "complaint-handling": ("complaint-handling", "library-services", "service"),
    "online-reference": ("online-reference", "library-services", "service"),
    "information-literacy": ("information-literacy", "library-services", "education"),
    "programme-design": ("programme-design", "library-services", "programmes"),
    "promotion": ("promotion", "library-services", "programmes"),
    "strategic-planning": ("strategic-planning", "library-management", "strategy"),
    "partnerships": ("partnerships", "library-management", "strategy"),
    "feedback-analysis": ("feedback-analysis", "library-management", "strategy"),
    "evaluation": ("evaluation", "library-management", "strategy"),
}
NAMES = {  # the renamed and narrowed skills' new names (id, en)
    "acquisition": ("Pengadaan bahan perpustakaan (pembelian, hibah, tukar-menukar)",
                    "Acquisition (purchase, donations, exchange)"),
    "library-automation": ("Sistem otomasi perpustakaan dan OPAC (mis. SLiMS, INLISLite)",
                           "Library automation systems and OPAC (e.g. SLiMS, INLISLite)"),
    "reference-service": ("Layanan referensi dan komunikasi dengan pemustaka",
                          "Reference service and communicating with users"),
}
AREAS_BEFORE = {"collections": "collection-development", "technology": "ict", "service": "library-services",
                "education": "library-services", "programmes": "library-services", "strategy": "library-management"}
AREAS_BACK = {"collection-development": "collections", "organising-materials": "collections",
              "library-services": "service", "preservation": "collections", "ict": "technology",
              "library-management": "strategy", "professional-development": "strategy"}

regions = sa.table('regions', sa.column('id', sa.Integer), sa.column('slug', sa.String),
                   sa.column('name', sa.String), sa.column('province', sa.String), sa.column('code', sa.String),
                   sa.column('kind', sa.String), sa.column('parent_id', sa.Integer))
skills = sa.table('skills', sa.column('id', sa.Integer), sa.column('slug', sa.String), sa.column('area', sa.String),
                  sa.column('name_id', sa.String), sa.column('name_en', sa.String),
                  sa.column('retired', sa.Boolean))
aliases = sa.table('skill_aliases', sa.column('slug', sa.String), sa.column('skill_id', sa.Integer))


def _slugify(text):
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _register():
    with open(DATA / "provinces.csv", encoding="utf-8", newline="") as f:
        provinces = {r["code"]: r["name"] for r in csv.DictReader(f)}
    places = []
    with open(DATA / "regencies.csv", encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            city = r["name"].startswith("Kota ")
            name = re.sub(r"^Kota (Administrasi )?", "", r["name"]) if city else r["name"]
            places.append({"code": r["code"], "province": r["province_code"], "name": name,
                           "kind": "city" if city else "regency", "slug": _slugify(name)})
    return provinces, places


def _match(row, provinces, places):
    """The register's place for an older region row: by its slug, else by its name in its province."""
    if row.slug in LEGACY_SLUGS:
        return next(p for p in places if p["code"] == LEGACY_SLUGS[row.slug])
    for p in places:
        if p["slug"] == row.slug:
            return p
    province = _province_code(row.province, provinces)
    name = _slugify(row.name)
    for p in places:
        if (province is None or p["province"] == province) and name in (p["slug"], _slugify("Kota " + p["name"])):
            return p
    return None


def _province_code(name, provinces):
    key = (name or "").strip().lower()
    for code, official in provinces.items():
        if official.lower() == key:
            return code
    return PROVINCE_NAMES.get(key)


def _migrate_regions(bind):
    provinces, places = _register()
    rows = list(bind.execute(sa.select(regions.c.id, regions.c.slug, regions.c.name, regions.c.province)))

    province_ids = {}

    def province_id(code):
        if code not in province_ids:
            slug = "provinsi-" + _slugify(provinces[code])
            found = bind.execute(sa.select(regions.c.id).where(regions.c.code == code)).scalar()
            if found is None:
                found = bind.execute(regions.insert().values(
                    slug=slug, name=provinces[code], province=provinces[code], code=code, kind='province'
                ).returning(regions.c.id)).scalar()
            province_ids[code] = found
        return province_ids[code]

    used = set()
    for row in rows:
        place = _match(row, provinces, places)
        if place is not None and place["code"] not in used:
            used.add(place["code"])
            bind.execute(regions.update().where(regions.c.id == row.id).values(
                code=place["code"], kind=place["kind"], name=place["name"],
                province=provinces[place["province"]], parent_id=province_id(place["province"])))
            continue
        code = _province_code(row.province, provinces)  # unknown to the register: keep it, in its province
        if code is not None:
            bind.execute(regions.update().where(regions.c.id == row.id).values(
                province=provinces[code], parent_id=province_id(code)))



def _migrate_skills(bind):
    rows = list(bind.execute(sa.select(skills.c.id, skills.c.slug, skills.c.area)))
    slugs = {r.slug for r in rows}
    by_slug = {r.slug: r.id for r in rows}
    for row in rows:
        new_slug, area, _old = SKILLS.get(row.slug, (row.slug, AREAS_BEFORE.get(row.area, row.area), None))
        values = {"area": area if area in AREAS_BACK else "library-services"}
        if new_slug != row.slug and new_slug not in slugs:
            values["slug"] = new_slug
            bind.execute(aliases.insert().values(slug=row.slug, skill_id=row.id))
        if new_slug in NAMES:
            values["name_id"], values["name_en"] = NAMES[new_slug]
        bind.execute(skills.update().where(skills.c.id == row.id).values(**values))
    if "acquisition" in by_slug and "weeding" not in slugs:
        weeding = bind.execute(skills.insert().values(
            slug="weeding", area="collection-development", name_id="Penyiangan bahan perpustakaan",
            name_en="Weeding the collection", retired=False).returning(skills.c.id)).scalar()
        for table, column in (("user_skills", "level"), ("mentee_goals", "target")):
            bind.execute(sa.text(
                f"INSERT INTO {table} (user_id, skill_id, {column}) SELECT user_id, :new, {column}"  # noqa: S608
                f" FROM {table} WHERE skill_id = :old"), {"new": weeding, "old": by_slug["acquisition"]})


def upgrade():
    bind = op.get_bind()
    # Plain ALTER TABLE ADD COLUMN (no batch copy): users refer to regions, and copying a table
    # that others refer to fails on SQLite with foreign keys on.
    op.add_column('regions', sa.Column('code', sa.String(length=16), nullable=True))
    op.add_column('regions', sa.Column('kind', sa.String(length=16), server_default='city', nullable=False))
    if bind.dialect.name == "sqlite":
        op.execute("ALTER TABLE regions ADD COLUMN parent_id INTEGER REFERENCES regions (id)")
    else:
        op.add_column('regions', sa.Column('parent_id', sa.Integer(), nullable=True))
        op.create_foreign_key(op.f('fk_regions_parent_id_regions'), 'regions', 'regions', ['parent_id'], ['id'])
    op.create_index(op.f('ix_regions_code'), 'regions', ['code'], unique=True)
    op.create_index(op.f('ix_regions_parent_id'), 'regions', ['parent_id'], unique=False)
    op.add_column('skills', sa.Column('retired', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.create_table('skill_aliases',
    sa.Column('slug', sa.String(length=64), nullable=False),
    sa.Column('skill_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['skill_id'], ['skills.id'], name=op.f('fk_skill_aliases_skill_id_skills'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('slug', name=op.f('pk_skill_aliases'))
    )
    op.create_index(op.f('ix_skill_aliases_skill_id'), 'skill_aliases', ['skill_id'], unique=False)
    _migrate_regions(bind)
    _migrate_skills(bind)


def downgrade():
    bind = op.get_bind()
    # Renamed skills get their old slug back (their aliases); the areas go back to the old six.
    back = {new: old for old, (new, _area, _old_area) in SKILLS.items()}
    old_areas = {old: old_area for old, (_new, _area, old_area) in SKILLS.items()}
    for row in list(bind.execute(sa.select(skills.c.id, skills.c.slug, skills.c.area))):
        slug = back.get(row.slug, row.slug)
        bind.execute(skills.update().where(skills.c.id == row.id).values(
            slug=slug, area=old_areas.get(slug) or AREAS_BACK.get(row.area, row.area)))
    op.drop_index(op.f('ix_skill_aliases_skill_id'), table_name='skill_aliases')
    op.drop_table('skill_aliases')
    op.drop_column('skills', 'retired')
    # Provinces were not regions before: nobody lives in one, so they go.
    bind.execute(regions.update().values(parent_id=None))
    bind.execute(regions.delete().where(regions.c.kind == 'province'))
    op.drop_index(op.f('ix_regions_parent_id'), table_name='regions')
    op.drop_index(op.f('ix_regions_code'), table_name='regions')
    if bind.dialect.name != "sqlite":
        op.drop_constraint(op.f('fk_regions_parent_id_regions'), 'regions', type_='foreignkey')
    op.drop_column('regions', 'parent_id')
    op.drop_column('regions', 'kind')
    op.drop_column('regions', 'code')
