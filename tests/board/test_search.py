"""Search as a new member tries it (issue 9): each problem seen on the demo data is a test here.

One hit per thread with its best posts, plain snippets, no prefix match for
short words, Indonesian stems, phrase, -exclude and OR, every filter, a too
long query answered in the form, and private threads never found by outsiders.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import update

from forum.board import services as board
from forum.board.models import Post, Thread
from forum.extensions import db
from tests.fixtures.api import Api


@pytest.fixture
def forum(app, user, other_user, make_user):
    """A small forum: a long thread about the catalogue, libraries, phrases, Koha and SLiMS, an old post."""
    ids = {}
    with app.app_context():
        long = board.create_thread(user, "teknologi-informasi", "Katalog lambat sekali",
                                   "# Judul besar\n\n**Katalog** kami lambat, data anggota juga.", ["katalog"])
        for n in range(5):
            board.reply(other_user if n % 2 else user, long.id, f"Katalog balasan nomor {n}: coba indeks ulang.")
        ids["long"] = long.id
        ids["both"] = board.reply(other_user, long.id, "Katalog di SLiMS jadi cepat setelah cache dinyalakan.").id
        ids["library"] = board.create_thread(other_user, "layanan-pengguna", "Layanan sekolah",
                                             "Perpustakaan sekolah kami membuka layanan digital.", ["digital"]).id
        ids["pustaka"] = board.create_thread(user, "layanan-pengguna", "Mobil keliling",
                                             "Pustaka keliling datang ke desa setiap Sabtu.").id
        ids["phrase"] = board.create_thread(user, "literasi-informasi", "Pelatihan guru",
                                            "Pelatihan literasi informasi untuk guru SD.").id
        ids["apart"] = board.create_thread(user, "literasi-informasi", "Kata terpisah",
                                           "Informasi tentang literasi anak di desa.").id
        ids["koha"] = board.create_thread(other_user, "teknologi-informasi", "Dua sistem",
                                          "Kami memakai koha dan slims berdampingan.").id
        ids["slims"] = board.create_thread(user, "teknologi-informasi", "Satu sistem",
                                           "Hanya slims, tanpa sistem lain.").id
        ids["letter"] = board.create_thread(make_user("sari", region="padang"), "layanan-pengguna",
                                            "Pedoman layanan", "Lihat bab a dari pedoman itu.").id
        old = board.create_thread(user, "layanan-pengguna", "Arsip lama", "Kearsipan desa tahun lalu.")
        ids["old"] = old.id
        db.session.execute(update(Post).where(Post.thread_id == old.id)
                           .values(created_at=datetime(2025, 1, 15, 5, 0, tzinfo=UTC)))
        db.session.commit()
    return ids


def found(api: Api, query: str, **params) -> dict:
    response = api.get("/search", query_string={"q": query, **params})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def threads(api: Api, query: str, **params) -> set[int]:
    return {hit["thread_id"] for hit in found(api, query, **params)["items"]}


def test_one_hit_per_thread_with_its_best_posts(client, forum):
    result = found(Api(client), "katalog")
    assert [hit["thread_id"] for hit in result["items"]] == [forum["long"]] and result["total"] == 1
    hit = result["items"][0]
    assert 1 <= len(hit["posts"]) <= 3 and hit["post_id"] == hit["posts"][0]["post_id"]
    assert hit["category"] == "teknologi-informasi" and hit["tags"] == ["katalog"] and hit["solved"] is False
    assert hit["author"] in ("rina", "budi") and hit["created_at"].endswith("+00:00")


def test_posts_found_by_the_title_alone_are_not_listed_under_the_best(app, client, user, other_user):
    with app.app_context():
        thread = board.create_thread(user, "teknologi-informasi", "Koleksi langka", "Koleksi langka kami rusak.")
        board.reply(other_user, thread.id, "Coba hubungi konservator.")
        board.reply(other_user, thread.id, "Koleksi itu bisa dipindai dulu.")
    posts = found(Api(client), "koleksi")["items"][0]["posts"]
    assert len(posts) == 2 and all("<mark>Koleksi</mark>" in p["snippet_html"] for p in posts)


def test_snippets_are_plain_text_with_highlights(client, forum):
    hit = found(Api(client), "judul")["items"][0]
    assert "**" not in hit["snippet"] and "#" not in hit["snippet"] and "Judul besar" in hit["snippet"]
    assert "<mark>Judul</mark>" in hit["snippet_html"]
    page = client.get("/search?q=katalog+anggota").get_data(as_text=True)
    assert "<mark>Katalog</mark> kami lambat, data <mark>anggota</mark> juga." in page and "**" not in page


def test_short_words_match_only_themselves(client, forum):
    assert threads(Api(client), "a") == {forum["letter"]}  # not data, katalog, sekolah ...


def test_indonesian_stems_both_ways(client, forum):
    api = Api(client)
    assert threads(api, "pustaka") == {forum["library"], forum["pustaka"]}
    assert threads(api, "perpustakaan") == {forum["library"], forum["pustaka"]}
    assert threads(api, "arsip") == {forum["old"]}  # kearsipan


def test_a_longer_word_may_be_the_start_of_one(client, forum):
    api = Api(client)
    assert threads(api, "cepa") == {forum["long"]}  # whole words first; none, so as a prefix: cepat
    assert threads(api, "katalog ind") == {forum["long"]}  # indeks
    assert threads(api, "sl") == set()  # two letters: never a prefix


def test_and_between_words_is_just_a_separator(client, forum):
    api = Api(client)
    hit = found(api, "katalog AND slims")["items"][0]
    assert hit["thread_id"] == forum["long"] and hit["post_id"] == forum["both"]
    assert threads(api, "katalog slims") == {forum["long"]}


def test_phrase_exclude_and_or(client, forum):
    api = Api(client)
    assert threads(api, '"literasi informasi"') == {forum["phrase"]}
    assert threads(api, "literasi informasi") == {forum["phrase"], forum["apart"]}
    assert threads(api, "slims -koha") == {forum["long"], forum["slims"]}
    assert threads(api, 'slims -"koha dan"') == {forum["long"], forum["slims"]}
    assert threads(api, "koha OR arsip") == {forum["koha"], forum["old"]}
    assert threads(api, "koha ATAU kearsipan") == {forum["koha"], forum["old"]}


def test_query_language_in_a_query_is_only_words(client, forum):
    api = Api(client)
    assert threads(api, 'slims NEAR(koha) title:"x') == set()
    assert threads(api, "slims & !koha | (") == {forum["koha"]}  # slims and koha


def test_each_filter(client, forum):
    api = Api(client)
    assert threads(api, "layanan", tag="digital") == {forum["library"]}
    assert threads(api, "layanan", tag="#DIGITAL") == {forum["library"]}
    assert threads(api, "katalog", category="layanan-pengguna") == set()
    assert threads(api, "sistem", author="budi") == {forum["koha"]}
    assert threads(api, "sistem", author="Rina") == {forum["slims"]}
    assert threads(api, "layanan", region="padang") == {forum["library"], forum["letter"]}
    assert threads(api, "desa", after="2025-01-15", before="2025-01-15") == {forum["old"]}  # inclusive
    assert threads(api, "desa", before="2025-01-14") == set()
    assert threads(api, "desa", after="2025-01-16") == {forum["pustaka"], forum["apart"]}
    assert threads(api, "desa", solved="false") == {forum["pustaka"], forum["apart"], forum["old"]}


def test_solved_only(app, client, forum):
    api = Api(client)
    if not hasattr(Thread, "solution_post_id"):  # until threads have a chosen answer, nothing is solved
        assert found(api, "katalog", solved="true")["items"] == []
        return
    with app.app_context():
        db.session.execute(update(Thread).where(Thread.id == forum["long"]).values(solution_post_id=forum["both"]))
        db.session.commit()
    result = found(api, "katalog OR slims", solved="true")
    assert [hit["thread_id"] for hit in result["items"]] == [forum["long"]] and result["items"][0]["solved"]


@pytest.mark.parametrize(("params", "field", "message"), [
    ({"q": "x" * 201}, "q", "at most 200 characters"),
    ({"q": " ".join(f"kata{i}" for i in range(13))}, "q", "at most 12 words"),
    ({"q": "-koha"}, "q", "not only words to leave out"),
    ({"q": "koha", "after": "15-01-2025"}, "after", "Use a date like 2026-12-31"),
    ({"q": "koha", "before": "2025-02-30"}, "before", "Use a date like 2026-12-31"),
    ({"q": "koha", "after": "2025-02-01", "before": "2025-01-01"}, "before", "before the start date"),
    ({"q": "koha", "solved": "maybe"}, "solved", "true or false"),
    ({"q": "koha", "category": "tidak-ada"}, "category", "No such category"),
])
def test_bad_searches_are_400_with_the_reason(client, forum, params, field, message):
    response = Api(client).get("/search", query_string=params)
    assert response.status_code == 400
    assert message in response.get_json()["error"]["fields"][field]
    page = client.get("/search", query_string=params)
    assert page.status_code == 400
    html = page.get_data(as_text=True)
    assert message in html and 'role="search"' in html  # in the form, not an error page


def test_too_long_query_message_in_indonesian(client, forum):
    page = client.get("/search", query_string={"q": "x" * 201}, headers={"Accept-Language": "id"})
    html = page.get_data(as_text=True)
    assert page.status_code == 400 and "Pencarian paling banyak 200 karakter." in html


def test_page_shows_category_author_date_solved_and_tag_links(client, forum):
    html = client.get("/search?q=layanan+digital").get_data(as_text=True)
    assert 'href="/c/layanan-pengguna"' in html and 'href="/u/budi"' in html and "<time" in html
    assert 'href="/search?q=layanan+digital&amp;tag=digital"' in html
    assert f'href="/t/{forum["library"]}#p' in html


def test_results_are_paged(app, client, user):
    with app.app_context():
        for n in range(12):
            board.create_thread(user, "layanan-pengguna", f"Utas ke-{n}", f"Topik bersama nomor {n}.")
    api = Api(client)
    first, second = found(api, "topik"), found(api, "topik", page=2)
    assert first["total"] == 12 and first["pages"] == 2 and first["capped"] is False
    assert len(first["items"]) == 10 and len(second["items"]) == 2
    assert not {h["thread_id"] for h in first["items"]} & {h["thread_id"] for h in second["items"]}
    assert 'rel="next" href="/search?page=2&amp;q=topik"' in client.get("/search?q=topik").get_data(as_text=True)


def test_edits_keep_the_index_current(app, client, user, forum):
    api = Api(client)
    assert threads(api, "tanpa") == {forum["slims"]}  # and now in the results cache
    with app.app_context():
        first = db.session.get(Thread, forum["slims"]).last_post_id
        board.edit_post(user, first, "Sekarang pakai inlislite saja.", title="Sistem perpustakaan nasional")
    assert threads(api, "inlislite") == {forum["slims"]}
    assert threads(api, "tanpa") == set()
    assert threads(api, "nasional") == {forum["slims"]}


def test_a_new_post_is_found_at_once(app, client, user, forum):
    api = Api(client)
    assert threads(api, "kopi") == set()
    with app.app_context():
        board.reply(user, forum["koha"], "Sambil minum kopi.")
    assert threads(api, "kopi") == {forum["koha"]}


def test_private_thread_never_found_by_an_outsider(app, client, user, other_user, make_user):
    outsider = make_user("tetangga")
    with app.app_context():
        board.create_private_thread(user, [other_user], "mentoring", "Bimbingan kita", "Catatan rahasiaku di sini.")
    assert threads(Api(client), "rahasiaku") == set()
    assert threads(Api(client).sign_in(outsider.username), "rahasiaku") == set()
    assert len(threads(Api(client).sign_in(other_user.username), "rahasiaku")) == 1
    assert "rahasiaku di sini" not in client.get("/search?q=rahasiaku").get_data(as_text=True)


def test_readers_with_private_threads_never_share_searches(app, user, other_user, make_user):
    from forum.board.services import sees_only_public

    admin, outsider = make_user("kepala", role="admin"), make_user("tetangga")
    with app.app_context():
        board.create_private_thread(user, [other_user], "mentoring", "Bimbingan kita", "Catatan pertama.")
        assert sees_only_public(None) and sees_only_public(outsider)
        assert not sees_only_public(user) and not sees_only_public(other_user) and not sees_only_public(admin)
