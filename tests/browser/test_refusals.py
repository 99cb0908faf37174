"""What the live room refuses, the person sees: a message in words, and their text kept to send again."""

from __future__ import annotations

import re

import pytest

from tests.browser.pages import PHONE, Room, require_browser

expect = require_browser().expect  # skips this module without Chromium (fails it if one is required)

pytestmark = [pytest.mark.slow, pytest.mark.browser]

MUTED = "A moderator muted you in this session."


def slow_mode_seconds(forum, session_id: int) -> int:
    from forum.extensions import db
    from forum.live.models import LiveSession

    with forum.app.app_context():
        try:
            return db.session.get(LiveSession, session_id).slow_mode_seconds
        finally:
            db.session.remove()


def _mute(forum, live, moderator: Room, member: Room) -> None:
    moderator.person(member.name).get_by_role("button", name="Mute").click()
    expect(member.status).to_have_text(MUTED)  # told at once, before trying to say anything


def _slow_mode(forum, live, moderator: Room, member: Room) -> None:
    moderator.page.get_by_label("Slow mode").select_option("30")
    expect(member.slow_note).to_have_text("Slow mode: one message every 30 s per person.")
    assert slow_mode_seconds(forum, live.id) == 30  # stored before the room was told
    member.say_box.fill("Pertanyaan pertama saya")
    member.say_box.press("Enter")
    expect(moderator.message("Pertanyaan pertama saya")).to_be_visible()


@pytest.mark.parametrize(("refuse", "shown"), [(_mute, re.escape(MUTED)),
                                               (_slow_mode, r"Slow mode: wait \d+ more seconds\.")],
                         ids=["muted", "slow-mode"])
def test_a_refused_message_is_explained_and_kept(forum, live, enter, refuse, shown):
    moderator = enter(live.moderator)
    member = enter(forum.user("rina"), PHONE)
    refuse(forum, live, moderator, member)

    member.tab_to(member.say_box)
    member.page.keyboard.type("Boleh saya bertanya lagi?")
    member.page.keyboard.press("Enter")
    expect(member.status).to_have_text(re.compile(shown))
    expect(member.status).to_have_class(re.compile(r"\berror\b"))
    expect(member.say_box).to_have_value("Boleh saya bertanya lagi?")  # not lost: it can be sent later
    # The refusal came after the server had decided: a message it refused is never broadcast.
    expect(moderator.message("Boleh saya bertanya lagi?")).to_have_count(0)
    expect(member.message("Boleh saya bertanya lagi?")).to_have_count(0)


def test_a_muted_member_can_speak_again_once_unmuted(forum, live, enter):
    moderator = enter(live.moderator)
    member = enter(forum.user("rina"), PHONE)
    _mute(forum, live, moderator, member)
    member.say_box.fill("Masih dibisukan?")
    member.say_box.press("Enter")
    expect(member.status).to_have_class(re.compile(r"\berror\b"))

    moderator.person(member.name).get_by_role("button", name="Unmute").click()
    expect(member.status).to_be_empty()
    member.say_box.press("Enter")  # the kept text, sent again
    expect(moderator.message("Masih dibisukan?")).to_have_count(1)
    expect(member.say_box).to_have_value("")


def test_a_removed_member_is_told_why_and_can_no_longer_take_part(forum, live, enter):
    moderator = enter(live.moderator)
    member = enter(forum.user("rina"), PHONE)
    moderator.person(member.name).get_by_role("button", name="Remove").click()
    expect(member.status).to_have_text("A moderator removed you from this session.")
    expect(member.say_box).to_be_disabled()
    expect(member.send).to_be_disabled()
    expect(moderator.person(member.name)).to_have_count(0)


def test_after_a_reload_the_room_still_shows_who_is_muted_and_the_slow_mode(forum, live, enter):
    moderator = enter(live.moderator)
    member = enter(forum.user("rina"), PHONE)
    _mute(forum, live, moderator, member)
    moderator.page.get_by_label("Slow mode").select_option("15")
    expect(member.slow_note).to_have_text("Slow mode: one message every 15 s per person.")

    member.page.reload()
    moderator.page.reload()
    expect(member.status).to_have_text(MUTED)
    expect(member.slow_note).to_have_text("Slow mode: one message every 15 s per person.")
    expect(moderator.person(member.name).get_by_role("button", name="Unmute")).to_be_visible()
    expect(moderator.page.get_by_label("Slow mode")).to_have_value("15")
