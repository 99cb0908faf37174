"""The forum through its pages: index, lists, threads, posting, editing, quoting, search."""

from __future__ import annotations

import re

from forum.board import services as board
from tests.fixtures.web import post_form


def test_index_shows_categories_with_counts_and_latest(client, thread, post):
    page = client.get("/", headers={"Accept-Language": "id"}).get_data(as_text=True)
    assert "Teknologi Informasi" in page and "Pengelolaan Koleksi" in page
    assert "1 utas" in page or "1 thread" in page
    assert "Migrasi SLiMS ke versi 9" in page  # the latest activity links its thread


def test_category_names_follow_language(client):
    assert "Information Technology" in client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)


def test_new_thread_reply_and_edit(client, auth, user, app):
    auth.login()
    response = post_form(client, "/c/layanan-pengguna/new",
                         {"title": "Menangani keluhan keterlambatan", "body": "Bagaimana *cara* Anda?", "tags": "keluhan"})
    assert response.status_code == 302
    thread_url = response.headers["Location"]
    page = client.get(thread_url).get_data(as_text=True)
    assert "<em>cara</em>" in page and "#keluhan" in page

    thread_id = int(thread_url.rsplit("/", 1)[1])
    response = post_form(client, f"/t/{thread_id}/reply", {"body": "Dengarkan dulu, baru jelaskan aturannya."})
    assert response.status_code == 302
    assert "Dengarkan dulu" in client.get(response.headers["Location"]).get_data(as_text=True)

    with app.app_context():
        first = board.posts_page(board.get_thread(None, thread_id), 1).items[0]
    response = post_form(client, f"/p/{first.id}/edit", {"title": "Menangani keluhan denda", "body": "Versi baru"})
    assert response.status_code == 302
    page = client.get(f"/t/{thread_id}").get_data(as_text=True)
    assert "Menangani keluhan denda" in page and "Versi baru" in page
    assert "diedit" in page or "edited" in page


def test_quote_prefills_reply(client, auth, user, thread, post):
    auth.login()
    page = client.get(f"/t/{thread.id}/reply?quote={post.id}").get_data(as_text=True)
    assert "&gt; **@budi:**" in page and "&gt; Cadangkan database dulu" in page


def test_case_study_template_offered(client, auth, user):
    auth.login()
    page = client.get("/c/studi-kasus/new", headers={"Accept-Language": "id"}).get_data(as_text=True)
    for heading in ("## Situasi", "## Tindakan", "## Hasil", "## Pelajaran"):
        assert heading in page
    assert "## Situasi" not in client.get("/c/layanan-pengguna/new").get_data(as_text=True)


def test_guest_is_sent_to_sign_in(client, thread):
    response = client.get("/c/mentoring/new")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert "Sign in to reply" in client.get(f"/t/{thread.id}", headers={"Accept-Language": "en"}).get_data(as_text=True)


def test_other_member_cannot_edit(client, auth, thread, other_user, app):
    auth.login("budi")
    with app.app_context():
        first = board.posts_page(board.get_thread(None, thread.id), 1).items[0]
    assert client.get(f"/p/{first.id}/edit").status_code == 403
    response = post_form(client, f"/p/{first.id}/edit", {"body": "dirusak"}, token_from="/")
    assert response.status_code == 403
    assert "dirusak" not in client.get(f"/t/{thread.id}").get_data(as_text=True)


def test_thread_pages(client, app, thread, other_user):
    app.config["POSTS_PER_PAGE"] = 3
    with app.app_context():
        for i in range(5):
            board.reply(other_user, thread.id, f"balasan nomor {i}")
    second = client.get(f"/t/{thread.id}?page=2").get_data(as_text=True)
    assert "balasan nomor 2" in second and "balasan nomor 1" not in second
    assert client.get(f"/t/{thread.id}?page=abc").status_code == 400


def test_script_never_survives_in_a_page(client, auth, user):
    auth.login()
    evil = '<script>alert(1)</script> <img src=x onerror=alert(2)> [klik](javascript:alert(3))'
    response = post_form(client, "/c/mentoring/new", {"title": "Uji keamanan", "body": evil})
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "<script>alert(1)" not in page and 'href="javascript:' not in page
    assert not re.search(r"<img[^>]*onerror", page)
    assert "&lt;script&gt;alert(1)" in page  # shown as text, not run


def test_search_page(client, thread, post):
    page = client.get("/search?q=cadangkan").get_data(as_text=True)
    assert "Migrasi SLiMS ke versi 9" in page and "<mark>" in page
    assert client.get("/search?q=" + "x" * 300).status_code == 400


def test_a_post_cannot_forge_a_search_highlight(client, app, thread, other_user):
    """Private-use characters in a post come out as text, never as ``<mark>``."""
    with app.app_context():
        board.reply(other_user, thread.id, "katalog \ue000<b>palsu\ue001 \ue000\ue001 \ue000abc")
    page = client.get("/search?q=katalog").get_data(as_text=True)
    hit = page.split("palsu")[0].rsplit("<li", 1)[-1]
    assert "<mark>katalog</mark>" in page
    assert hit.count("<mark>") == 1 and "<b>" not in page
    api = client.get("/api/v1/search?q=katalog").get_json()
    assert api["items"][0]["snippet_html"].count("<mark>") == 1


def test_guest_page_cache_follows_every_change(client, app, thread, user, other_user):
    """Guests share a rendered page, but a reply or an edit shows up at once."""
    assert "Data anggota hilang" in client.get(f"/t/{thread.id}").get_data(as_text=True)
    with app.app_context():
        board.reply(other_user, thread.id, "Balasan baru setelah halaman tersimpan")
    assert "Balasan baru setelah halaman tersimpan" in client.get(f"/t/{thread.id}").get_data(as_text=True)
    with app.app_context():
        first = board.posts_page(board.get_thread(None, thread.id), 1).items[0]
        board.edit_post(user, first.id, "Isi yang sudah diperbaiki")
    page = client.get(f"/t/{thread.id}").get_data(as_text=True)
    assert "Isi yang sudah diperbaiki" in page and "Data anggota hilang" not in page
    indonesian = client.get(f"/t/{thread.id}", headers={"Accept-Language": "id"}).get_data(as_text=True)
    assert "diedit" in indonesian  # each language has its own copy
