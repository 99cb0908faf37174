"""Admins add, rename, describe, reorder, re-kind and archive categories; nothing is ever deleted."""

from __future__ import annotations

import pytest

from forum.board import categories
from forum.board import services as board
from forum.errors import Invalid
from tests.fixtures.api import Api
from tests.fixtures.web import post_form

NEW = {"slug": "arsip-daerah", "name": "Arsip Daerah", "name_en": "Regional archives",
       "description": "Kearsipan di daerah.", "description_en": "Archives in the regions.", "kind": "questions"}


def test_an_admin_adds_a_category_that_lists_last_in_both_languages(client, admin_api):
    response = admin_api.post("/categories", NEW)
    assert response.status_code == 201
    made = response.get_json()
    assert (made["slug"], made["name_id"], made["name_en"], made["kind"], made["archived"]) == (
        "arsip-daerah", "Arsip Daerah", "Regional archives", "questions", False)
    listed = client.get("/api/v1/categories").get_json()
    assert listed[-1]["slug"] == "arsip-daerah" and listed[-1]["name"] == "Regional archives"
    assert "Arsip Daerah" in client.get("/", headers={"Accept-Language": "id"}).get_data(as_text=True)


def test_a_taken_slug_is_a_conflict(admin_api):
    response = admin_api.post("/categories", {**NEW, "slug": "teknologi-informasi"})
    assert response.status_code == 409
    assert response.get_json()["error"]["fields"] == {"slug": "That slug is taken."}


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"slug": "Arsip Daerah"}, "slug", "lowercase letters, digits or dashes"),
    ({"slug": "-arsip"}, "slug", "starting and ending with a letter or digit"),
    ({"slug": "a" * 65}, "slug", "1 to 64"),
    ({"slug": None}, "slug", "This field is required"),
    ({"name": "   "}, "name", "This field is required"),
    ({"name": "x" * 121}, "name", "At most 120 characters"),
    ({"name": 7}, "name", "Must be text"),
    ({"description": ""}, "description", "This field is required"),
    ({"description_en": "x" * 2001}, "description_en", "At most 2000 characters"),
    ({"kind": "poll"}, "kind", "discussion, case_study, questions"),
])
def test_bad_new_categories_are_refused_with_the_reason(admin_api, change, field, message):
    response = admin_api.post("/categories", {**NEW, **change})
    assert response.status_code == 400
    assert message in response.get_json()["error"]["fields"][field]


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"name": ""}, "name", "This field is required"),
    ({"archived": "yes"}, "archived", "true or false"),
    ({"position": -1}, "position", "from 0 to 10000"),
    ({"position": True}, "position", "from 0 to 10000"),
    ({"position": "3"}, "position", "from 0 to 10000"),
    ({"kind": None}, "kind", "one of"),
])
def test_bad_changes_are_refused_and_change_nothing(client, admin_api, change, field, message):
    response = admin_api.patch("/categories/layanan-online", {"description": "Baru", **change})
    assert response.status_code == 400
    assert message in response.get_json()["error"]["fields"][field]
    shown = {c["slug"]: c for c in client.get("/api/v1/categories").get_json()}["layanan-online"]
    assert shown["description_id"] != "Baru"


def test_the_service_names_every_bad_field_at_once(app, admin):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        with pytest.raises(Invalid, match="name: This field is required.*position: A whole number") as refused:
            categories.change(admin, "layanan-online", {"name": "", "position": -5})
        assert set(refused.value.fields) == {"name", "position"}


def test_rename_and_describe_in_both_languages_shows_at_once_on_cached_pages(app, client, admin_api, thread):
    # The index, the latest list, the category page and a search are rendered and cached first.
    for path in ("/", "/latest", "/c/teknologi-informasi", "/search?q=SLiMS"):
        assert "Teknologi Informasi" in client.get(path, headers={"Accept-Language": "id"}).get_data(as_text=True)
    response = admin_api.patch("/categories/teknologi-informasi", {
        "name": "TIK Perpustakaan", "name_en": "Library ICT", "description": "Sistem, jaringan, SLiMS.",
        "description_en": "Systems, networks, SLiMS.", "kind": "questions"})
    assert response.status_code == 200
    assert response.get_json()["kind"] == "questions"
    for path in ("/", "/latest", "/search?q=SLiMS"):
        page = client.get(path, headers={"Accept-Language": "id"}).get_data(as_text=True)
        assert "TIK Perpustakaan" in page and "Teknologi Informasi" not in page, path
    english = client.get("/").get_data(as_text=True)
    assert "Library ICT" in english and "Systems, networks, SLiMS." in english
    category = client.get("/c/teknologi-informasi").get_data(as_text=True)
    assert "Library ICT" in category


def test_archived_category_keeps_its_threads_readable_and_refuses_new_ones(app, client, admin_api, user, thread):
    assert admin_api.patch("/categories/teknologi-informasi", {"archived": True}).status_code == 200
    member = Api(client).sign_in("rina")
    refused = member.post("/threads", {"category": "teknologi-informasi", "title": "Satu lagi",
                                       "body": "Masih bisa?"})
    assert refused.status_code == 403
    assert refused.get_json()["error"] == {
        "code": "archived",
        "message": "This category is archived: its threads stay readable, but it takes no new threads."}
    assert member.get(f"/threads/{thread.id}").status_code == 200
    assert member.post(f"/threads/{thread.id}/posts", {"body": "Balasan tetap boleh."}).status_code == 201
    listed = {c["slug"]: c for c in client.get("/api/v1/categories").get_json()}
    assert listed["teknologi-informasi"]["archived"] is True
    assert list(listed)[-1] == "teknologi-informasi"  # archived ones list last

    index = client.get("/").get_data(as_text=True)
    assert "badge-archived" in index
    page = client.get("/c/teknologi-informasi").get_data(as_text=True)
    assert "takes no new threads" in page and "/c/teknologi-informasi/new" not in page
    assert "Migrasi SLiMS" in page


def test_the_new_thread_page_of_an_archived_category_is_a_403_saying_why(app, client, auth, user, admin_api):
    admin_api.patch("/categories/studi-kasus", {"archived": True})
    auth.login()
    response = client.get("/c/studi-kasus/new")
    assert response.status_code == 403
    assert "it takes no new threads" in response.get_data(as_text=True)


def test_archived_categories_leave_the_new_thread_choices_but_stay_in_the_filters(app, client, admin, admin_api,
                                                                                 moderator):
    admin_api.patch("/categories/studi-kasus", {"archived": True})
    with app.app_context():
        assert "studi-kasus" not in {c.slug for c in board.category_choices(open_only=True)}
        assert "studi-kasus" in {c.slug for c in board.category_choices()}
    latest = client.get("/latest").get_data(as_text=True)
    assert 'value="studi-kasus"' in latest and "(archived)" in latest
    search = client.get("/search?q=kasus").get_data(as_text=True)
    assert 'value="studi-kasus"' in search and "(archived)" in search
    browser = client.application.test_client()
    from tests.fixtures.web import AuthActions

    AuthActions(browser).login("sari")
    assert 'value="studi-kasus"' not in browser.get("/live/new").get_data(as_text=True)


def test_unarchiving_takes_new_threads_again(client, admin_api, user):
    admin_api.patch("/categories/studi-kasus", {"archived": True})
    admin_api.patch("/categories/studi-kasus", {"archived": False})
    response = Api(client).sign_in("rina").post("/threads", {"category": "studi-kasus", "title": "Kasus baru",
                                                             "body": "Situasinya begini."})
    assert response.status_code == 201


def test_categories_are_never_deleted(admin_api):
    assert admin_api.delete("/categories/teknologi-informasi").status_code == 405


def _order(client) -> list[str]:
    return [c["slug"] for c in client.get("/api/v1/categories").get_json()]


def test_up_and_down_buttons_reorder_the_index(client, admin_browser):
    before = _order(client)
    second = before[1]
    index = client.get("/").get_data(as_text=True)  # rendered and cached
    assert index.index(f'"/c/{before[0]}"') < index.index(f'"/c/{second}"')
    response = post_form(admin_browser, f"/admin/categories/{second}/move/up", {}, token_from="/admin/categories")
    assert response.status_code == 302
    assert _order(client)[:2] == [second, before[0]]
    index = client.get("/").get_data(as_text=True)
    assert index.index(f'"/c/{second}"') < index.index(f'"/c/{before[0]}"')
    post_form(admin_browser, f"/admin/categories/{second}/move/down", {}, token_from="/admin/categories")
    post_form(admin_browser, f"/admin/categories/{second}/move/down", {}, token_from="/admin/categories")
    assert _order(client)[:3] == [before[0], before[2], second]
    last = before[-1]
    post_form(admin_browser, f"/admin/categories/{last}/move/down", {}, token_from="/admin/categories")
    assert _order(client)[-1] == last  # the last one stays last


def test_a_position_sets_the_order(client, admin_api):
    assert admin_api.patch(f"/categories/{_order(client)[-1]}", {"position": 0}).status_code == 200


def test_the_admin_pages_add_edit_and_archive(client, admin_browser):
    page = admin_browser.get("/admin/categories").get_data(as_text=True)
    assert "Teknologi Informasi" in page and "/admin/categories/teknologi-informasi/archive" in page
    response = post_form(admin_browser, "/admin/categories", {**NEW, "name_en": ""})
    assert response.status_code == 302
    assert "Category Arsip Daerah added." in admin_browser.get("/admin/categories").get_data(as_text=True)
    bad = post_form(admin_browser, "/admin/categories", {**NEW, "slug": "arsip-daerah"})
    assert bad.status_code == 400 and "That slug is taken." in bad.get_data(as_text=True)
    wrong = post_form(admin_browser, "/admin/categories", {**NEW, "slug": "Huruf Besar"})
    assert wrong.status_code == 400 and "lowercase letters" in wrong.get_data(as_text=True)

    edit = post_form(admin_browser, "/admin/categories/arsip-daerah",
                     {"name": "Arsip Desa", "name_en": "Village archives", "description": "Arsip desa.",
                      "description_en": "", "kind": "case_study"})
    assert edit.status_code == 302
    shown = {c["slug"]: c for c in client.get("/api/v1/categories").get_json()}["arsip-daerah"]
    assert (shown["name_id"], shown["name_en"], shown["kind"]) == ("Arsip Desa", "Village archives", "case_study")

    post_form(admin_browser, "/admin/categories/arsip-daerah/archive", {}, token_from="/admin/categories")
    page = admin_browser.get("/admin/categories").get_data(as_text=True)
    assert "/admin/categories/arsip-daerah/unarchive" in page and "is archived" in page


def test_a_live_session_keeps_its_transcript_when_its_category_is_archived_meanwhile(app, make_user, admin_api):
    from datetime import timedelta

    from forum.live import services as live
    from forum.models_base import utcnow

    host = make_user("sari", role="moderator")
    with app.app_context():
        session = live.schedule(host, {"title": "Klinik katalogisasi", "category": "pengelolaan-koleksi",
                                       "starts_at": (utcnow() + timedelta(hours=1)).isoformat()})
        live.open_session(host, session.id)
    admin_api.patch("/categories/pengelolaan-koleksi", {"archived": True})
    with app.app_context():
        closed = live.close_session(host, session.id)
        assert board.get_thread(host, closed.transcript_thread_id).category.slug == "pengelolaan-koleksi"
        with pytest.raises(Invalid, match="category: Kategori ini diarsipkan") as refused:
            live.schedule(host, {"title": "Klinik lagi", "category": "pengelolaan-koleksi",
                                 "starts_at": (utcnow() + timedelta(hours=2)).isoformat()})
        assert set(refused.value.fields) == {"category"}
