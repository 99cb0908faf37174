"""/api/docs: the vendored Swagger UI renders every route under the strict CSP, with no violation."""

from __future__ import annotations

import pytest

from tests.browser.pages import DESKTOP, require_browser

expect = require_browser().expect  # skips this module without Chromium (fails it if one is required)

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def test_api_docs_render_under_the_csp(browser, servers):
    context = browser.new_context(**DESKTOP)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    try:
        response = page.goto(servers[1].base + "/api/docs")
        assert response.status == 200
        assert "script-src" not in response.headers["content-security-policy"]  # default-src 'self' rules
        expect(page.locator(".opblock-summary-path", has_text="/api/v1/threads/{thread_id}").first).to_be_visible()
        expect(page.get_by_text("Jejaring API").first).to_be_visible()
        assert page.locator(".opblock").count() >= 30
        assert not [p for p in problems if "Content Security Policy" in p or "Refused" in p], problems
        assert not problems, problems
    finally:
        context.close()
