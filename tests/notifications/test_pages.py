"""The pages: the bell in the header, the notifications page, opening one, the watch forms; no JavaScript."""

from __future__ import annotations

import re

from tests.fixtures.db import counting
from tests.fixtures.web import csrf_from, post_form
from tests.notifications.helpers import items, unread


def _reply(api, thread, body="Cadangkan dulu."):
    return api("budi").post(f"/threads/{thread.id}/posts", {"body": body}).get_json()


def test_the_bell_shows_the_unread_count_to_members_only(api, client, auth, user, other_user, thread):
    assert 'class="bell' not in client.get("/").get_data(as_text=True)  # guests: no bell, no query for it
    _reply(api, thread)
    _reply(api, thread, "Satu lagi.")
    auth.login()
    page = client.get("/").get_data(as_text=True)
    assert re.search(r'class="bell has-unread".*?<span class="badge">2<', page, re.S)


def test_the_bell_costs_one_statement_and_guests_none(app, client, auth, user, other_user, thread, api):
    app.config["PAGE_CACHE"] = False
    _reply(api, thread)
    client.get("/")
    with counting(app) as guest:
        client.get("/")
    auth.login()
    client.get("/")
    with counting(app) as member:
        client.get("/")
    # The table, not a column such as users.email_notifications that every user row has.
    bell = [s for s in member if re.search(r"\bnotifications\b", s)]
    assert len(bell) == 1 and "count(" in bell[0].lower()
    assert not [s for s in guest if re.search(r"\bnotifications\b", s)]


def test_the_page_lists_marks_and_opens(api, client, auth, user, other_user, thread):
    first, second = _reply(api, thread), _reply(api, thread, "Satu lagi.")
    auth.login()
    page = client.get("/notifications").get_data(as_text=True)
    assert page.count('class="card notification unread"') == 2
    assert "Budi replied to “Migrasi SLiMS ke versi 9”" in page
    newest, oldest = items(api("rina"))
    response = post_form(client, "/notifications/read", {"id": str(newest["id"])}, token_from="/notifications")
    assert response.status_code == 302
    page = client.get("/notifications").get_data(as_text=True)
    assert page.count('class="card notification unread"') == 1 and page.count('class="card notification"') == 1
    opened = client.get(f"/notifications/{oldest['id']}/open")
    assert opened.status_code == 302 and opened.headers["Location"].endswith(f"/t/{thread.id}#p{first['id']}")
    assert unread(api("rina")) == 0
    assert second["id"] == newest["post_id"]


def test_mark_all_read_from_the_page(api, client, auth, user, other_user, thread):
    _reply(api, thread)
    _reply(api, thread, "Satu lagi.")
    auth.login()
    response = post_form(client, "/notifications/read", {"all": "1"}, token_from="/notifications",
                         follow_redirects=True)
    assert "All notifications are marked read." in response.get_data(as_text=True)
    assert unread(api("rina")) == 0


def test_forms_need_their_csrf_token(api, client, auth, user, other_user, thread):
    _reply(api, thread)
    auth.login()
    assert client.post("/notifications/read", data={"all": "1"}).status_code == 400
    assert client.post(f"/t/{thread.id}/watch", data={"level": "muted"}).status_code == 400
    assert unread(api("rina")) == 1


def test_a_bad_id_from_the_page_is_a_message(api, client, auth, user, other_user, thread):
    _reply(api, thread)
    auth.login()
    response = post_form(client, "/notifications/read", {"id": "abc"}, token_from="/notifications",
                         follow_redirects=True)
    assert response.status_code == 200
    assert "Every id must be a notification&#39;s number." in response.get_data(as_text=True)
    assert client.get("/notifications/999999/open").status_code == 404


def test_watch_forms_on_thread_and_category_pages(api, client, auth, user, other_user, thread):
    assert 'name="level"' not in client.get(f"/t/{thread.id}").get_data(as_text=True)  # guests: no form
    auth.login()
    page = client.get(f"/t/{thread.id}").get_data(as_text=True)
    assert '<option value="tracking" selected>Tracking</option>' in page  # she started it: tracking
    response = client.post(f"/t/{thread.id}/watch", data={"level": "muted", "csrf_token": csrf_from(page)},
                           follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Notifications for this thread: Muted." in page and '<option value="muted" selected>' in page
    _reply(api, thread, "@rina halo")
    assert unread(api("rina")) == 0
    category = client.get("/c/layanan-pengguna").get_data(as_text=True)
    assert '<option value="normal" selected>Normal</option>' in category
    response = client.post("/c/layanan-pengguna/watch", data={"level": "watching", "csrf_token": csrf_from(category)},
                           follow_redirects=True)
    assert '<option value="watching" selected>' in response.get_data(as_text=True)
    response = client.post("/c/layanan-pengguna/watch", data={"level": "keras", "csrf_token": csrf_from(category)},
                           follow_redirects=True)
    assert "Choose one of: watching, tracking, normal, muted." in response.get_data(as_text=True)
    other = client.get(f"/t/{api('budi').post('/threads', {'category': 'layanan-pengguna', 'title': 'Baru lagi', 'body': 'isi'}).get_json()['id']}")
    assert "(from the category)" in other.get_data(as_text=True)


def test_pages_in_indonesian(api, client, auth, user, other_user, thread):
    _reply(api, thread)
    auth.login()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "id"
    page = client.get("/notifications").get_data(as_text=True)
    assert "Notifikasi" in page and "Budi membalas “Migrasi SLiMS ke versi 9”" in page
    assert "Tandai semua sudah dibaca" in page


def test_the_notifications_page_costs_the_same_for_few_and_many(app, api, client, auth, user, other_user, thread,
                                                                 make_user):
    from forum.board.signals import reaction_added

    _reply(api, thread)
    auth.login()
    client.get("/notifications")
    with counting(app) as few:
        assert client.get("/notifications").status_code == 200
    for i in range(6):
        _reply(api, thread, f"@rina balasan {i}")
    with app.app_context():
        reaction_added.send(None, post_id=thread.last_post_id, thread_id=thread.id, user_id=other_user.id,
                            kind="thanks")
    with counting(app) as many:
        page = client.get("/notifications").get_data(as_text=True)
    assert page.count('class="card notification unread"') == 8
    assert len(many) == len(few), many
