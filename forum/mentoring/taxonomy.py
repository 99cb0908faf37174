"""The skill taxonomy: SKKNI bidang perpustakaan (Kepmenaker 236/2019) and the skills under its functions.

Pure data. The areas are the standard's functions; each skill names what a
librarian does, in Bahasa Indonesia and English. Skills renamed when the
taxonomy moved to the standard keep their old slug as an alias (``ALIASES``), so
API clients that send the old slugs keep working; ``SPLITS`` names skills that
were carved out of an older, broader one (a member's level in the old skill is
their starting level in both).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

# (slug, name in Bahasa Indonesia, name in English), in the standard's order.
AREAS: tuple[tuple[str, str, str], ...] = (
    ("collection-development", "Pengembangan koleksi", "Collection development"),
    ("organising-materials", "Pengorganisasian bahan perpustakaan", "Organising library materials"),
    ("library-services", "Layanan perpustakaan", "Library services"),
    ("preservation", "Pelestarian bahan perpustakaan", "Preservation"),
    ("ict", "Penerapan teknologi informasi dan komunikasi", "Applying ICT"),
    ("library-management", "Pengelolaan perpustakaan", "Library management"),
    ("professional-development", "Pengembangan profesi", "Professional development"),
)
AREA_SLUGS = tuple(a[0] for a in AREAS)
# For the pages: the area's name in the reader's language (the catalogues translate the English).
AREA_LABELS = {
    "collection-development": _l("Collection development"),
    "organising-materials": _l("Organising library materials"),
    "library-services": _l("Library services"),
    "preservation": _l("Preservation"),
    "ict": _l("Applying ICT"),
    "library-management": _l("Library management"),
    "professional-development": _l("Professional development"),
}


def _skill(slug: str, area: str, name_id: str, name_en: str) -> dict:
    return {"slug": slug, "area": area, "name_id": name_id, "name_en": name_en}


SKILLS: list[dict] = [
    _skill("collection-selection", "collection-development",
           "Seleksi dan pengembangan koleksi berbasis kebutuhan pemustaka",
           "Selection and needs-based collection development"),
    _skill("acquisition", "collection-development", "Pengadaan bahan perpustakaan (pembelian, hibah, tukar-menukar)",
           "Acquisition (purchase, donations, exchange)"),
    _skill("weeding", "collection-development", "Penyiangan bahan perpustakaan", "Weeding the collection"),
    _skill("cataloguing", "organising-materials", "Katalogisasi deskriptif (MARC, RDA)",
           "Cataloguing (MARC, RDA)"),
    _skill("classification", "organising-materials", "Klasifikasi (DDC) dan tajuk subjek",
           "Classification (DDC) and subject headings"),
    _skill("physical-processing", "organising-materials", "Pengolahan fisik dan penjajaran koleksi",
           "Physical processing and shelving"),
    _skill("reference-service", "library-services", "Layanan referensi dan komunikasi dengan pemustaka",
           "Reference service and communicating with users"),
    _skill("circulation", "library-services", "Layanan sirkulasi dan keanggotaan", "Circulation and membership"),
    _skill("complaint-handling", "library-services", "Menangani keluhan dan situasi sulit",
           "Handling complaints and difficult situations"),
    _skill("online-reference", "library-services", "Layanan tanya jawab daring dan layanan jarak jauh",
           "Online Q&A and remote services"),
    _skill("information-literacy", "library-services", "Bimbingan literasi informasi dan evaluasi sumber",
           "Teaching information literacy and source evaluation"),
    _skill("programme-design", "library-services", "Workshop, pameran, dan diskusi buku",
           "Workshops, exhibitions, book discussions"),
    _skill("promotion", "library-services", "Promosi perpustakaan dan menarik pemustaka baru",
           "Promoting the library and attracting new users"),
    _skill("social-media", "library-services", "Penjangkauan lewat media sosial", "Social media outreach"),
    _skill("preventive-preservation", "preservation",
           "Pelestarian preventif (penyimpanan, lingkungan, pengendalian hama)",
           "Preventive preservation (storage, environment, pest control)"),
    _skill("conservation", "preservation", "Perbaikan dan konservasi bahan perpustakaan",
           "Repair and conservation of library materials"),
    _skill("digitisation", "preservation", "Alih media dan digitalisasi koleksi", "Digitisation and media transfer"),
    _skill("library-automation", "ict", "Sistem otomasi perpustakaan dan OPAC (mis. SLiMS, INLISLite)",
           "Library automation systems and OPAC (e.g. SLiMS, INLISLite)"),
    _skill("database-management", "ict", "Basis data dan kualitas data", "Databases and data quality"),
    _skill("digital-collections", "ict", "E-book, peminjaman elektronik, dan koleksi digital",
           "E-books, e-lending, digital collections"),
    _skill("search-tools", "ict", "Aplikasi mobile dan alat penelusuran cerdas", "Mobile apps and smart search tools"),
    _skill("strategic-planning", "library-management", "Perencanaan strategis", "Strategic planning"),
    _skill("partnerships", "library-management", "Kemitraan dengan pemerintah, swasta, universitas, dan komunitas",
           "Partnerships with government, business, universities, communities"),
    _skill("feedback-analysis", "library-management", "Mengumpulkan dan menganalisis umpan balik pemustaka",
           "Collecting and analysing user feedback"),
    _skill("evaluation", "library-management", "Indikator keberhasilan, pemantauan, dan evaluasi",
           "Success indicators, monitoring and evaluation"),
    _skill("professional-writing", "professional-development", "Menulis karya tulis ilmiah kepustakawanan",
           "Writing and publishing professional papers"),
    _skill("mentoring-colleagues", "professional-development", "Membimbing dan melatih rekan pustakawan",
           "Mentoring and training fellow librarians"),
]

# Old slug -> the skill it became (API clients may keep sending the old one).
ALIASES: dict[str, str] = {
    "customer-communication": "reference-service",
    "digital-catalogue": "library-automation",
    "e-resources": "digital-collections",
    "mobile-and-search-tools": "search-tools",
}
# New skill -> the older, broader skill it was carved out of ("acquisition, donations, weeding").
SPLITS: dict[str, str] = {"weeding": "acquisition"}
