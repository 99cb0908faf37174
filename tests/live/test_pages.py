"""Live sessions through the pages and the JSON API."""

from __future__ import annotations

from tests.fixtures.api import Api
from tests.fixtures.web import post_form


def test_schedule_page_takes_local_time(client, auth, host, app):
    auth.login("sari")
    response = post_form(client, "/live/new", {"title": "Diskusi studi kasus layanan", "category": "studi-kasus",
                                               "starts_at": "2030-01-15T19:30", "duration_minutes": "90",
                                               "description": "Kasus keluhan denda"})
    assert response.status_code == 302, response.get_data(as_text=True)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Jan 15, 2030 19:30" in page  # shown back in WIB, as entered
    assert "Add to calendar" in page
    session = Api(client).get("/live-sessions").get_json()[0]
    assert session["starts_at"] == "2030-01-15T12:30:00+00:00"  # stored in UTC


def test_schedule_refuses_bad_input_and_members(app, client, auth, host, user):
    auth.login("sari")
    response = post_form(client, "/live/new", {"title": "x", "category": "nope", "starts_at": "kemarin",
                                               "duration_minutes": "5"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    for message in ("3 to 160", "Choose a category", "2026-12-01T19:30", "15 to 480"):
        assert message in page
    auth.logout()
    auth.login("rina")
    assert client.get("/live/new").status_code == 403
    api = Api(app.test_client()).sign_in("rina")
    response = api.post("/live-sessions", {"title": "Sesi saya", "category": "mentoring",
                                           "starts_at": "2030-01-01T10:00:00+07:00"})
    assert response.status_code == 403


def test_api_schedule_open_close(client, host):
    api = Api(client).sign_in("sari")
    created = api.post("/live-sessions", {"title": "Tanya jawab iPusnas", "category": "layanan-online",
                                          "starts_at": "2030-03-01T09:00:00+07:00"})
    assert created.status_code == 201
    sid = created.get_json()["id"]
    assert created.get_json()["state"] == "scheduled" and created.get_json()["starts_at"] == "2030-03-01T02:00:00+00:00"
    assert api.post(f"/live-sessions/{sid}/close").status_code == 409
    assert api.post(f"/live-sessions/{sid}/open").get_json()["state"] == "open"
    closed = api.post(f"/live-sessions/{sid}/close").get_json()
    assert closed["state"] == "closed" and closed["transcript_thread_id"]
    assert api.get(f"/live-sessions/{sid}").get_json()["transcript_thread_id"] == closed["transcript_thread_id"]
    assert api.get("/live-sessions/999999").status_code == 404


def test_session_pages(client, auth, scheduled, user):
    page = client.get(f"/live/{scheduled.id}").get_data(as_text=True)
    assert "Starts in" in page and "Klinik katalogisasi bulanan" in page
    ics = client.get(f"/live/{scheduled.id}.ics")
    assert ics.mimetype == "text/calendar"
    text = ics.get_data(as_text=True)
    assert "BEGIN:VEVENT" in text and "SUMMARY:Klinik katalogisasi bulanan" in text and "\r\n" in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    assert "Klinik katalogisasi bulanan" in client.get("/live/").get_data(as_text=True)


def test_open_room_page(client, auth, live, user):
    auth.login("rina")
    page = client.get(f"/live/{live.id}").get_data(as_text=True)
    assert 'id="room"' in page and "socket.io.min.js" in page and "js/live.js" in page
    assert "%(name)s is typing" in page  # the placeholder is left for the script to fill
    auth.logout()
    assert "Sign in to join the room" in client.get(f"/live/{live.id}").get_data(as_text=True)
