"""Reading notifications: the list and its paging, marking one or all read, bad ids, opening one."""

from __future__ import annotations

import pytest

from tests.notifications.helpers import items, unread


@pytest.fixture
def three(api, user, other_user, thread):
    """Three replies by Budi to Rina's thread: three unread notifications for Rina, newest first."""
    budi = api("budi")
    return [budi.post(f"/threads/{thread.id}/posts", {"body": f"Balasan {i}"}).get_json()["id"] for i in range(3)]


def test_mark_one_then_all_read(api, three):
    rina = api("rina")
    listed = items(rina)
    assert [n["post_id"] for n in listed] == three[::-1]
    assert rina.post("/notifications/read", {"ids": [listed[0]["id"]]}).get_json() == {"count": 2}
    assert [n["read"] for n in items(rina)] == [True, False, False]
    assert [n["id"] for n in items(rina, unread=True)] == [listed[1]["id"], listed[2]["id"]]
    assert rina.post("/notifications/read", {"ids": [listed[0]["id"]]}).get_json() == {"count": 2}  # idempotent
    assert rina.post("/notifications/read", {"all": True}).get_json() == {"count": 0}
    assert unread(rina) == 0 and items(rina, unread=True) == []


def test_paging(app, api, three):
    app.config["NOTIFICATIONS_PER_PAGE"] = 2
    rina = api("rina")
    first, second = rina.get("/notifications").get_json(), rina.get("/notifications?page=2").get_json()
    assert (first["page"], first["pages"], first["total"], len(first["items"])) == (1, 2, 3, 2)
    assert [n["post_id"] for n in second["items"]] == [three[0]]
    assert rina.get("/notifications?page=nol").status_code == 400


@pytest.mark.parametrize("body, message", [
    ({"ids": []}, "Give a list of notification ids."),
    ({"ids": "1"}, "Give a list of notification ids."),
    ({}, "Give a list of notification ids."),
    ({"ids": ["x"]}, "Every id must be a notification's number."),
    ({"ids": [True]}, "Every id must be a notification's number."),
    ({"ids": [1.5]}, "Every id must be a notification's number."),
    ({"ids": [2**40]}, "Every id must be a notification's number."),
    ({"ids": list(range(1, 300))}, "At most 200 ids at once."),
    ({"ids": [999999]}, "No such notification: 999999"),
    ({"all": "yes"}, "Say true or false."),
])
def test_bad_ids_are_refused_and_nothing_is_marked(api, three, body, message):
    rina = api("rina")
    response = rina.post("/notifications/read", body)
    assert response.status_code == 400 and message in str(response.get_json()["error"])
    assert unread(rina) == 3


def test_someone_elses_notification_cannot_be_marked(api, three, sari):
    [mine, *_rest] = items(api("rina"))
    response = api("sari").post("/notifications/read", {"ids": [mine["id"]]})
    assert response.status_code == 400 and f"No such notification: {mine['id']}" in response.get_json()["error"][
        "message"]
    assert unread(api("rina")) == 3


def test_unread_must_be_a_boolean(api, user):
    response = api("rina").get("/notifications?unread=maybe")
    assert response.status_code == 400 and response.get_json()["error"]["fields"]["unread"] == "Say true or false."


def test_guests_are_asked_to_sign_in(client):
    for path in ("/api/v1/notifications", "/api/v1/notifications/unread-count"):
        assert client.get(path).status_code == 401
    assert client.post("/api/v1/notifications/read", json={"all": True}).status_code == 401
    response = client.get("/notifications")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
