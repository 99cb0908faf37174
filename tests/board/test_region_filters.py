"""A province in the lists' and search's region filter: authors in any of its regencies and cities."""

from __future__ import annotations

import pytest

from forum.board import services as board
from tests.fixtures.api import Api


@pytest.fixture
def threads(app, make_user):
    """One thread each by members in Padang and Kabupaten Agam (Sumatera Barat) and in Medan (Sumatera Utara)."""
    made = {}
    with app.app_context():
        for region in ("padang", "kabupaten-agam", "medan"):
            author = make_user(f"u{region.replace('-', '')}"[:32], region=region)
            made[region] = board.create_thread(author, "teknologi-informasi", f"Perpustakaan keliling {region}",
                                               "Bagaimana jadwal mobil perpustakaan keliling di daerah Anda?").id
    return made


def test_lists_by_province_and_by_city(client, threads):
    api = Api(client)
    by = lambda region: {t["id"] for t in api.get(f"/threads?region={region}").get_json()["items"]}  # noqa: E731
    assert by("provinsi-sumatera-barat") == {threads["padang"], threads["kabupaten-agam"]}
    assert by("padang") == {threads["padang"]}
    assert by("provinsi-sumatera-utara") == {threads["medan"]}


def test_search_by_province(client, threads):
    answer = Api(client).get("/search?q=keliling&region=provinsi-sumatera-barat").get_json()
    assert {hit["thread_id"] for hit in answer["items"]} == {threads["padang"], threads["kabupaten-agam"]}


def test_the_latest_page_offers_each_province_whole(client, threads):
    page = client.get("/latest?region=provinsi-sumatera-barat").get_data(as_text=True)
    assert '<option value="provinsi-sumatera-barat" selected>All of Sumatera Barat</option>' in page
    assert '<option value="padang">Kota Padang</option>' in page
