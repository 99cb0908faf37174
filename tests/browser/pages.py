"""Driving the live room in Chromium: whether a browser is here, signing in, and the room's controls.

The tests use Playwright for Python with Debian's Chromium (``apt-get install
chromium``); Playwright's own browser downloads are never used. Without either
the browser tests skip, unless ``JEJARING_REQUIRE_BROWSER=1`` (set by CI), when
they fail instead: a CI run must not pass by skipping them.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
REQUIRED = os.environ.get("JEJARING_REQUIRE_BROWSER") == "1"
WAIT_MS = 10_000  # how long an expected change on a page may take to show

DESKTOP: dict[str, Any] = {"viewport": {"width": 1280, "height": 800}}
PHONE: dict[str, Any] = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2,
                         "is_mobile": True, "has_touch": True}


def missing() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as exc:
        return f"Playwright for Python cannot be imported ({exc}; .venv/bin/pip install -r requirements-dev.txt)"
    if not CHROMIUM.exists():
        return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    return None


def require_browser() -> ModuleType:
    """``playwright.sync_api``; skips the caller without a browser, or fails it when one is required."""
    reason = missing()
    if reason is not None:
        if REQUIRED:
            pytest.fail(f"JEJARING_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
        pytest.skip(f"browser tests need Playwright and Chromium: {reason}", allow_module_level=True)
    from playwright import sync_api

    sync_api.expect.set_options(timeout=WAIT_MS)
    return sync_api


def sign_in(page, username: str, password: str) -> None:
    """Fill in and send the sign-in form the page shows, as a person would; waits until it is done."""
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("main").get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/login" not in url)


class Room:
    """One person's page of a live room, seen through its accessible names."""

    def __init__(self, page, username: str) -> None:
        self.page, self.username = page, username
        self.name = username.title()  # the display name the test accounts get
        self.status = page.locator("#status")  # the room's one status line (role=status, no name of its own)
        self.messages = page.get_by_role("list", name="Messages")
        self.say_box = page.get_by_role("textbox", name="Your message")
        self.send = page.get_by_role("button", name="Send", exact=True)
        self.hand = page.get_by_role("button", name="Raise hand")
        self.ask_box = page.get_by_role("textbox", name="Your question")
        self.people = page.get_by_role("list", name="In the room")
        self.questions = page.get_by_role("list", name="Questions")
        self.hands = page.get_by_role("list", name="Raised hands")
        self.slow_note = page.locator("#slow-note")

    def person(self, name: str):
        """The entry of someone in the room's list of people."""
        return self.people.get_by_role("listitem").filter(has_text=name)

    def question(self, text: str):
        return self.questions.get_by_role("listitem").filter(has_text=text)

    def message(self, text: str):
        return self.messages.get_by_role("listitem").filter(has_text=text)

    def focused(self, locator) -> bool:
        return locator.evaluate("node => node === document.activeElement")

    def tab_to(self, locator, limit: int = 60) -> None:
        """Press Tab until ``locator`` has the focus, as a keyboard user would; fails if it never does."""
        for _ in range(limit):
            if self.focused(locator):
                return
            self.page.keyboard.press("Tab")
        raise AssertionError(f"{locator} was not reached within {limit} presses of Tab")

    def overflow(self) -> int:
        """How many CSS pixels the page is wider than the screen (0: no horizontal scrolling)."""
        return self.page.evaluate(
            "() => document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth")
