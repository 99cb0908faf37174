"""Extreme start dates and endless durations are a 400 with the field named, on the API and the page."""

from __future__ import annotations

import pytest

from tests.fixtures.api import Api
from tests.fixtures.web import post_form

GOOD = {"title": "Diskusi katalogisasi", "category": "studi-kasus", "starts_at": "2027-03-01T19:30:00+07:00"}


@pytest.mark.parametrize(
    ("starts_at", "message"),
    [
        ("0001-01-01T00:00", "A date and time like"),          # moving it to UTC overflowed
        ("0001-01-01T00:00:00+00:00", "A date and time like"),
        ("9999-12-31T23:59:59+00:00", "A date and time like"),  # adding the duration overflowed
        ("9999-12-31T23:59", "A date and time like"),
        ("2999-01-01T10:00:00+07:00", "within the next 3660 days"),
        ("２０２７-01-01T10:00", "A date and time like"),
    ],
)
def test_api_extreme_start_dates(client, host, starts_at, message):
    response = Api(client).sign_in("sari").post("/live-sessions", {**GOOD, "starts_at": starts_at})
    assert response.status_code == 400
    assert message in response.get_json()["error"]["fields"]["starts_at"]


@pytest.mark.parametrize(
    "raw",
    ['{"duration_minutes": 1e999}', '{"duration_minutes": -1e999}', '{"duration_minutes": Infinity}'],
)
def test_api_infinite_durations(client, host, raw):
    api = Api(client).sign_in("sari")
    body = raw[:-1] + ', "title": "Diskusi", "category": "studi-kasus", "starts_at": "2027-03-01T19:30"}'
    response = client.post("/api/v1/live-sessions", data=body, content_type="application/json",
                           headers={"Authorization": f"Bearer {api.token}"})
    assert response.status_code == 400
    assert "Numbers must be finite" in response.get_json()["error"]["message"]


@pytest.mark.parametrize("duration", ["inf", "Infinity", "1e400", "⑤", "9" * 5000, 1.5, True])
def test_api_durations_that_are_not_whole_minutes(client, host, duration):
    response = Api(client).sign_in("sari").post("/live-sessions", {**GOOD, "duration_minutes": duration})
    assert response.status_code == 400
    assert response.get_json()["error"]["fields"]["duration_minutes"] == "From 15 to 480 minutes."


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [("starts_at", "0001-01-01T00:00", "A date and time like"), ("starts_at", "9999-12-31T23:59", "A date and time like"),
     ("duration_minutes", "inf", "15 to 480"), ("duration_minutes", "²", "15 to 480")],
)
def test_page_extreme_values(client, auth, host, field, value, message):
    auth.login("sari")
    form = {"title": "Diskusi katalogisasi", "category": "studi-kasus", "starts_at": "2027-03-01T19:30",
            "duration_minutes": "60", "description": "", field: value}
    response = post_form(client, "/live/new", form)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
