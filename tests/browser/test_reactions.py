"""Reactions with JavaScript: the small forms are sent to the API and the counts change without a reload."""

from __future__ import annotations

import pytest

from tests.browser.pages import DESKTOP, PHONE, WAIT_MS, require_browser, sign_in
from tests.live.servers import PASSWORD

expect = require_browser().expect  # skips this module without Chromium (fails it if one is required)

pytestmark = [pytest.mark.slow, pytest.mark.browser]


@pytest.fixture
def answered(forum) -> tuple[int, str]:
    """A thread by one member with another member's reply: (the reply's id, the thread's address)."""
    from forum.accounts.services import user_by_username
    from forum.board import services as board

    asker, helper = forum.user("penanya"), forum.user("penjawab")
    with forum.app.app_context():
        thread = board.create_thread(user_by_username(asker), "teknologi-informasi", "Barcode tidak terbaca",
                                     "Pemindai kami menolak label lama.")
        reply = board.reply(user_by_username(helper), thread.id, "Cetak ulang dengan 300 dpi.")
        return reply.id, f"/t/{thread.id}"


@pytest.mark.parametrize("device", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_reaction_toggles_in_place(browser, servers, forum, answered, device):
    reply_id, path = answered
    reader = forum.user("pembaca")
    context = browser.new_context(base_url=servers[1].base, locale="en-US", **device)
    context.set_default_timeout(WAIT_MS)
    try:
        page = context.new_page()
        page.goto("/login?next=" + path)
        sign_in(page, reader, PASSWORD)
        page.evaluate("window.notReloaded = true")
        bar = page.locator(f'.reactions[data-post="{reply_id}"]')
        helpful = bar.get_by_role("button", name="helpful")
        expect(helpful).to_have_attribute("aria-pressed", "false")
        helpful.click()
        expect(helpful).to_have_attribute("aria-pressed", "true")
        expect(helpful.locator(".count")).to_have_text("1")
        helpful.click()
        expect(helpful).to_have_attribute("aria-pressed", "false")
        expect(helpful.locator(".count")).to_have_text("0")
        bar.get_by_role("button", name="thanks").click()
        expect(bar.get_by_role("button", name="thanks").locator(".count")).to_have_text("1")
        assert page.evaluate("window.notReloaded") is True  # no page load happened
        page.reload()  # and it was stored
        expect(page.locator(f'.reactions[data-post="{reply_id}"]').get_by_role("button", name="thanks")
               ).to_have_attribute("aria-pressed", "true")
    finally:
        context.close()
