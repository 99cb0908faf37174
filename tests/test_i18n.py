"""Times in the reader's zone; the language from choice, then the browser."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import update

from forum.board.models import Post
from forum.extensions import db
from tests.fixtures.web import post_form


def _set_time(app, post_id, when):
    with app.app_context():
        db.session.execute(update(Post).where(Post.id == post_id).values(created_at=when))
        db.session.commit()


def test_times_shown_in_wib_by_default_and_in_chosen_zone(app, client, auth, thread, post, user):
    _set_time(app, post.id, datetime(2026, 3, 1, 23, 30, tzinfo=UTC))
    page = client.get(f"/t/{thread.id}").get_data(as_text=True)
    assert "Mar 2, 2026 06:30" in page  # 23:30 UTC is 06:30 the next morning in Jakarta
    auth.login()
    post_form(client, "/settings", {"display_name": "Rina", "region": "bukittinggi", "institution": "",
                                    "bio": "", "locale": "", "timezone": "Asia/Makassar"})
    assert "Mar 2, 2026 07:30" in client.get(f"/t/{thread.id}").get_data(as_text=True)


def test_indonesian_dates(app, client, thread, post):
    _set_time(app, post.id, datetime(2026, 8, 17, 3, 0, tzinfo=UTC))
    page = client.get(f"/t/{thread.id}", headers={"Accept-Language": "id-ID,id;q=0.9"}).get_data(as_text=True)
    assert "17 Agu 2026 10.00" in page


def test_saved_language_beats_browser(app, client, auth, user):
    auth.login()
    post_form(client, "/settings", {"display_name": "Rina", "region": "bukittinggi", "institution": "",
                                    "bio": "", "locale": "id", "timezone": "Asia/Jakarta"})
    elsewhere = app.test_client()  # another device: no session choice yet
    from tests.fixtures.web import AuthActions

    AuthActions(elsewhere).login()
    assert "Keluar" in elsewhere.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)


def test_footer_choice_beats_saved_language(client, auth, user):
    auth.login()
    client.get("/language?lang=en&next=/")
    assert "Sign out" in client.get("/", headers={"Accept-Language": "id"}).get_data(as_text=True)


def test_language_link_stays_on_site(client):
    response = client.get("/language?lang=id&next=https://evil.example/")
    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_unknown_language_is_refused(client):
    assert client.get("/language?lang=xx").status_code == 400


def test_anonymous_pages_set_no_cookie(client, thread):
    for url in ("/", f"/t/{thread.id}", "/c/teknologi-informasi"):
        assert "Set-Cookie" not in client.get(url).headers


def test_indonesian_catalogue_is_complete():
    """Every UI string has an Indonesian translation (run `make extract-messages` after adding strings)."""
    from pathlib import Path

    from babel.messages.pofile import read_po

    path = Path(__file__).resolve().parent.parent / "forum/translations/id/LC_MESSAGES/messages.po"
    with path.open("rb") as fh:
        catalog = read_po(fh)
    missing = [m.id for m in catalog if m.id and (m.fuzzy or not (m.string[0] if isinstance(m.string, tuple)
                                                                   else m.string))]
    assert missing == []


def test_each_message_is_translated_once():
    """A message given twice (two branches appended it) would show whichever translation came last."""
    import re
    from collections import Counter
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "forum/translations/id/LC_MESSAGES/messages.po"
    text = path.read_text(encoding="utf-8")
    entries = re.findall(r'^(?:msgctxt (".*")\n)?msgid ((?:".*"\n)+)', text, flags=re.MULTILINE)
    twice = [msgid.strip() for (context, msgid), n in Counter(entries).items() if n > 1]
    assert twice == []
