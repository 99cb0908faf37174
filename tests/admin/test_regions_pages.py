"""The admin's regions pages: every province, one province's places to rename, a place to add."""

from __future__ import annotations

import pytest

from forum.accounts import regions
from tests.fixtures.web import post_form


@pytest.fixture
def admin(auth, make_user):
    """Signed in as an admin through the login page."""
    user = make_user("pengelola", role="admin")
    auth.login("pengelola")
    return user


def test_provinces_then_one_provinces_places(client, admin):
    page = client.get("/admin/regions").get_data(as_text=True)
    assert page.count('href="/admin/regions?province=') == 38 and "Papua Barat Daya" in page
    page = client.get("/admin/regions?province=13").get_data(as_text=True)
    assert "13.75" in page and 'value="Bukittinggi"' in page and "Kabupaten Agam" in page
    assert client.get("/admin/regions?province=99").status_code == 404


def test_rename_and_add(client, admin, app):
    response = post_form(client, "/admin/regions/kabupaten-agam", {"name": "Kabupaten Agam (Lubuk Basung)",
                                                                   "province": "13"},
                         token_from="/admin/regions?province=13")
    assert response.status_code == 302 and response.headers["Location"].endswith("/admin/regions?province=13")
    response = post_form(client, "/admin/regions", {"province": "13", "name": "Kabupaten Contoh", "kind": "regency",
                                                    "code": "13.13"}, token_from="/admin/regions?province=13")
    assert response.status_code == 302
    with app.app_context():
        assert regions.home_region("kabupaten-agam").name == "Kabupaten Agam (Lubuk Basung)"
        added = regions.home_region("kabupaten-contoh")
        assert (added.code, added.kind, added.province, added.parent.code) == ("13.13", "regency", "Sumatera Barat",
                                                                               "13")


def test_renaming_a_province_renames_it_on_its_places(client, admin, app):
    response = post_form(client, "/admin/regions/provinsi-sumatera-barat", {"name": "Sumbar", "province": "13"},
                         token_from="/admin/regions?province=13")
    assert response.status_code == 302
    with app.app_context():
        assert regions.home_region("bukittinggi").province == "Sumbar"


@pytest.mark.parametrize(("data", "message"), [
    ({"name": "", "kind": "city"}, "1 to 120 characters"),
    ({"name": "Kota Baru", "kind": "province"}, "Choose regency or city"),
    ({"name": "Kota Baru", "kind": "city", "code": "12.99"}, "Kemendagri code"),
    ({"name": "Padang", "kind": "city"}, "exists already"),
    ({"name": "Kota Baru", "kind": "city", "code": "13.75"}, "exists already"),
])
def test_adding_a_region_with_bad_input_says_why(client, admin, data, message):
    response = post_form(client, "/admin/regions", {"province": "13", **data}, token_from="/admin/regions?province=13")
    assert response.status_code == 400 and message in response.get_data(as_text=True)
