"""Daily and weekly digests: what they tell, in whose language, to whom, and never twice."""

from __future__ import annotations

import pytest

from forum.accounts import services as accounts
from forum.board import services as board
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
