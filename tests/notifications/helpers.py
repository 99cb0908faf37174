"""What a member's notifications look like through the API."""

from __future__ import annotations


def items(client, unread: bool = False) -> list[dict]:
    """Every notification on the member's first page (``client`` an ``Api`` signed in as them)."""
    response = client.get("/notifications" + ("?unread=true" if unread else ""))
    assert response.status_code == 200, response.get_json()
    return response.get_json()["items"]


def kinds(client) -> list[str]:
    return [n["kind"] for n in items(client)]


def unread(client) -> int:
    response = client.get("/notifications/unread-count")
    assert response.status_code == 200, response.get_json()
    return response.get_json()["count"]
