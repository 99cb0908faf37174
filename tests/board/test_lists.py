"""Thread lists filtered by latest, unanswered, unsolved and solved; per category and across the site."""

from __future__ import annotations

import re

import pytest

from forum.board import services as board

CATEGORY = "/categories/teknologi-informasi/threads"


@pytest.fixture
def forum(app, user, other_user, make_user):
    """Four threads in Teknologi Informasi and one elsewhere: answered and solved, answered, and unanswered."""
    dewi = make_user("dewi", region="padang")
    with app.app_context():
        solved = board.create_thread(user, "teknologi-informasi", "Server SLiMS mati", "Kenapa?", ["slims"])
        board.mark_solution(user, solved.id, board.reply(other_user, solved.id, "Cek listrik.").id)
        answered = board.create_thread(user, "teknologi-informasi", "Backup harian", "Bagaimana?", ["backup"])
        board.reply(other_user, answered.id, "Pakai cron.")
        lonely = board.create_thread(user, "teknologi-informasi", "RFID murah", "Ada saran?", ["rfid"])
        padang = board.create_thread(dewi, "teknologi-informasi", "Jaringan di Padang", "Lambat.", ["slims"])
        elsewhere = board.create_thread(dewi, "layanan-pengguna", "Jam buka", "Sampai jam berapa?", [])
    return {"solved": solved.id, "answered": answered.id, "lonely": lonely.id, "padang": padang.id,
            "elsewhere": elsewhere.id}


def _ids(answer) -> list[int]:
    assert answer.status_code == 200, answer.get_json()
    return [t["id"] for t in answer.get_json()["items"]]


@pytest.mark.parametrize(("name", "expected"), [
    ("latest", ["padang", "lonely", "answered", "solved"]),
    ("unanswered", ["padang", "lonely"]),
    ("unsolved", ["padang", "lonely", "answered"]),
    ("solved", ["solved"]),
])
def test_a_category_filtered(api, forum, name, expected):
    answer = api.get(f"{CATEGORY}?filter={name}")
    assert _ids(answer) == [forum[k] for k in expected]
    assert answer.get_json()["total"] == len(expected)


def test_summaries_say_solved(api, forum):
    items = {t["id"]: t for t in api.get(CATEGORY).get_json()["items"]}
    solved = items[forum["solved"]]
    assert solved["solved"] is True and isinstance(solved["solution_post_id"], int)
    assert (items[forum["lonely"]]["solved"], items[forum["lonely"]]["solution_post_id"]) == (False, None)


def test_across_the_site_with_category_tag_and_region(api, forum):
    assert _ids(api.get("/threads")) == [forum[k] for k in ("elsewhere", "padang", "lonely", "answered", "solved")]
    assert _ids(api.get("/threads?filter=unanswered")) == [forum[k] for k in ("elsewhere", "padang", "lonely")]
    assert _ids(api.get("/threads?filter=unanswered&category=teknologi-informasi")) == [forum["padang"], forum["lonely"]]
    assert _ids(api.get("/threads?tag=slims")) == [forum["padang"], forum["solved"]]
    assert _ids(api.get("/threads?tag=%23SLiMS&filter=solved")) == [forum["solved"]]
    assert _ids(api.get("/threads?region=padang&filter=unanswered")) == [forum["elsewhere"], forum["padang"]]
    assert _ids(api.get("/threads?region=bukittinggi&filter=unsolved")) == [forum["lonely"], forum["answered"]]
    assert _ids(api.get("/threads?tag=tidak-ada")) == []
    page = api.get("/threads?page=2").get_json()
    assert (page["items"], page["page"], page["total"]) == ([], 2, 5)


@pytest.mark.parametrize(("query", "field", "message"), [
    ("filter=popular", "filter", "Filter must be one of: latest, unanswered, unsolved, solved."),
    ("category=tidak-ada", "category", "No such category."),
    ("region=atlantis", "region", "No such region."),
    ("tag=a", "tag", "Tags are 2 to 32 lowercase letters"),
    ("page=nol", "page", "Page must be a whole number."),
])
def test_bad_site_filters_are_a_400(api, forum, query, field, message):
    answer = api.get(f"/threads?{query}")
    assert answer.status_code == 400
    assert message in answer.get_json()["error"]["fields"][field]


def test_an_unknown_filter_is_a_400_everywhere(api, client, forum):
    answer = api.get(f"{CATEGORY}?filter=popular")
    assert answer.status_code == 400
    assert "Filter must be one of" in answer.get_json()["error"]["message"]
    for path in ("/c/teknologi-informasi?filter=popular", "/latest?filter=popular"):
        page = client.get(path)
        assert page.status_code == 400 and "Filter must be one of" in page.get_data(as_text=True)


def test_private_threads_are_never_listed_for_outsiders(api, client, auth, private_thread, outsider, moderator):
    thread, reply = private_thread
    api.sign_in("rina").put(f"/threads/{thread.id}/solution", {"post_id": reply.id})
    for who in (api, api.sign_in("tono"), api.sign_in("sari")):
        for name in ("latest", "unanswered", "unsolved", "solved"):
            assert thread.id not in _ids(who.get(f"/threads?filter={name}"))
            assert thread.id not in _ids(who.get(f"{CATEGORY}?filter={name}"))
            assert who.get(f"/threads?filter={name}").get_json()["total"] == 0
    # Its members find it in the lists across the site, marked solved.
    listed = api.sign_in("maya").get("/threads?filter=solved").get_json()["items"]
    assert [(t["id"], t["solved"]) for t in listed] == [(thread.id, True)]
    for page in ("/", "/latest", "/latest?filter=solved", "/c/teknologi-informasi?filter=solved"):
        assert "Bimbingan katalog rahasia" not in client.get(page).get_data(as_text=True)
    auth.login("tono")
    for page in ("/", "/latest", "/latest?filter=solved", "/c/teknologi-informasi?filter=solved"):
        assert "Bimbingan katalog rahasia" not in client.get(page).get_data(as_text=True)


def test_category_page_tabs_work_without_javascript(client, forum):
    page = client.get("/c/teknologi-informasi").get_data(as_text=True)
    assert 'href="/c/teknologi-informasi?filter=unanswered"' in page
    assert 'href="/c/teknologi-informasi" aria-current="page"' in page
    unanswered = client.get("/c/teknologi-informasi?filter=unanswered").get_data(as_text=True)
    assert "RFID murah" in unanswered and "Backup harian" not in unanswered
    assert 'href="/c/teknologi-informasi?filter=unanswered" aria-current="page"' in unanswered
    solved = client.get("/c/teknologi-informasi?filter=solved").get_data(as_text=True)
    assert "Server SLiMS mati" in solved and "RFID murah" not in solved
    assert solved.count('class="badge solved"') == 1


def test_the_latest_page_filters_across_categories(client, forum):
    page = client.get("/latest").get_data(as_text=True)
    assert "Jam buka" in page and "Server SLiMS mati" in page
    narrowed = client.get("/latest?filter=unanswered&region=padang").get_data(as_text=True)
    assert "Jam buka" in narrowed and "Jaringan di Padang" in narrowed and "RFID murah" not in narrowed
    assert '<option value="padang" selected>' in narrowed
    assert 'href="/latest?filter=solved&amp;region=padang"' in narrowed  # tabs keep the other filters
    assert client.get("/latest?region=atlantis").status_code == 400


def test_the_home_page_offers_unanswered_in_my_region(client, auth, forum):
    guest = client.get("/").get_data(as_text=True)
    assert "Latest across the forum" in guest and "Jam buka" in guest
    assert "Unanswered in" not in guest
    auth.login("budi")  # from Padang
    page = client.get("/").get_data(as_text=True)
    assert "Unanswered in Padang" in page
    region_part = page.split("Unanswered in Padang", 1)[1].split("Latest across the forum", 1)[0]
    assert "Jaringan di Padang" in region_part and "Jam buka" in region_part
    assert "RFID murah" not in region_part  # asked from Bukittinggi
    assert 'href="/latest?filter=unanswered&amp;region=padang"' in region_part


def test_the_region_filter_offers_the_regions_members_live_in(client, user, other_user, thread):
    """Not all 552 provinces, regencies and cities: those of Rina (Bukittinggi) and Budi (Padang), and their province."""
    for page in ("/latest", "/search?q=slims"):
        html = client.get(page).get_data(as_text=True)
        menu = html.split('name="region"', 1)[1].split("</select>", 1)[0]
        values = re.findall(r'<option value="([^"]*)"', menu)
        assert set(values) == {"", "bukittinggi", "padang", "provinsi-sumatera-barat"}, (page, values)
