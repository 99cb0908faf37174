"""Province first, then regency or city: the registration form's two linked selects (static/js/regions.js)."""

from __future__ import annotations

import pytest

from tests.browser.pages import DESKTOP, WAIT_MS, require_browser, sign_in
from tests.live.servers import PASSWORD

expect = require_browser().expect  # skips this module without Chromium (fails it if one is required)

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def test_choosing_a_province_offers_its_regencies_and_cities(browser, servers):
    context = browser.new_context(base_url=servers[1].base, locale="en-US", **DESKTOP)
    context.set_default_timeout(WAIT_MS)
    try:
        page = context.new_page()
        page.goto("/register")
        province, region = page.get_by_label("Province"), page.locator("select#region")
        expect(province).to_have_value("")
        expect(region).to_be_disabled()
        province.select_option(label="Sumatera Barat")
        expect(region).to_be_enabled()
        values = region.locator("option").evaluate_all("options => options.map(o => o.value)")
        assert values[0] == "" and len(values) == 20 and "bukittinggi" in values and "medan" not in values
        expect(region).to_have_value("")  # still nothing chosen for the member
        region.select_option("bukittinggi")
        province.select_option(label="Bali")
        expect(region).to_have_value("")
        assert "denpasar" in region.locator("option").evaluate_all("options => options.map(o => o.value)")
    finally:
        context.close()


def test_settings_start_from_the_members_province_and_region(browser, servers, forum):
    member = forum.user("pindah")  # in Bukittinggi or Padang: both in Sumatera Barat
    context = browser.new_context(base_url=servers[1].base, locale="en-US", **DESKTOP)
    context.set_default_timeout(WAIT_MS)
    try:
        page = context.new_page()
        page.goto("/login?next=/settings")
        sign_in(page, member, PASSWORD)
        province, region = page.get_by_label("Province"), page.locator("select#region")
        expect(province.locator("option:checked")).to_have_text("Sumatera Barat")
        assert region.input_value() in ("bukittinggi", "padang")
        province.select_option(label="Jawa Barat")
        region.select_option("bandung")
        page.get_by_role("button", name="Save").click()
        expect(page.locator("select#region")).to_have_value("bandung")
    finally:
        context.close()
