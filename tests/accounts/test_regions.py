"""Regions as Indonesia has them: provinces, their regencies and cities, Kemendagri's codes; members live in the latter."""

from __future__ import annotations

import re

import pytest

from forum.accounts import regions
from tests.fixtures.api import Api
from tests.fixtures.domain import PASSWORD
from tests.fixtures.web import post_form


def test_every_province_regency_and_city_is_listed(client):
    listed = Api(client).get("/regions").get_json()
    kinds = {kind: [r for r in listed if r["kind"] == kind] for kind in ("province", "regency", "city")}
    assert len(kinds["province"]) == 38 and len(kinds["regency"]) + len(kinds["city"]) == 514
    assert {"slug": "provinsi-sumatera-barat", "name": "Sumatera Barat", "province": "Sumatera Barat", "code": "13",
            "kind": "province"} in listed
    assert {"slug": "kabupaten-agam", "name": "Kabupaten Agam", "province": "Sumatera Barat", "code": "13.06",
            "kind": "regency"} in listed
    provinces = {r["province"] for r in listed}
    for far in ("Bali", "Kalimantan Timur", "Nusa Tenggara Timur", "Maluku", "Papua Pegunungan"):
        assert far in provinces


def test_one_province(client):
    listed = Api(client).get("/regions?province=13").get_json()
    assert len(listed) == 19 and {r["kind"] for r in listed} == {"regency", "city"}
    assert {r["slug"] for r in listed} >= {"bukittinggi", "padang", "payakumbuh", "padang-panjang", "solok",
                                            "sawahlunto", "pariaman", "kabupaten-agam", "kabupaten-tanah-datar",
                                            "kabupaten-lima-puluh-kota", "kabupaten-solok"}
    assert all(r["code"].startswith("13.") and r["province"] == "Sumatera Barat" for r in listed)


@pytest.mark.parametrize("province", ["99", "13.75", "x", ""])
def test_unknown_province_is_404(client, province):
    response = Api(client).get(f"/regions?province={province}")
    assert response.status_code == 404 and response.get_json()["error"]["message"] == "No such province."


@pytest.mark.parametrize(("slug", "code", "name"), [
    ("bukittinggi", "13.75", "Bukittinggi"), ("padang", "13.71", "Padang"), ("medan", "12.71", "Medan"),
    ("jakarta", "31.71", "Jakarta Pusat"), ("yogyakarta", "34.71", "Yogyakarta"), ("makassar", "73.71", "Makassar"),
    ("kabupaten-lima-puluh-kota", "13.07", "Kabupaten Lima Puluh Kota"), ("solok", "13.72", "Solok"),
])
def test_slugs_clients_know_keep_working(app, slug, code, name):
    with app.app_context():
        region = regions.home_region(slug)
        assert (region.code, region.name) == (code, name)


def test_members_register_in_a_regency_or_city_not_a_province(client):
    body = {"username": "wayan", "email": "wayan@example.org", "password": PASSWORD, "display_name": "Wayan"}
    response = Api(client).post("/users", {**body, "region": "provinsi-bali"})
    assert response.status_code == 400 and "region" in response.get_json()["error"]["fields"]
    response = Api(client).post("/users", {**body, "region": "denpasar"})
    assert response.status_code == 201 and response.get_json()["region"] == "denpasar"


def test_register_page_starts_from_choose_with_regions_by_province(client):
    page = client.get("/register").get_data(as_text=True)
    select = page[page.index('<select') : page.index("</select>")]
    assert re.search(r'<option value="">[^<]+</option><optgroup label="Aceh">', select)
    assert "selected" not in select  # nothing preselected
    assert select.count("<optgroup") == 38 and '<option value="bukittinggi">Kota Bukittinggi</option>' in select
    assert "provinsi-" not in select  # a province is not a place to live
    assert 'src="/static/js/regions.js"' in page


def test_register_without_choosing_a_region_says_so(client):
    response = post_form(client, "/register", {"username": "dewi", "display_name": "Dewi", "email": "d@example.org",
                                               "password": PASSWORD, "region": ""})
    assert response.status_code == 400 and "Choose a region from the list" in response.get_data(as_text=True)


def test_settings_show_the_members_region_chosen(client, auth, user):
    auth.login()
    page = client.get("/settings").get_data(as_text=True)
    assert '<option selected value="bukittinggi">Kota Bukittinggi</option>' in page
    response = post_form(client, "/settings", {"display_name": "Rina", "region": "kabupaten-agam",
                                               "timezone": "Asia/Jakarta", "locale": "",
                                               "email_notifications": "immediate"})
    assert response.status_code == 302
    assert "Kabupaten Agam" in client.get("/u/rina").get_data(as_text=True)


def test_loading_again_adds_nothing_and_keeps_renames(app):
    from forum import reference
    from forum.database import write

    with app.app_context():
        with write():
            regions.home_region("bukittinggi").name = "Bukittinggi (Kota Wisata)"
        assert reference.load() == {"regions": 0, "categories": 0, "skills": 0}
        assert regions.home_region("bukittinggi").name == "Bukittinggi (Kota Wisata)"
