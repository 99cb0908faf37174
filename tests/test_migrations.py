"""The migrations build the schema the models describe, and go down and up again cleanly."""

from __future__ import annotations

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from forum.extensions import db


def test_down_and_up_again(tmp_path, make_app):
    """On its own SQLite file, whatever database the rest of the suite uses."""
    app = make_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'm.db'}"})
    with app.app_context():
        upgrade()
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade()
        tables = set(inspect(db.engine).get_table_names())
        assert {t.name for t in db.metadata.sorted_tables} <= tables
        assert "post_search" in tables


def test_search_text_is_filled_for_posts_written_before_0008(tmp_path, make_app):
    """Posts from before migration 0008 get their stemmed search text and are found by a stem."""
    from sqlalchemy import text

    app = make_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'm.db'}"})
    with app.app_context():
        upgrade(revision="0006")
        with db.engine.begin() as conn:
            conn.execute(text("INSERT INTO regions (id, slug, name, province) VALUES (1, 'padang', 'Padang', 'Sumbar')"))
            conn.execute(text(
                "INSERT INTO users (id, username, username_key, email, display_name, password_hash, role, region_id,"
                " institution, bio, timezone, suspended, session_version, post_count, created_at)"
                " VALUES (1, 'rina', 'rina', 'r@x.id', 'Rina', 'x', 'member', 1, '', '', 'Asia/Jakarta', 0, 1, 1,"
                " '2026-01-01 00:00:00')"))
            conn.execute(text("INSERT INTO categories (id, slug, name, name_en, description, description_en, position,"
                              " kind, thread_count, post_count) VALUES (1, 'umum', 'Umum', '', '', '', 0, 'discussion',"
                              " 1, 1)"))
            conn.execute(text("INSERT INTO threads (id, category_id, author_id, title, created_at, last_post_at,"
                              " post_count, locked, pinned) VALUES (1, 1, 1, 'Kearsipan desa', '2026-01-01 00:00:00',"
                              " '2026-01-01 00:00:00', 1, 0, 0)"))
            conn.execute(text("INSERT INTO posts (id, thread_id, number, author_id, body, html, created_at) VALUES"
                              " (1, 1, 1, 1, '**Perpustakaan** kami', '<p><strong>Perpustakaan</strong> kami</p>',"
                              " '2026-01-01 00:00:00')"))
        upgrade()
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT search_text FROM posts")).scalar() == "pustaka kami"
            assert conn.execute(text("SELECT search_title FROM threads")).scalar() == "arsip desa"
            found = "SELECT rowid FROM post_search WHERE post_search MATCH :q"
            assert conn.execute(text(found), {"q": '"pustaka" AND "arsip"'}).scalars().all() == [1]
        downgrade(revision="0006")
        with db.engine.connect() as conn:
            assert conn.execute(text(found), {"q": '"perpustakaan"'}).scalars().all() == [1]


LEGACY_REGIONS = [("bukittinggi", "Bukittinggi", "Sumatera Barat"), ("padang", "Padang", "Sumatera Barat"),
                  ("kabupaten-agam", "Kabupaten Agam", "Sumatera Barat"), ("jakarta", "Jakarta", "DKI Jakarta"),
                  ("yogyakarta", "Yogyakarta", "DI Yogyakarta"), ("desa-kita", "Desa Kita", "Sumatera Barat")]
LEGACY_SKILLS = [("cataloguing", "collections"), ("acquisition", "collections"), ("digital-catalogue", "technology"),
                 ("customer-communication", "service"), ("evaluation", "strategy"), ("story-telling", "programmes")]
# user id -> {skill slug: level}; and the mentee goals
LEVELS = {1: {"cataloguing": 4, "acquisition": 3, "digital-catalogue": 2},
          2: {"customer-communication": 1, "evaluation": 3, "story-telling": 2},
          3: {"acquisition": 1, "digital-catalogue": 4, "cataloguing": 1, "evaluation": 2}}
GOALS = {2: {"acquisition": 3, "digital-catalogue": 2}, 3: {"acquisition": 4}}
RENAMED = {"digital-catalogue": "library-automation", "customer-communication": "reference-service"}


def _legacy_site(conn):
    from sqlalchemy import text

    for i, (slug, name, province) in enumerate(LEGACY_REGIONS, start=1):
        conn.execute(text("INSERT INTO regions (id, slug, name, province) VALUES (:i, :s, :n, :p)"),
                     {"i": i, "s": slug, "n": name, "p": province})
    for i, (slug, area) in enumerate(LEGACY_SKILLS, start=1):
        conn.execute(text("INSERT INTO skills (id, slug, area, name_en, name_id) VALUES (:i, :s, :a, :s, :s)"),
                     {"i": i, "s": slug, "a": area})
    skill_ids = {slug: i for i, (slug, _a) in enumerate(LEGACY_SKILLS, start=1)}
    for user_id, region_id in ((1, 1), (2, 4), (3, 6)):
        conn.execute(text(
            "INSERT INTO users (id, username, username_key, email, display_name, password_hash, role, region_id,"
            " institution, bio, timezone, suspended, session_version, post_count, created_at)"
            " VALUES (:i, :u, :u, :e, :u, 'x', 'member', :r, '', '', 'Asia/Jakarta', false, 1, 0,"
            " '2026-01-01 00:00:00')"), {"i": user_id, "u": f"user{user_id}", "e": f"u{user_id}@x.id", "r": region_id})
    for user_id, levels in LEVELS.items():
        for slug, level in levels.items():
            conn.execute(text("INSERT INTO user_skills (user_id, skill_id, level) VALUES (:u, :s, :l)"),
                         {"u": user_id, "s": skill_ids[slug], "l": level})
    for user_id, goals in GOALS.items():
        for slug, target in goals.items():
            conn.execute(text("INSERT INTO mentee_goals (user_id, skill_id, target) VALUES (:u, :s, :t)"),
                         {"u": user_id, "s": skill_ids[slug], "t": target})
    if conn.dialect.name == "postgresql":  # rows given their ids: the sequences must move past them
        for table in ("regions", "skills", "users"):
            conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"))


def _pairs(rows) -> dict:
    return {key: value for key, value in rows}


def _profiles(conn, table, column):
    from sqlalchemy import text

    rows = conn.execute(text(f"SELECT t.user_id, s.slug, t.{column} FROM {table} t"  # noqa: S608 - fixed names
                             " JOIN skills s ON s.id = t.skill_id"))
    out: dict[int, dict[str, int]] = {}
    for user_id, slug, value in rows:
        out.setdefault(user_id, {})[slug] = value
    return out


def test_0013_keeps_every_members_region_levels_and_goals(tmp_path, make_app):
    """Regions get their codes and provinces, skills their SKKNI functions; every profile keeps its levels."""
    from sqlalchemy import text

    from forum.mentoring import services

    app = make_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'm.db'}"})
    with app.app_context():
        upgrade(revision="0012")
        with db.engine.begin() as conn:
            _legacy_site(conn)
        upgrade()
        with db.engine.connect() as conn:
            regions = {r.slug: r for r in conn.execute(text(
                "SELECT r.slug, r.name, r.code, r.kind, r.province, p.code AS parent FROM regions r"
                " LEFT JOIN regions p ON p.id = r.parent_id"))}
            users = _pairs(conn.execute(text("SELECT u.id, r.slug FROM users u JOIN regions r ON r.id = u.region_id")))
            skills = {r.slug: r for r in conn.execute(text("SELECT slug, area, retired FROM skills"))}
            aliases = _pairs(conn.execute(text("SELECT a.slug, s.slug FROM skill_aliases a JOIN skills s"
                                             " ON s.id = a.skill_id")))
            levels, goals = _profiles(conn, "user_skills", "level"), _profiles(conn, "mentee_goals", "target")
        assert (regions["bukittinggi"].code, regions["bukittinggi"].kind, regions["bukittinggi"].parent) == (
            "13.75", "city", "13")
        assert (regions["kabupaten-agam"].code, regions["kabupaten-agam"].kind) == ("13.06", "regency")
        assert (regions["jakarta"].code, regions["jakarta"].province) == ("31.71", "Daerah Khusus Ibukota Jakarta")
        assert regions["yogyakarta"].code == "34.71"
        assert regions["provinsi-sumatera-barat"].kind == "province"
        # A region the register does not know stays, in its province, with no code.
        assert (regions["desa-kita"].code, regions["desa-kita"].parent) == (None, "13")
        assert users == {1: "bukittinggi", 2: "jakarta", 3: "desa-kita"}
        assert skills["cataloguing"].area == "organising-materials" and skills["story-telling"].area == "library-services"
        assert aliases == RENAMED
        rename = lambda profile: {RENAMED.get(s, s): v for s, v in profile.items()}  # noqa: E731
        for user_id, before in LEVELS.items():
            expected = rename(before) | ({"weeding": before["acquisition"]} if "acquisition" in before else {})
            assert levels[user_id] == expected, user_id
        for user_id, before in GOALS.items():
            assert goals[user_id] == rename(before) | {"weeding": before["acquisition"]}
        # The old slugs still name the skills.
        from forum.accounts.models import User

        member = db.session.get(User, 1)
        assert services.set_skill_levels(member, member, {"digital-catalogue": 3}) == {"library-automation": 3}
        db.session.remove()
        downgrade(revision="0012")
        with db.engine.connect() as conn:
            assert set(conn.execute(text("SELECT slug FROM skills")).scalars()) >= {s for s, _a in LEGACY_SKILLS}
            assert _pairs(conn.execute(text("SELECT slug, area FROM skills WHERE slug IN ('cataloguing',"
                                            " 'story-telling', 'customer-communication')"))) == {
                "cataloguing": "collections", "story-telling": "service", "customer-communication": "service"}
            assert not conn.execute(text("SELECT count(*) FROM regions WHERE slug LIKE 'provinsi-%'")).scalar()
            assert _pairs(conn.execute(text("SELECT u.id, r.slug FROM users u JOIN regions r"
                                            " ON r.id = u.region_id"))) == users
        upgrade()
