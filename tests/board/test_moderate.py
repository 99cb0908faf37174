"""Moderators lock, pin, move, merge and split threads: what readers, lists, counters and the log show after."""

from __future__ import annotations

from datetime import timedelta

import pytest

from forum.board import moderate
from forum.board import services as board
from forum.board.models import Category, Post, Thread, ThreadRead
from forum.database import write
from forum.errors import Invalid, NotAllowed
from forum.extensions import db
from forum.models_base import utcnow
from tests.fixtures.api import Api

ENGLISH = {"Accept-Language": "en"}  # services' refusals in English, as the tests match them


@pytest.fixture
def mod(client, moderator):
    """The moderator Sari through the API."""
    return Api(client).sign_in("sari")


def _category(slug: str) -> Category:
    return db.session.scalar(db.select(Category).where(Category.slug == slug))


def _numbers(thread_id: int) -> list[tuple[int, str]]:
    return [(p.number, p.body) for p in db.session.scalars(
        db.select(Post).where(Post.thread_id == thread_id).order_by(Post.number))]


def _backdate(post_id: int, minutes: int) -> None:
    """Make a post look written ``minutes`` ago (merges order by when posts were written)."""
    with write():
        db.session.get(Post, post_id).created_at = utcnow() - timedelta(minutes=minutes)


def _log(mod: Api, action: str) -> list[dict]:
    response = mod.get(f"/moderation/log?action={action}")
    assert response.status_code == 200
    return response.get_json()["items"]


# -- lock, pin ---------------------------------------------------------------------

def test_a_locked_thread_takes_replies_only_from_moderators(app, client, mod, user, other_user, thread):
    answer = mod.post(f"/threads/{thread.id}/lock", {"reason": "Sudah terjawab"})
    assert answer.status_code == 200 and answer.get_json()["locked"] is True
    budi = Api(client).sign_in("budi")
    refused = budi.post(f"/threads/{thread.id}/posts", {"body": "Satu lagi."})
    assert refused.status_code == 403 and "locked" in refused.get_json()["error"]["message"]
    assert mod.post(f"/threads/{thread.id}/posts", {"body": "Catatan moderator."}).status_code == 201
    again = mod.post(f"/threads/{thread.id}/lock")
    assert again.status_code == 409 and again.get_json()["error"]["message"] == "The thread is locked already."
    [entry] = _log(mod, "lock")
    assert entry["thread_id"] == thread.id and entry["user"] == "rina" and entry["by"] == "sari"
    assert entry["reason"] == "Sudah terjawab"
    assert mod.post(f"/threads/{thread.id}/unlock").get_json()["locked"] is False
    assert budi.post(f"/threads/{thread.id}/posts", {"body": "Satu lagi."}).status_code == 201


def test_a_pinned_thread_comes_first_in_its_category(app, client, mod, user, thread):
    with app.app_context():
        newer = board.create_thread(user, "teknologi-informasi", "Utas yang lebih baru", "isi")
    listing = lambda: [t["id"] for t in Api(client).get("/categories/teknologi-informasi/threads")  # noqa: E731
                       .get_json()["items"]]
    assert listing() == [newer.id, thread.id]
    assert mod.post(f"/threads/{thread.id}/pin", {"reason": "Panduan penting"}).get_json()["pinned"] is True
    assert listing() == [thread.id, newer.id]
    page = client.get("/c/teknologi-informasi").get_data(as_text=True)
    assert page.index("Migrasi SLiMS") < page.index("Utas yang lebih baru")
    assert mod.post(f"/threads/{thread.id}/unpin").get_json()["pinned"] is False
    assert listing() == [newer.id, thread.id]


def test_guests_see_a_split_at_once_though_pages_are_shared(app, client, mod, thread, post):
    app.config["PAGE_CACHE"] = True
    guest = app.test_client()
    assert "Cadangkan database dulu" in guest.get(f"/t/{thread.id}").get_data(as_text=True)
    new = mod.post(f"/threads/{thread.id}/split", {"post_ids": [post.id], "title": "Cadangan database"}).get_json()
    assert "Cadangkan database dulu" not in guest.get(f"/t/{thread.id}").get_data(as_text=True)
    assert "Cadangkan database dulu" in guest.get(f"/t/{new['id']}").get_data(as_text=True)


@pytest.mark.parametrize(("body", "message"), [
    ({"reason": 5}, "The reason must be text."),
    ({"reason": "x" * 501}, "At most 500 characters."),
])
def test_a_bad_reason_is_refused(mod, thread, body, message):
    answer = mod.post(f"/threads/{thread.id}/lock", body)
    assert answer.status_code == 400 and answer.get_json()["error"]["fields"]["reason"] == message


# -- move --------------------------------------------------------------------------

def test_moving_a_thread_moves_its_counts(app, mod, thread, post):
    answer = mod.post(f"/threads/{thread.id}/move", {"category": "studi-kasus", "reason": "Ini studi kasus"})
    assert answer.status_code == 200 and answer.get_json()["category"] == "studi-kasus"
    with app.app_context():
        old, new = _category("teknologi-informasi"), _category("studi-kasus")
        assert (old.thread_count, old.post_count, old.last_post_id) == (0, 0, None)
        assert (new.thread_count, new.post_count, new.last_post_id) == (1, 2, post.id)
    [entry] = _log(mod, "move")
    assert entry["detail"] == "Teknologi Informasi → Studi Kasus"


@pytest.mark.parametrize(("category", "message"), [
    ("tidak-ada", "Choose a category from the list."),
    (None, "Choose a category from the list."),
    ("teknologi-informasi", "The thread is in that category already."),
])
def test_moving_needs_another_real_category(mod, thread, category, message):
    answer = mod.post(f"/threads/{thread.id}/move", {"category": category})
    assert answer.status_code == 400 and answer.get_json()["error"]["fields"]["category"] == message


# -- merge -------------------------------------------------------------------------

@pytest.fixture
def two_threads(app, user, other_user, make_user):
    """Two threads on one question, their posts written in turns: (older, newer)."""
    tono = make_user("tono")
    with app.app_context():
        older = board.create_thread(user, "teknologi-informasi", "Migrasi SLiMS gagal", "A1 pertanyaan", ["slims"])
        newer = board.create_thread(other_user, "layanan-pengguna", "SLiMS 9 error", "B1 pertanyaan",
                                    ["error", "slims"])
        a2 = board.reply(tono, older.id, "A2 jawaban")
        b2 = board.reply(tono, newer.id, "B2 jawaban")
        a3 = board.reply(other_user, older.id, "A3 jawaban")
        first_a = db.session.scalar(db.select(Post.id).where(Post.thread_id == older.id, Post.number == 1))
        first_b = db.session.scalar(db.select(Post.id).where(Post.thread_id == newer.id, Post.number == 1))
        for minutes, post_id in ((50, first_a), (40, first_b), (30, a2.id), (20, b2.id), (10, a3.id)):
            _backdate(post_id, minutes)
    return older, newer


def test_merging_orders_posts_by_time_and_redirects_the_old_address(app, client, mod, two_threads):
    older, newer = two_threads
    answer = mod.post(f"/threads/{newer.id}/merge", {"into": older.id, "reason": "Pertanyaan yang sama"})
    assert answer.status_code == 200, answer.get_json()
    merged = answer.get_json()
    assert merged["id"] == older.id and merged["reply_count"] == 4
    assert [p["body"] for p in merged["posts"]["items"]] == ["A1 pertanyaan", "B1 pertanyaan", "A2 jawaban",
                                                            "B2 jawaban", "A3 jawaban"]
    assert [p["number"] for p in merged["posts"]["items"]] == [1, 2, 3, 4, 5]
    assert sorted(merged["tags"]) == ["error", "slims"]
    page = client.get(f"/t/{newer.id}")
    assert page.status_code == 301 and page.headers["Location"].endswith(f"/t/{older.id}")
    api = client.get(f"/api/v1/threads/{newer.id}")
    assert api.status_code == 301 and api.headers["Location"].endswith(f"/api/v1/threads/{older.id}")
    refused = Api(client).sign_in("budi").post(f"/threads/{newer.id}/posts", {"body": "Masih bisa?"})
    assert refused.status_code == 404 and refused.get_json()["error"]["code"] == "moved"
    with app.app_context():
        ti, lp = _category("teknologi-informasi"), _category("layanan-pengguna")
        assert (ti.thread_count, ti.post_count) == (1, 5) and (lp.thread_count, lp.post_count) == (0, 0)
        assert lp.last_post_id is None
    # The merged thread is in no list any more; the one it went into is.
    listed = [t["id"] for t in client.get("/api/v1/threads").get_json()["items"]]
    assert listed == [older.id]
    assert client.get("/api/v1/categories/layanan-pengguna/threads").get_json()["total"] == 0
    [entry] = _log(mod, "merge")
    assert entry["thread_id"] == older.id and entry["user"] == "budi"
    assert entry["detail"] == f"“SLiMS 9 error” (#{newer.id}) → “Migrasi SLiMS gagal” (#{older.id})"


def test_merged_posts_are_found_in_their_new_thread(app, client, mod, two_threads):
    older, newer = two_threads
    mod.post(f"/threads/{newer.id}/merge", {"into": older.id})
    [hit] = client.get("/api/v1/search?q=B2").get_json()["items"]
    assert hit["thread_id"] == older.id and hit["title"] == "Migrasi SLiMS gagal"


def test_read_positions_follow_the_merged_posts(app, client, mod, user, two_threads):
    older, newer = two_threads
    with app.app_context(), write():  # Rina read all of her own thread, Budi's only up to its first post
        db.session.add_all([ThreadRead(user_id=user.id, thread_id=older.id, last_read_post_number=3),
                            ThreadRead(user_id=user.id, thread_id=newer.id, last_read_post_number=1)])
    mod.post(f"/threads/{newer.id}/merge", {"into": older.id})
    with app.app_context():
        [row] = db.session.scalars(db.select(ThreadRead).where(ThreadRead.user_id == user.id))
        # A1, B1 and A2 read; B2 (the fourth post now) is the first she has not read.
        assert (row.thread_id, row.last_read_post_number) == (older.id, 3)


def test_a_merge_keeps_a_solution(app, mod, user, two_threads):
    older, newer = two_threads
    with app.app_context():
        b2 = db.session.scalar(db.select(Post.id).where(Post.thread_id == newer.id, Post.number == 2))
    Api(mod.client).sign_in("budi").put(f"/threads/{newer.id}/solution", {"post_id": b2})
    merged = mod.post(f"/threads/{newer.id}/merge", {"into": older.id}).get_json()
    assert merged["solution_post_id"] == b2 and merged["solved"] is True


def test_merging_twice_leads_straight_to_the_last_thread(app, client, mod, user, two_threads):
    older, newer = two_threads
    with app.app_context():
        third = board.create_thread(user, "teknologi-informasi", "Utas ketiga", "C1")
    mod.post(f"/threads/{newer.id}/merge", {"into": older.id})
    mod.post(f"/threads/{older.id}/merge", {"into": third.id})
    assert client.get(f"/t/{newer.id}").headers["Location"].endswith(f"/t/{third.id}")


@pytest.mark.parametrize(("into", "message"), [
    (None, "Give the number of the thread to merge into."),
    ("dua", "Give the number of the thread to merge into."),
    (999999, "No such thread."),
    ("self", "Choose another thread to merge into."),
])
def test_merging_needs_another_thread(mod, thread, into, message):
    answer = mod.post(f"/threads/{thread.id}/merge", {"into": thread.id if into == "self" else into})
    assert answer.status_code == 400 and answer.get_json()["error"]["fields"]["into"] == message


def test_private_threads_are_never_merged_or_split(app, make_user, user, thread):
    admin = make_user("admin", role="admin")
    maya = make_user("maya")
    with app.app_context():
        private = board.create_private_thread(user, [maya], "teknologi-informasi", "Bimbingan", "Catatan")
        reply = board.reply(maya, private.id, "Rahasia")
    with app.test_request_context(headers=ENGLISH):
        with pytest.raises(NotAllowed, match="Private threads cannot be merged or split"):
            moderate.merge(admin, private.id, thread.id)
        with pytest.raises(NotAllowed, match="Private threads cannot be merged or split"):
            moderate.merge(admin, thread.id, private.id)
        with pytest.raises(NotAllowed, match="Private threads cannot be merged or split"):
            moderate.split(admin, private.id, [reply.id], "Dipisah")


def test_moderators_cannot_see_private_threads_to_act_on_them(app, client, mod, make_user, user):
    maya = make_user("maya")
    with app.app_context():
        private = board.create_private_thread(user, [maya], "teknologi-informasi", "Bimbingan", "Catatan")
    assert mod.post(f"/threads/{private.id}/lock").status_code == 404


# -- split -------------------------------------------------------------------------

def test_splitting_moves_replies_into_a_new_thread(app, client, mod, user, other_user, thread, post):
    with app.app_context():
        second = board.reply(user, thread.id, "Tanya lain: cetak kartu anggota?")
        third = board.reply(other_user, thread.id, "Pakai modul keanggotaan.")
        last = board.reply(user, thread.id, "Terima kasih, migrasinya berhasil.")
    answer = mod.post(f"/threads/{thread.id}/split", {"post_ids": [third.id, second.id],
                                                      "title": "Cetak kartu anggota SLiMS"})
    assert answer.status_code == 201, answer.get_json()
    new = answer.get_json()
    assert new["title"] == "Cetak kartu anggota SLiMS" and new["author"] == "rina" and new["category"] == \
        "teknologi-informasi"
    assert [(p["number"], p["id"]) for p in new["posts"]["items"]] == [(1, second.id), (2, third.id)]
    assert new["tags"] == ["slims"]
    with app.app_context():
        assert [n for n, _ in _numbers(thread.id)] == [1, 2, 3]
        old = db.session.get(Thread, thread.id)
        assert old.post_count == 3 and old.last_post_id == last.id
        category = _category("teknologi-informasi")
        assert (category.thread_count, category.post_count) == (2, 5)
    [hit] = client.get("/api/v1/search?q=kartu anggota").get_json()["items"]
    assert hit["thread_id"] == new["id"]
    [entry] = _log(mod, "split")
    assert entry["thread_id"] == new["id"] and entry["user"] == "rina"


@pytest.mark.parametrize(("which", "title", "field", "message"), [
    ("first", "Judul baru", "post_ids", "The first post cannot be split off: it opens the thread."),
    ("none", "Judul baru", "post_ids", "Choose the replies to move into the new thread."),
    ("words", "Judul baru", "post_ids", "Post ids are whole numbers."),
    ("other", "Judul baru", "post_ids", "Choose replies of this thread."),
    ("reply", "x", "title", "The title needs at least 3 characters."),
])
def test_splitting_needs_replies_of_the_thread_and_a_title(app, mod, user, thread, post, which, title, field,
                                                           message):
    with app.app_context():
        other = board.create_thread(user, "teknologi-informasi", "Utas lain", "isi lain")
        first = db.session.scalar(db.select(Post.id).where(Post.thread_id == thread.id, Post.number == 1))
    ids = {"first": [first, post.id], "none": [], "words": ["dua"], "other": [other.last_post_id],
           "reply": [post.id]}[which]
    answer = mod.post(f"/threads/{thread.id}/split", {"post_ids": ids, "title": title})
    assert answer.status_code == 400 and answer.get_json()["error"]["fields"][field] == message


def test_split_moves_the_solution_with_its_post(app, mod, user, other_user, thread, post):
    with app.app_context():
        answer = board.reply(other_user, thread.id, "Jawaban yang benar")
        board.mark_solution(user, thread.id, answer.id)
    new = mod.post(f"/threads/{thread.id}/split", {"post_ids": [answer.id, post.id], "title": "Cadangan"}).get_json()
    assert new["solution_post_id"] == answer.id
    with app.app_context():
        assert db.session.get(Thread, thread.id).solution_post_id is None


def test_a_solution_that_opens_the_new_thread_is_no_solution_there(app, mod, user, thread, post):
    with app.app_context():
        board.mark_solution(user, thread.id, post.id)
    new = mod.post(f"/threads/{thread.id}/split", {"post_ids": [post.id], "title": "Cadangan"}).get_json()
    assert new["solution_post_id"] is None and new["solved"] is False


def test_members_may_not_moderate(app, user, thread):
    with app.test_request_context(headers=ENGLISH), pytest.raises(NotAllowed, match="Only moderators"):
        moderate.set_flag(user, thread.id, "lock")


def test_the_service_names_every_bad_split_field(app, moderator, thread):
    with app.test_request_context(headers=ENGLISH), pytest.raises(Invalid, match="post_ids: .*title: |title: .*post_ids: "):
        moderate.split(moderator, thread.id, "x", "")


# -- pages -------------------------------------------------------------------------

def test_moderators_get_a_moderation_menu_members_do_not(app, client, auth, moderator, user, thread):
    auth.login()
    assert "Moderate this thread" not in client.get(f"/t/{thread.id}").get_data(as_text=True)
    auth.logout()
    auth.login("sari")
    page = client.get(f"/t/{thread.id}").get_data(as_text=True)
    assert "Moderate this thread" in page and f'action="/t/{thread.id}/moderate/lock"' in page
    assert f'action="/t/{thread.id}/move"' in page and f'action="/t/{thread.id}/merge"' in page


def test_the_menu_locks_moves_and_merges(app, client, auth, moderator, user, thread, post):
    from tests.fixtures.web import post_form

    auth.login("sari")
    here = f"/t/{thread.id}"
    answer = post_form(client, f"{here}/moderate/lock", {"reason": "Selesai"}, token_from=here,
                       follow_redirects=True)
    assert "The thread is locked." in answer.get_data(as_text=True)
    answer = post_form(client, f"{here}/move", {"category": "studi-kasus", "reason": ""}, token_from=here,
                       follow_redirects=True)
    assert "The thread is in Case Studies now." in answer.get_data(as_text=True)
    with app.app_context():
        target = board.create_thread(user, "teknologi-informasi", "Utas tujuan", "isi")
    answer = post_form(client, f"{here}/merge", {"into": "nol"}, token_from=here, follow_redirects=True)
    assert "Give the number of the thread to merge into." in answer.get_data(as_text=True)
    answer = post_form(client, f"{here}/merge", {"into": f"#{target.id}"}, token_from=here)
    assert answer.status_code == 302 and answer.headers["Location"].endswith(f"/t/{target.id}")


def test_the_split_page_lists_replies_to_choose(app, client, auth, moderator, user, thread, post):
    from tests.fixtures.web import post_form

    auth.login("sari")
    path = f"/t/{thread.id}/split"
    page = client.get(path).get_data(as_text=True)
    assert f'value="{post.id}"' in page and "Cadangkan database dulu" in page
    refused = post_form(client, path, {"title": "Pisahan"})
    assert refused.status_code == 400
    assert "Choose the replies to move into the new thread." in refused.get_data(as_text=True)
    done = post_form(client, path, {"title": "Pisahan", "post_ids": [str(post.id)]})
    assert done.status_code == 302
    with app.app_context():
        assert db.session.get(Post, post.id).thread_id != thread.id


def test_members_get_no_split_page(client, auth, user, thread):
    auth.login()
    assert client.get(f"/t/{thread.id}/split").status_code == 403


# -- with hidden posts (forum.moderation.queue) ------------------------------------

def test_hidden_posts_keep_their_state_and_counts_through_merge_split_and_move(app, client, mod, two_threads):
    """A hidden reply stays hidden wherever it goes: reply counts, category counts and latest posts skip it."""
    older, newer = two_threads
    with app.app_context():
        b2 = db.session.scalar(db.select(Post).where(Post.thread_id == newer.id, Post.number == 2))
    assert mod.post(f"/posts/{b2.id}/hide", {"reason": "Iklan"}).status_code == 200
    assert mod.post(f"/threads/{newer.id}/merge", {"into": older.id, "reason": "Sama"}).status_code == 200
    budi = Api(client).sign_in("budi")
    merged = budi.get(f"/threads/{older.id}").get_json()
    assert merged["reply_count"] == 3  # A2, B1, A3 shown; B2 hidden
    assert [p.get("hidden", False) for p in merged["posts"]["items"]] == [False, False, False, True, False]
    with app.app_context():
        ti = _category("teknologi-informasi")
        assert ti.post_count == 4  # visible posts only

    answer = mod.post(f"/threads/{older.id}/split", {"post_ids": [b2.id], "title": "Iklan yang disembunyikan"})
    assert answer.status_code == 201, answer.get_json()
    split_off = answer.get_json()
    with app.app_context():
        new, rest = db.session.get(Thread, split_off["id"]), db.session.get(Thread, older.id)
        assert (new.hidden_count, new.last_post_id, new.reply_count) == (1, None, 0)
        assert (rest.hidden_count, rest.reply_count) == (0, 3)
    listed = [t["id"] for t in budi.get("/categories/teknologi-informasi/threads").get_json()["items"]]
    assert older.id in listed and split_off["id"] not in listed  # nothing in it anyone may read

    assert mod.post(f"/threads/{older.id}/move", {"category": "studi-kasus", "reason": "Kasus"}).status_code == 200
    with app.app_context():
        ti, sk = _category("teknologi-informasi"), _category("studi-kasus")
        assert (ti.post_count, sk.post_count) == (0, 4)
