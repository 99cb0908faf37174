"""Mentoring through the JSON API and the pages, as CONTRACT.md and a member see it."""

from __future__ import annotations

import pytest

from tests.fixtures.api import Api
from tests.fixtures.web import post_form


def test_skills_and_profile_api(client, mentee):
    api = Api(client).sign_in("menteebudi")
    skills = api.get("/skills").get_json()
    assert any(s["slug"] == "cataloguing" and s["area"] == "organising-materials" and s["retired"] is False
               for s in skills)
    assert len(skills) == 27
    response = api.put("/me/skills", {"levels": {"cataloguing": 2, "evaluation": 1}})
    assert response.status_code == 200 and response.get_json()["levels"] == {"cataloguing": 2, "evaluation": 1}
    response = api.put("/me/mentoring", {"mentor": None, "mentee": {"goals": {"cataloguing": 4}}})
    assert response.status_code == 200 and response.get_json()["mentee"] == {"goals": {"cataloguing": 4}}
    response = api.put("/me/skills", {"levels": {"cataloguing": 9}})
    assert response.status_code == 400 and "levels.cataloguing" in response.get_json()["error"]["fields"]


def test_round_api_and_mentorship_lifecycle(client, mentor, mentee):
    mod = Api(client).sign_in("mentorsari")
    response = mod.post("/matching/rounds", {"publish": True})
    assert response.status_code == 201
    body = response.get_json()
    assert body["pairs"][0]["mentor"] == "mentorsari" and body["pairs"][0]["covered"] == ["cataloguing",
                                                                                          "classification"]
    assert body["unmatched"] == []
    budi = Api(client).sign_in("menteebudi")
    mine = budi.get("/me/mentorships").get_json()
    assert [(m["mentor"], m["state"]) for m in mine] == [("mentorsari", "proposed")]
    mid = mine[0]["id"]
    assert budi.post(f"/mentorships/{mid}/accept").get_json()["state"] == "proposed"
    active = mod.post(f"/mentorships/{mid}/accept").get_json()
    assert active["state"] == "active" and active["thread_id"]
    assert budi.post(f"/mentorships/{mid}/checkins", {"date": "2026-01-05", "note": "Belajar DDC"}).status_code == 201
    bad = budi.post(f"/mentorships/{mid}/checkins", {"date": "kemarin", "note": ""})
    assert bad.status_code == 400 and set(bad.get_json()["error"]["fields"]) == {"happened_on", "note"}
    done = budi.post(f"/mentorships/{mid}/complete", {"rating": 5, "comment": "Terima kasih",
                                                      "end_levels": {"cataloguing": 3}})
    assert done.get_json()["state"] == "completed"
    assert budi.post(f"/mentorships/{mid}/decline").status_code == 409


def test_member_cannot_run_round_api(client, mentee):
    response = Api(client).sign_in("menteebudi").post("/matching/rounds", {"publish": False})
    assert response.status_code == 403


@pytest.mark.parametrize("payload", [{"publish": "ya"}, {"publish": True, "policy": {"region": "mars"}}])
def test_round_api_bad_input(client, mentor, payload):
    response = Api(client).sign_in("mentorsari").post("/matching/rounds", payload)
    assert response.status_code == 400


def test_profile_page_saves_levels_and_goals_together(client, auth, mentee, app):
    auth.login("menteebudi")
    page = client.get("/mentoring/profile").get_data(as_text=True)
    assert "Cataloguing" in page or "cataloguing" in page
    form = {"level-cataloguing": "2", "target-cataloguing": "4", "mentee": "1", "languages": ["id", "en"],
            "availability": ["weekend"]}
    response = post_form(client, "/mentoring/profile", form)
    assert response.status_code == 302
    from forum.mentoring import services

    with app.app_context():
        assert services.skill_levels(mentee) == {"cataloguing": 2}
        assert services.goals_of(mentee) == {"cataloguing": 4}
    # A goal not above the level just set is refused, and nothing of the form is saved.
    response = post_form(client, "/mentoring/profile", {"level-cataloguing": "4", "target-cataloguing": "3",
                                                        "mentee": "1", "languages": ["id"]})
    assert response.status_code == 400 and "must be above your current level" in response.get_data(as_text=True)
    with app.app_context():
        assert services.skill_levels(mentee) == {"cataloguing": 2}


def test_pages_through_a_round(client, auth, mentor, mentee):
    auth.login("mentorsari")
    assert "mentees waiting" in client.get("/mentoring/programme").get_data(as_text=True)
    response = post_form(client, "/mentoring/rounds", {"region": "avoid", "objective": "max_matched",
                                                       "min_score": "0"}, token_from="/mentoring/programme")
    assert response.status_code == 302
    round_url = response.headers["Location"]
    page = client.get(round_url).get_data(as_text=True)
    assert "menteebudi" in page and "covers Cataloguing" in page and "1→3" in page and "different regions: Padang / Bukittinggi" in page
    page = client.get(round_url + "?mentee=menteebudi&mentor=mentorsari").get_data(as_text=True)
    assert "Forcing this pair loses nothing" in page
    response = post_form(client, round_url + "/publish", {}, token_from=round_url)
    assert response.status_code == 302
    page = client.get("/mentoring/").get_data(as_text=True)
    assert "Budi Santoso" in page and "Accept" in page


def test_mentoring_pages_are_private(client, auth, proposal, make_user):
    make_user("tetangga")
    auth.login("tetangga")
    assert client.get(f"/mentoring/m/{proposal.id}").status_code == 404
    assert client.get("/mentoring/programme").status_code == 403
    assert post_form(client, f"/mentoring/m/{proposal.id}/accept", {}, token_from="/mentoring/").status_code == 404
