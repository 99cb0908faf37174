"""The live room in Chromium: chatting with the keyboard alone, on a phone screen, questions and raised hands.

Every test has its own session and accounts, signs in through the sign-in
page and waits for what a person would see, never for a fixed time.
"""

from __future__ import annotations

import pytest

from tests.browser.pages import PHONE, require_browser

expect = require_browser().expect  # skips this module without Chromium (fails it if one is required)

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def test_a_phone_and_a_desktop_chat_with_the_keyboard_alone(forum, live, enter):
    """Typed and sent with keys only, a message shows on the other person's page, both ways."""
    moderator = enter(live.moderator)
    member = enter(forum.user("rina"), PHONE)
    expect(moderator.person(member.name)).to_be_visible()
    expect(member.person(moderator.name)).to_be_visible()

    member.tab_to(member.say_box)
    member.page.keyboard.type("Selamat malam dari Bukittinggi")
    member.page.keyboard.press("Enter")
    expect(moderator.message("Selamat malam dari Bukittinggi")).to_contain_text(member.name)
    expect(member.message("Selamat malam dari Bukittinggi")).to_be_visible()
    expect(member.say_box).to_have_value("")  # sent: the box is ready for the next one

    moderator.tab_to(moderator.say_box)
    moderator.page.keyboard.type("Selamat datang,")
    moderator.page.keyboard.press("Shift+Enter")  # a new line, not sending yet
    moderator.page.keyboard.type("kita mulai dengan MARC 264.")
    moderator.tab_to(moderator.send)
    moderator.page.keyboard.press("Enter")
    reply = member.message("Selamat datang,")
    expect(reply).to_contain_text("kita mulai dengan MARC 264.")
    expect(reply).to_contain_text(moderator.name)
    expect(moderator.say_box).to_have_value("")

    assert member.overflow() == 0, "the room scrolls sideways on a phone"
    for room in (member, moderator):  # nothing was refused along the way (joining included)
        expect(room.status).to_be_empty()


def test_the_room_fits_a_phone_screen_in_both_languages(forum, live, enter):
    """Moderator's and member's rooms on a phone: no sideways scrolling, in English and in Bahasa Indonesia."""
    moderator = enter(live.moderator, PHONE)
    member = enter(forum.user("rina"), PHONE)
    link = "https://example.org/katalog/" + "marc21-tag-264-" * 12  # one long word: it must wrap
    member.say_box.fill(f"Materi: {link}")
    member.say_box.press("Enter")
    expect(moderator.message("Materi:")).to_be_visible()
    member.hand.click()  # the moderator's queue gets an entry with its button
    expect(moderator.hands.get_by_role("listitem")).to_have_count(1)
    moderator.ask_box.fill("Apa beda 260 dan 264? " * 10)
    moderator.ask_box.press("Enter")
    expect(member.questions.get_by_role("listitem")).to_have_count(1)

    for room in (moderator, member):
        assert room.overflow() == 0, f"{room.username}'s room scrolls sideways on a phone (English)"
        room.page.get_by_role("link", name="Bahasa Indonesia").click()
        expect(room.page.locator("html")).to_have_attribute("lang", "id")
        expect(room.page.locator("#presence")).to_contain_text(room.name)  # back in the room
        expect(room.page.locator("#messages")).to_contain_text("Materi:")
        assert room.overflow() == 0, f"{room.username}'s room scrolls sideways on a phone (Bahasa Indonesia)"


def test_questions_votes_answered_and_raised_hands(forum, live, enter):
    """A member's question reaches the moderator, votes count, it gets answered; a raised hand queues."""
    moderator = enter(live.moderator)
    member = enter(forum.user("rina"), PHONE)

    member.tab_to(member.ask_box)
    member.page.keyboard.type("Kapan memakai 264 dan bukan 260?")
    member.page.keyboard.press("Enter")
    asked = moderator.question("Kapan memakai 264")
    expect(asked).to_contain_text("▲ 0")
    expect(asked).to_contain_text(member.name)
    mine = member.question("Kapan memakai 264")
    expect(mine).to_be_visible()
    expect(member.ask_box).to_have_value("")
    expect(mine.get_by_role("button", name="Vote")).to_have_count(0)  # not for one's own question

    asked.get_by_role("button", name="Vote").click()
    expect(mine).to_contain_text("▲ 1")
    expect(asked).to_contain_text("▲ 1")
    asked.get_by_role("button", name="Mark answered").click()
    expect(mine.get_by_text("Answered", exact=True)).to_be_visible()
    expect(asked.get_by_text("Answered", exact=True)).to_be_visible()
    expect(asked.get_by_role("button")).to_have_count(0)  # answered: no more votes, nothing to mark

    member.tab_to(member.hand)
    member.page.keyboard.press("Space")
    expect(member.hand).to_have_attribute("aria-pressed", "true")
    queued = moderator.hands.get_by_role("listitem").filter(has_text=member.name)
    expect(queued).to_be_visible()
    queued.get_by_role("button", name="Give the floor").click()
    expect(member.status).to_have_text(f"{member.name} has the floor")
    expect(member.hand).to_have_attribute("aria-pressed", "false")
    expect(moderator.hands.get_by_role("listitem")).to_have_count(0)
