"""The SKKNI skill taxonomy: areas, old slugs as aliases, retired skills, and the admin's changes."""

from __future__ import annotations

import pytest

from forum.mentoring import services, skills, taxonomy
from tests.fixtures.api import Api
from tests.fixtures.web import post_form


@pytest.fixture
def admin_api(client, make_user):
    """A JSON client signed in as an admin."""
    make_user("pengelola", role="admin")
    return Api(client).sign_in("pengelola")


def test_skills_are_grouped_under_the_standards_functions(client):
    listed = Api(client).get("/skills").get_json()
    assert {s["area"] for s in listed} == set(taxonomy.AREA_SLUGS)
    by_slug = {s["slug"]: s for s in listed}
    assert by_slug["conservation"]["area"] == "preservation"
    assert by_slug["library-automation"]["name_id"].startswith("Sistem otomasi")
    assert not any(s["retired"] for s in listed)
    assert "digital-catalogue" not in by_slug  # an alias, not a skill of its own


def test_old_slugs_are_accepted_and_answered_with_the_new_ones(client, mentee, app):
    api = Api(client).sign_in("menteebudi")
    response = api.put("/me/skills", {"levels": {"digital-catalogue": 2, "customer-communication": 1,
                                                  "cataloguing": 1}})
    assert response.status_code == 200
    assert response.get_json()["levels"] == {"library-automation": 2, "reference-service": 1, "cataloguing": 1}
    response = api.put("/me/mentoring", {"mentor": None, "mentee": {"goals": {"e-resources": 3}}})
    assert response.status_code == 200 and response.get_json()["mentee"] == {"goals": {"digital-collections": 3}}


@pytest.mark.parametrize(("levels", "message"), [
    ({"digital-catalogue": 2, "library-automation": 3}, "given twice"),
    ({"no-such-skill": 2}, "Unknown skill"),
])
def test_bad_slugs_are_refused(client, mentee, levels, message):
    response = Api(client).sign_in("menteebudi").put("/me/skills", {"levels": levels})
    assert response.status_code == 400
    assert any(message in m for m in response.get_json()["error"]["fields"].values())


def test_a_retired_skill_stays_on_profiles_but_leaves_the_form(client, auth, admin_api, mentor, app):
    assert admin_api.patch("/skills/social-media", {"retired": True}).get_json()["retired"] is True
    api = Api(client).sign_in("mentorsari")
    assert api.get("/me/skills").get_json()["levels"]["social-media"] == 2
    response = api.put("/me/skills", {"levels": {"social-media": 4}})
    assert response.status_code == 400
    assert "retired" in response.get_json()["error"]["fields"]["levels.social-media"]
    # Saving levels without it (as the form does) keeps it; sending it unchanged is fine too.
    assert api.put("/me/skills", {"levels": {"cataloguing": 4}}).get_json()["levels"] == {
        "cataloguing": 4, "social-media": 2}
    assert api.put("/me/skills", {"levels": {"social-media": 2}}).status_code == 200
    auth.login("mentorsari")
    page = client.get("/mentoring/profile").get_data(as_text=True)
    assert 'name="level-cataloguing"' in page and 'name="level-social-media"' not in page
    response = post_form(client, "/mentoring/profile", {"level-cataloguing": "3", "mentor": "1", "capacity": "2",
                                                        "languages": ["id"]})
    assert response.status_code == 302
    with app.app_context():
        assert services.skill_levels(mentor) == {"cataloguing": 3, "social-media": 2}


def test_a_new_goal_in_a_retired_skill_is_refused(client, admin_api, mentee):
    admin_api.patch("/skills/acquisition", {"retired": True})
    response = Api(client).sign_in("menteebudi").put("/me/mentoring", {"mentee": {"goals": {"acquisition": 2}}})
    assert response.status_code == 400 and "retired" in response.get_json()["error"]["fields"][
        "mentee.goals.acquisition"]


def test_admin_adds_renames_and_brings_back_a_skill(client, admin_api, app):
    response = admin_api.post("/skills", {"slug": "arsip-desa", "name_id": "Kearsipan desa",
                                          "name_en": "Village archives", "area": "preservation"})
    assert response.status_code == 201 and response.get_json()["area"] == "preservation"
    assert admin_api.post("/skills", {"slug": "arsip-desa", "name_id": "x", "name_en": "x",
                                      "area": "ict"}).status_code == 409
    assert admin_api.post("/skills", {"slug": "digital-catalogue", "name_id": "x", "name_en": "x",
                                      "area": "ict"}).status_code == 409  # an alias is taken too
    changed = admin_api.patch("/skills/digital-catalogue", {"name_en": "Library systems"}).get_json()
    assert changed["slug"] == "library-automation" and changed["name_en"] == "Library systems"
    admin_api.patch("/skills/arsip-desa", {"retired": True})
    assert admin_api.patch("/skills/arsip-desa", {"retired": False}).get_json()["retired"] is False
    assert admin_api.patch("/skills/nothing-here", {"retired": True}).status_code == 404


@pytest.mark.parametrize(("body", "field", "message"), [
    ({"slug": "Bad Slug", "name_id": "a", "name_en": "a", "area": "ict"}, "slug", "lowercase"),
    ({"slug": "ok", "name_id": "", "name_en": "a", "area": "ict"}, "name_id", "1 to 160"),
    ({"slug": "ok", "name_id": "a", "name_en": "a" * 161, "area": "ict"}, "name_en", "1 to 160"),
    ({"slug": "ok", "name_id": "a", "name_en": "a", "area": "collections"}, "area", "Choose one of"),
    ({"slug": 5, "name_id": "a", "name_en": "a", "area": "ict"}, "slug", "lowercase"),
])
def test_adding_a_skill_with_bad_input_says_why(admin_api, body, field, message):
    response = admin_api.post("/skills", body)
    assert response.status_code == 400 and message in response.get_json()["error"]["fields"][field]


@pytest.mark.parametrize(("body", "field", "message"), [
    ({"retired": "yes"}, "retired", "true or false"),
    ({}, "retired", "Give retired"),
    ({"name_id": None}, "name_id", "1 to 160"),
    ({"area": "strategy"}, "area", "Choose one of"),
])
def test_changing_a_skill_with_bad_input_says_why(admin_api, body, field, message):
    response = admin_api.patch("/skills/cataloguing", body)
    assert response.status_code == 400 and message in response.get_json()["error"]["fields"][field]


def test_admin_pages_add_rename_and_retire(client, auth, make_user, app):
    make_user("pengelola", role="admin")
    auth.login("pengelola")
    page = client.get("/admin/skills").get_data(as_text=True)
    assert "Preservation" in page and "digital-catalogue" in page  # the old slug shown beside its skill
    response = post_form(client, "/admin/skills", {"slug": "arsip-desa", "name_id": "Kearsipan desa",
                                                   "name_en": "Village archives", "area": "preservation"},
                         token_from="/admin/skills")
    assert response.status_code == 302
    response = post_form(client, "/admin/skills", {"slug": "arsip-desa", "name_id": "a", "name_en": "b",
                                                   "area": ""}, token_from="/admin/skills")
    assert response.status_code == 400 and "Choose one of" in response.get_data(as_text=True)
    response = post_form(client, "/admin/skills/cataloguing", {"name_id": "Katalogisasi", "name_en": "Cataloguing"},
                         token_from="/admin/skills")
    assert response.status_code == 302
    response = post_form(client, "/admin/skills/promotion", {"retired": "1"}, token_from="/admin/skills")
    assert response.status_code == 302
    with app.app_context():
        known = skills.resolver()
        assert known["arsip-desa"].area == "preservation" and known["cataloguing"].name_id == "Katalogisasi"
        assert known["promotion"].retired
        assert "promotion" not in {s.slug for _a, group in services.skills_by_area() for s in group}
