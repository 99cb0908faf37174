"""Readers share rendered pages (thread posts, thread lists, the index): nobody sees another's links."""

from __future__ import annotations

from forum.board import services as board


def edit_links(html: str) -> int:
    return html.count("/edit\">")


def test_one_cached_thread_page_serves_each_reader_their_own_links(app, client, auth, user, other_user,
                                                                   moderator, thread):
    assert app.config["PAGE_CACHE"]
    with app.app_context():
        board.reply(other_user, thread.id, "balasan budi")
        board.reply(user, thread.id, "balasan rina")
    path = f"/t/{thread.id}"
    guest = client.get(path).get_data(as_text=True)  # renders the shared copy
    assert edit_links(guest) == 0 and "?quote=" not in guest
    assert "\ue002" not in guest and "\ue003" not in guest

    auth.login("rina")
    rina = client.get(path).get_data(as_text=True)
    assert edit_links(rina) == 2  # her first post and her reply, not Budi's
    assert "?quote=" in rina
    auth.logout()

    auth.login("budi")
    budi = client.get(path).get_data(as_text=True)
    assert edit_links(budi) == 1
    auth.logout()

    auth.login("sari")
    assert edit_links(client.get(path).get_data(as_text=True)) == 3  # a moderator edits any post
    auth.logout()

    again = client.get(path).get_data(as_text=True)
    assert edit_links(again) == 0 and "?quote=" not in again


def test_a_post_cannot_forge_an_edit_mark(app, client, auth, user, other_user, thread):
    with app.app_context():
        board.reply(other_user, thread.id, "\ue002deadbeefdeadbeef:1:1\ue003 tanda palsu")
    auth.login("rina")
    html = client.get(f"/t/{thread.id}").get_data(as_text=True)
    assert "tanda palsu" in html
    assert edit_links(html) == 1  # only her own post


def test_lists_and_index_show_new_threads_at_once(app, client, user):
    assert "Utas baru sekali" not in client.get("/c/teknologi-informasi").get_data(as_text=True)
    assert "Utas baru sekali" not in client.get("/").get_data(as_text=True)
    with app.app_context():
        board.create_thread(user, "teknologi-informasi", "Utas baru sekali", "isi", [])
    assert "Utas baru sekali" in client.get("/c/teknologi-informasi").get_data(as_text=True)
    assert "Utas baru sekali" in client.get("/").get_data(as_text=True)
