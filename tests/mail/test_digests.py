"""Daily and weekly digests: what they tell, in whose language, to whom, and never twice."""

from __future__ import annotations

from datetime import timedelta

import pytest

from forum.accounts import services as accounts
from forum.board import services as board
from forum.models_base import utcnow
from forum.notifications.digests import send_digests
from tests.mail.helpers import html_part, text_part


@pytest.fixture
def busy_board(app, user, other_user, make_user):
    """Rina (Bukittinggi) asks twice; Budi (Padang) answers one of them; Dewi (Bukittinggi) asks, unanswered."""
    with app.app_context():
        answered = board.create_thread(user, "teknologi-informasi", "Migrasi SLiMS ke versi 9", "Bagaimana caranya?")
        board.reply(other_user, answered.id, "Cadangkan dulu.")
        board.reply(user, answered.id, "Terima kasih!")
        dewi = make_user("dewi")
        waiting = board.create_thread(dewi, "teknologi-informasi", "Katalog OPAC lambat sekali", "Kenapa ya?")
        return {"answered": answered, "waiting": waiting, "dewi": dewi}


def choose(app, member, kind, locale=None):
    with app.app_context():
        accounts.update_profile(member, member, {"email_notifications": kind, "locale": locale})


def test_a_daily_digest_tells_active_and_unanswered_threads_in_the_members_language(app, smtp, busy_board,
                                                                                    other_user):
    choose(app, other_user, "daily", "en")
    with app.app_context():
        assert send_digests("daily") == 1
    [mail] = smtp.inbox.to("budi@example.org")
    assert mail.get_content_type() == "multipart/alternative"
    assert "today" in mail["Subject"]
    text = text_part(mail)
    assert "Active in your categories" in text and "Migrasi SLiMS ke versi 9" in text
    assert "Waiting for an answer" in text and "Katalog OPAC lambat sekali" in text
    assert f"https://jejaring.example.org/t/{busy_board['waiting'].id}" in text
    assert "Katalog OPAC lambat sekali" in html_part(mail)


def age(app, thread, days: float):
    """Move a thread and its posts ``days`` into the past."""
    from sqlalchemy import select

    from forum.board.models import Post, Thread
    from forum.extensions import db

    with app.app_context():
        shift = timedelta(days=days)
        row = db.session.get(Thread, thread.id)
        row.created_at, row.last_post_at = row.created_at - shift, row.last_post_at - shift
        for post in db.session.scalars(select(Post).where(Post.thread_id == thread.id)):
            post.created_at -= shift
        db.session.commit()


def test_a_weekly_digest_covers_the_week_in_indonesian_and_the_daily_only_the_day(app, smtp, busy_board, other_user):
    choose(app, other_user, "weekly")
    age(app, busy_board["waiting"], 3)
    with app.app_context():
        assert send_digests("weekly") == 1
    [mail] = smtp.inbox.to("budi@example.org")
    assert mail["Subject"] == "Jejaring minggu ini: 2 utas untuk Anda"
    text = text_part(mail)
    assert "Inilah yang terjadi di Jejaring minggu ini." in text
    assert "Ramai di kategori Anda" in text and "2 balasan" in text
    assert "Menunggu jawaban" in text and "Katalog OPAC lambat sekali" in text
    assert "Berhenti berlangganan" in text and mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    choose(app, other_user, "daily")
    with app.app_context():
        assert send_digests("daily") == 1
    daily = smtp.inbox.to("budi@example.org")[-1]
    assert "Katalog OPAC lambat sekali" not in text_part(daily)  # asked three days ago: not news today
    assert "Migrasi SLiMS ke versi 9" in text_part(daily)


def test_a_digest_run_again_for_the_same_period_sends_nothing_more(app, smtp, busy_board, other_user):
    choose(app, other_user, "daily", "en")
    now = utcnow()
    with app.app_context():
        assert send_digests("daily", now) == 1
        assert send_digests("daily", now + timedelta(minutes=5)) == 0
    assert len(smtp.inbox.to("budi@example.org")) == 1
    with app.app_context():  # the next morning is another period
        board.reply(busy_board["dewi"], busy_board["answered"].id, "Saya juga mau tahu.")
        assert send_digests("daily", now + timedelta(days=1)) == 1


def test_members_get_only_the_digest_they_chose(app, smtp, busy_board, user, other_user, make_user):
    choose(app, other_user, "weekly")
    choose(app, busy_board["dewi"], "off")
    with app.app_context():
        assert send_digests("daily") == 0  # nobody chose daily (Rina gets each notification)
    assert smtp.inbox.messages == []


def test_nothing_to_say_sends_nothing(app, smtp, user, other_user):
    choose(app, other_user, "daily")
    with app.app_context():
        thread = board.create_thread(user, "teknologi-informasi", "Lama sekali", "Sudah lama.")
    age(app, thread, 2)
    with app.app_context():
        assert send_digests("daily") == 0
    assert smtp.inbox.messages == []


def test_a_digest_keeps_to_the_members_categories_and_region(app, smtp, user, other_user, make_user):
    """Budi (Padang) posted in Teknologi Informasi only: other categories' news is not his, except from Padang."""
    ani = make_user("ani", region="padang")
    dewi = make_user("dewi")
    choose(app, other_user, "daily", "en")
    with app.app_context():
        mine = board.create_thread(user, "teknologi-informasi", "RFID untuk sirkulasi", "Ada yang pakai?")
        board.reply(other_user, mine.id, "Kami pakai.")
        categories = [c.slug for c in board.category_choices() if c.slug not in ("teknologi-informasi", "mentoring")]
        elsewhere = board.create_thread(dewi, categories[0], "Dongeng untuk anak", "Ide kegiatan?")
        board.reply(user, elsewhere.id, "Wayang kertas!")
        far = board.create_thread(dewi, categories[0], "Pameran buku tahunan", "Siapa ikut?")
        near = board.create_thread(ani, categories[1], "Perpustakaan desa di Padang", "Ada dana?")
        assert send_digests("daily") == 1
    text = text_part(smtp.inbox.to("budi@example.org")[0])
    assert "RFID untuk sirkulasi" in text
    assert "Dongeng untuk anak" not in text and far.title not in text
    assert near.title in text and "from your region" in text


def test_a_private_mentorship_thread_never_appears_in_a_digest(app, smtp, user, other_user, make_user):
    """Rina and Dewi's mentorship conversation is busy and unanswered threads are few: an outsider sees none of it."""
    dewi = make_user("dewi")
    outsider = make_user("ani")
    choose(app, outsider, "weekly", "en")
    choose(app, dewi, "weekly", "en")
    with app.app_context():
        private = board.create_private_thread(user, [user, dewi], "mentoring", "Rencana belajar katalogisasi Rina",
                                              "Mulai dari DDC?")
        for n in range(4):
            board.reply(dewi if n % 2 else user, private.id, f"Balasan {n}")
        quiet = board.create_private_thread(user, [user, dewi], "mentoring", "Catatan pertemuan pertama", "Draf.")
        public = board.create_thread(outsider, "teknologi-informasi", "Backup database SLiMS", "Seberapa sering?")
        # Ani follows the mentoring category too: the private threads are there, busier than anything public.
        open_talk = board.create_thread(other_user, "mentoring", "Mencari mentor pengatalogan", "Ada yang mau?")
        board.reply(outsider, open_talk.id, "Saya juga mencari.")
        assert send_digests("weekly") == 2
    [seen_by_outsider] = smtp.inbox.to("ani@example.org")
    assert open_talk.title in text_part(seen_by_outsider)
    for mail in smtp.inbox.messages:
        for part in (text_part(mail), html_part(mail)):
            assert private.title not in part and quiet.title not in part
            assert f"/t/{private.id}" not in part and f"/t/{quiet.id}" not in part
    assert public.title in text_part(smtp.inbox.to("dewi@example.org")[0])


def test_watched_categories_count_as_the_members_and_muted_ones_never_appear(app, client, smtp, user, other_user):
    from tests.mail.helpers import api_for

    choose(app, other_user, "daily", "en")
    with app.app_context():
        slugs = [c.slug for c in board.category_choices() if c.slug not in ("teknologi-informasi", "mentoring")]
        watched = board.create_thread(user, slugs[0], "Lomba bercerita", "Siapa ikut?")
        board.reply(user, watched.id, "Ayo!")
        muted = board.create_thread(user, "teknologi-informasi", "Server mati lagi", "Tolong")
        board.reply(user, muted.id, "Masih mati.")
        board.reply(other_user, muted.id, "Di sini juga.")  # Budi posted in Teknologi Informasi ...
    api = api_for(client, "budi")
    assert api.put(f"/categories/{slugs[0]}/watch", {"level": "watching"}).status_code == 200
    assert api.put("/categories/teknologi-informasi/watch", {"level": "muted"}).status_code == 200  # ... then muted it
    with app.app_context():
        assert send_digests("daily") == 1
    text = text_part(smtp.inbox.to("budi@example.org")[0])
    assert "Lomba bercerita" in text and "Server mati lagi" not in text


def test_titles_are_escaped_in_the_html_part_and_plain_in_the_text(app, smtp, user, other_user):
    choose(app, other_user, "daily", "en")
    with app.app_context():
        board.create_thread(user, "teknologi-informasi", "<b>Katalog</b> & OPAC <script>x</script>", "Tolong?")
        assert send_digests("daily") == 1
    [mail] = smtp.inbox.to("budi@example.org")
    assert "&lt;b&gt;Katalog&lt;/b&gt; &amp; OPAC &lt;script&gt;" in html_part(mail)
    assert "<script>" not in html_part(mail)
    assert "<b>Katalog</b> & OPAC <script>x</script>" in text_part(mail)
