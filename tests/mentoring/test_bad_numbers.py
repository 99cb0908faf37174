"""Levels, capacity and rating take ASCII whole numbers only: "²", "⑤" and 5,000 digits are a 400, not a 500.

``str.isdigit`` accepts "²" and "⑤" and ``int`` then raises; both reached the database layer before.
"""

from __future__ import annotations

import pytest

from tests.fixtures.api import Api
from tests.fixtures.web import post_form

BAD_NUMBERS = ["²", "⑤", "٣", "9" * 5000, "1.5"]


@pytest.mark.parametrize("value", BAD_NUMBERS)
def test_api_skill_levels(client, mentee, value):
    response = Api(client).sign_in("menteebudi").put("/me/skills", {"levels": {"cataloguing": value}})
    assert response.status_code == 400
    assert "a level from 0 to 4" in response.get_json()["error"]["fields"]["levels.cataloguing"]


@pytest.mark.parametrize("value", BAD_NUMBERS)
def test_api_capacity_and_goals(client, mentor, value):
    api = Api(client).sign_in("mentorsari")
    response = api.put("/me/mentoring", {"mentor": {"capacity": value}, "mentee": {"goals": {"cataloguing": value}}})
    assert response.status_code == 400
    fields = response.get_json()["error"]["fields"]
    assert fields["mentor.capacity"] == "How many mentees at once: 1 to 10."
    assert "a level from 1 to 4" in fields["mentee.goals.cataloguing"]


@pytest.mark.parametrize("value", BAD_NUMBERS)
def test_api_rating(client, active, value):
    response = Api(client).sign_in("menteebudi").post(f"/mentorships/{active.id}/complete", {"rating": value})
    assert response.status_code == 400
    assert response.get_json()["error"]["fields"]["rating"] == "A rating from 1 to 5."


@pytest.mark.parametrize("value", BAD_NUMBERS)
def test_profile_page(client, auth, mentee, value):
    auth.login("menteebudi")
    response = post_form(client, "/mentoring/profile", {"level-cataloguing": value, "target-classification": value,
                                                        "mentee": "1", "languages": ["id"]})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "a level from 0 to 4" in page and "a level from 1 to 4" in page


@pytest.mark.parametrize("value", ["²", "⑤", "9" * 5000])
def test_complete_page(client, auth, active, value):
    auth.login("menteebudi")
    response = post_form(client, f"/mentoring/m/{active.id}/complete", {"rating": value, "comment": "",
                                                                       "end-cataloguing": value},
                         token_from=f"/mentoring/m/{active.id}")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "A rating from 1 to 5." in page
