"""Demo content for Jejaring: the default categories, users and threads.

Regions and skills are reference data of their own (``forum/accounts/data/``,
``forum/mentoring/taxonomy.py``); ``forum.reference`` loads them with the categories.

Pure data, no Flask and no database: ``forum.demo`` reads these constants and
writes them through the normal services, so everything here passes the same
validation as user input. The text is what a visitor of a fresh installation
sees first, so it is written to read like a real network of Indonesian
librarians (pustakawan): mostly Bahasa Indonesia, some English, practical and
specific. Passwords are not kept here; ``forum.demo`` sets one for every demo
user.

Shapes
------
CATEGORIES
    dicts with ``slug``, ``name``, ``name_en``, ``description``,
    ``description_en`` and ``kind`` (``"case_study"`` or ``"discussion"``).
USERS
    dicts with ``username``, ``display_name``, ``email``, ``role``,
    ``region`` (a region slug), ``institution`` and ``bio``.
THREADS
    dicts with ``category`` (slug), ``title``, ``author`` (username),
    ``tags``, ``days_ago``, ``body`` (markdown) and ``replies``, a list of
    ``(username, markdown)`` tuples in the order they were posted.
"""

from __future__ import annotations

CATEGORIES: list[dict] = [
    {
        "slug": "teknologi-informasi",
        "name": "Teknologi Informasi",
        "name_en": "Information Technology",
        "description": "Katalog digital, basis data, SLiMS, e-book, dan aplikasi mobile untuk perpustakaan.",
        "description_en": "Digital catalogues, databases, SLiMS, e-books and mobile apps for libraries.",
        "kind": "discussion",
    },
    {
        "slug": "pengelolaan-koleksi",
        "name": "Pengelolaan Koleksi",
        "name_en": "Collection Management",
        "description": "Seleksi, akuisisi, katalogisasi, klasifikasi, dan penyiangan bahan pustaka.",
        "description_en": "Selection, acquisition, cataloguing, classification and weeding of library materials.",
        "kind": "discussion",
    },
    {
        "slug": "layanan-pengguna",
        "name": "Layanan Pengguna",
        "name_en": "User Services",
        "description": "Komunikasi dengan pengguna, layanan referensi, dan penanganan keluhan.",
        "description_en": "Communicating with users, reference services and handling complaints.",
        "kind": "discussion",
    },
    {
        "slug": "literasi-informasi",
        "name": "Literasi Informasi",
        "name_en": "Information Literacy",
        "description": "Mengajarkan cara mencari informasi dan mengevaluasi sumber kepada masyarakat.",
        "description_en": "Teaching people how to search for information and evaluate sources.",
        "kind": "discussion",
    },
    {
        "slug": "studi-kasus",
        "name": "Studi Kasus",
        "name_en": "Case Studies",
        "description": "Situasi nyata di perpustakaan: apa yang terjadi, apa yang dilakukan, dan apa pelajarannya.",
        "description_en": "Real situations from libraries: what happened, what was done and what was learned.",
        "kind": "case_study",
    },
    {
        "slug": "layanan-online",
        "name": "Layanan Online",
        "name_en": "Online Services",
        "description": "Peminjaman buku elektronik, tanya jawab daring, dan layanan jarak jauh lainnya.",
        "description_en": "E-lending, online Q&A and other remote services.",
        "kind": "discussion",
    },
    {
        "slug": "program-kegiatan",
        "name": "Program & Kegiatan",
        "name_en": "Programmes & Events",
        "description": "Workshop, pameran, diskusi buku, dan kegiatan lain yang menghidupkan perpustakaan.",
        "description_en": (
            "Workshops, exhibitions, book discussions and other activities that bring a library to life."
        ),
        "kind": "discussion",
    },
    {
        "slug": "kemitraan-jaringan",
        "name": "Kemitraan & Jaringan",
        "name_en": "Partnerships & Networking",
        "description": (
            "Kerja sama dengan pemerintah, swasta, universitas, komunitas, dan perpustakaan di daerah lain."
        ),
        "description_en": (
            "Partnerships with government, business, universities, communities and libraries in other regions."
        ),
        "kind": "discussion",
    },
    {
        "slug": "perencanaan-evaluasi",
        "name": "Perencanaan & Evaluasi",
        "name_en": "Planning & Evaluation",
        "description": "Rencana strategis, indikator keberhasilan, dan pengolahan umpan balik pengguna.",
        "description_en": "Strategic plans, success indicators and making good use of user feedback.",
        "kind": "discussion",
    },
    {
        "slug": "mentoring",
        "name": "Mentoring",
        "name_en": "Mentoring",
        "description": "Pertanyaan seputar menjadi mentor atau mencari mentor di jaringan ini.",
        "description_en": "Questions about being a mentor or finding one in this network.",
        "kind": "discussion",
    },
]

USERS: list[dict] = [
    {
        "username": "admin",
        "display_name": "Rahmat Hidayat",
        "email": "admin@example.org",
        "role": "admin",
        "region": "bukittinggi",
        "institution": "Perpustakaan Kota Bukittinggi",
        "bio": "Koordinator jaringan Jejaring dan pustakawan di Perpustakaan Kota Bukittinggi sejak 2009.",
    },
    {
        "username": "sri.wahyuni",
        "display_name": "Sri Wahyuni",
        "email": "sri.wahyuni@example.org",
        "role": "admin",
        "region": "padang",
        "institution": "Dinas Perpustakaan dan Kearsipan Provinsi Sumatera Barat",
        "bio": "Mengoordinasikan pembinaan perpustakaan kabupaten/kota dan TBM di Sumatera Barat.",
    },
    {
        "username": "moderator",
        "display_name": "Yusnidar Chaniago",
        "email": "moderator@example.org",
        "role": "moderator",
        "region": "bukittinggi",
        "institution": "Perpustakaan Proklamator Bung Hatta",
        "bio": "Pustakawan ahli madya; senang membahas layanan pengguna, penyiangan, dan klasifikasi.",
    },
    {
        "username": "andi.nurhayati",
        "display_name": "Andi Nurhayati",
        "email": "andi.nurhayati@example.org",
        "role": "moderator",
        "region": "makassar",
        "institution": "UPT Perpustakaan Universitas Hasanuddin",
        "bio": "Academic librarian working on reference services and the university's digital repository.",
    },
    {
        "username": "budi.santoso",
        "display_name": "Budi Santoso",
        "email": "budi.santoso@example.org",
        "role": "moderator",
        "region": "yogyakarta",
        "institution": "UPT Perpustakaan Universitas Negeri Yogyakarta",
        "bio": "Cataloguer and mentor; I help libraries clean up their data and plan their evaluations.",
    },
    {
        "username": "anggota",
        "display_name": "Nadia Putri",
        "email": "anggota@example.org",
        "role": "member",
        "region": "payakumbuh",
        "institution": "Perpustakaan Umum Kota Payakumbuh",
        "bio": "Staf baru di bagian pengolahan; sedang belajar katalogisasi dan SLiMS.",
    },
    {
        "username": "rizki.pratama",
        "display_name": "Rizki Pratama",
        "email": "rizki.pratama@example.org",
        "role": "member",
        "region": "padang",
        "institution": "UPT Perpustakaan Universitas Andalas",
        "bio": "Pustakawan sistem; mengurus SLiMS, repositori institusi, dan kelas literasi untuk mahasiswa baru.",
    },
    {
        "username": "ika.marlina",
        "display_name": "Ika Marlina",
        "email": "ika.marlina@example.org",
        "role": "member",
        "region": "kabupaten-agam",
        "institution": "TBM Rumah Baca Agam",
        "bio": "Pengelola taman bacaan masyarakat yang fokus pada kegiatan membaca untuk anak-anak.",
    },
    {
        "username": "hendra.gunawan",
        "display_name": "Hendra Gunawan",
        "email": "hendra.gunawan@example.org",
        "role": "member",
        "region": "pariaman",
        "institution": "SMA Negeri 1 Pariaman",
        "bio": "Guru pustakawan yang mengajar literasi informasi untuk siswa kelas X.",
    },
    {
        "username": "siti.rahmah",
        "display_name": "Siti Rahmah",
        "email": "siti.rahmah@example.org",
        "role": "member",
        "region": "kabupaten-tanah-datar",
        "institution": "Perpustakaan Daerah Kabupaten Tanah Datar",
        "bio": "Pustakawan layanan sirkulasi dan layanan daring di Batusangkar.",
    },
    {
        "username": "dimas.ardiansyah",
        "display_name": "Dimas Ardiansyah",
        "email": "dimas.ardiansyah@example.org",
        "role": "member",
        "region": "bandung",
        "institution": "Dinas Arsip dan Perpustakaan Kota Bandung",
        "bio": "Public librarian interested in user research, surveys and cataloguing standards.",
    },
    {
        "username": "maya.siregar",
        "display_name": "Maya Siregar",
        "email": "maya.siregar@example.org",
        "role": "member",
        "region": "medan",
        "institution": "Perpustakaan Universitas Sumatera Utara",
        "bio": "Information literacy librarian; I teach first-year students to search and evaluate sources.",
    },
]

THREADS: list[dict] = [
    # ------------------------------------------------------------------ teknologi-informasi
    {
        "category": "teknologi-informasi",
        "title": "Upgrade SLiMS 8 Akasia ke SLiMS 9 Bulian: langkah kami dan jebakannya",
        "author": "rizki.pratama",
        "tags": ["slims", "upgrade", "backup"],
        "days_ago": 12,
        "body": (
            "Di UPT Perpustakaan Universitas Andalas masih ada satu perpustakaan fakultas yang memakai "
            "SLiMS 8 Akasia di server lama. Bulan lalu kami memindahkannya ke SLiMS 9 Bulian. Saya tulis "
            "langkahnya di sini supaya rekan-rekan tidak mengulang kesalahan kami.\n\n"
            "Urutan yang akhirnya berhasil:\n\n"
            "1. Cadangkan basis data dengan `mysqldump`, lalu salin folder `files/`, `images/`, dan "
            "`repository/`.\n"
            "2. Pasang SLiMS 9 di folder baru, jangan menimpa folder lama.\n"
            "3. Pulihkan basis data lama ke basis data baru, lalu jalankan wizard instalasi dan pilih "
            "opsi upgrade.\n"
            "4. Salin kembali sampul buku dan lampiran digital, lalu periksa hak akses folder.\n\n"
            "Jebakan terbesar: server lama masih PHP 5.6, sedangkan SLiMS 9 butuh PHP 7 ke atas. Kami juga "
            "sempat melihat judul beraksara Arab rusak karena collation tabel masih `latin1`. Setelah "
            "dikonversi ke `utf8mb4`, masalahnya hilang.\n\n"
            "Pertanyaan saya: apakah ada yang sudah berhasil memindahkan template OPAC buatan sendiri dari "
            "SLiMS 8? Template lama kami tidak tampil sama sekali di SLiMS 9."
        ),
        "replies": [
            (
                "budi.santoso",
                "Template SLiMS 8 memang tidak bisa dipakai langsung, karena struktur template di SLiMS 9 "
                "berubah. Kami menyalin template `default` bawaan SLiMS 9, lalu hanya memindahkan CSS, warna, "
                "dan logo dari template lama. Butuh dua hari kerja, tapi jauh lebih aman daripada memaksa "
                "template lama berjalan.",
            ),
            (
                "moderator",
                "> **@rizki.pratama:**\n"
                "> Jebakan terbesar: server lama masih PHP 5.6\n\n"
                "Ini juga yang kami alami di Bukittinggi. Saran saya, uji dulu di laptop dengan XAMPP yang "
                "versi PHP-nya sama dengan server tujuan sebelum menyentuh server produksi. Catat juga jumlah "
                "judul, eksemplar, dan anggota sebelum dan sesudah upgrade, supaya bisa dipastikan tidak ada "
                "data yang hilang.",
            ),
            (
                "anggota",
                "Maaf, pertanyaan pemula: apakah data peminjaman yang sedang berjalan ikut pindah? Di "
                "Payakumbuh kami berencana upgrade akhir tahun, dan saya ditugasi menyiapkan daftar "
                "periksanya.",
            ),
            (
                "admin",
                "> **@anggota:**\n"
                "> apakah data peminjaman yang sedang berjalan ikut pindah?\n\n"
                "Ikut pindah, karena transaksi pinjaman tersimpan di basis data yang sama. Tapi lakukan "
                "upgrade saat layanan tutup, misalnya Sabtu sore, supaya tidak ada transaksi baru di tengah "
                "proses. Tempel pengumuman di meja sirkulasi beberapa hari sebelumnya, dan setelah selesai "
                "cocokkan jumlah pinjaman aktif dengan angka yang dicatat sebelum upgrade.",
            ),
        ],
    },
    {
        "category": "teknologi-informasi",
        "title": "INLISLite atau SLiMS untuk perpustakaan kabupaten/kota di Sumatera Barat?",
        "author": "sri.wahyuni",
        "tags": ["inlislite", "slims", "otomasi"],
        "days_ago": 27,
        "body": (
            "Dinas Perpustakaan dan Kearsipan Provinsi sedang menyusun rekomendasi sistem otomasi untuk "
            "perpustakaan kabupaten/kota. Kondisinya saat ini campuran: sebagian memakai INLISLite versi 3 "
            "dari Perpusnas, sebagian memakai SLiMS, dan dua daerah masih mencatat koleksi di Excel.\n\n"
            "Pertimbangan yang sudah kami kumpulkan:\n\n"
            "- INLISLite disediakan dan didukung Perpusnas, dan memudahkan kontribusi ke Katalog Induk "
            "Nasional.\n"
            "- SLiMS punya komunitas pengguna yang besar dan banyak tutorial berbahasa Indonesia.\n"
            "- Kemampuan staf IT di daerah sangat berbeda; ada perpustakaan yang tidak punya staf IT sama "
            "sekali.\n\n"
            "Kami tidak ingin memaksakan satu sistem. Yang kami butuhkan adalah pengalaman nyata: apa yang "
            "membuat Bapak/Ibu bertahan atau pindah? Berapa lama migrasi data berlangsung, dan masalah apa "
            "yang muncul?"
        ),
        "replies": [
            (
                "siti.rahmah",
                "Tanah Datar memakai INLISLite sejak 2019. Alasan utama kami bertahan: pelaporan ke Perpusnas "
                "lebih mudah dan ada pendampingan saat bimbingan teknis. Kekurangannya, tampilan OPAC kurang "
                "nyaman dibuka di ponsel, dan pembaruan versi harus menunggu paket dari pusat.",
            ),
            (
                "rizki.pratama",
                "Kalau pertimbangannya staf IT yang terbatas, menurut saya yang paling menentukan justru siapa "
                "yang akan merawat server, bukan sistemnya. Keduanya bisa berjalan baik asal ada satu orang "
                "yang rutin membuat cadangan. Yang paling sering saya lihat rusak adalah server di bawah meja "
                "tanpa cadangan sama sekali.",
            ),
            (
                "admin",
                "> **@sri.wahyuni:**\n"
                "> dua daerah masih mencatat koleksi di Excel\n\n"
                "Untuk dua daerah ini mungkin lebih realistis mulai dari merapikan data dulu: susun Excel ke "
                "kolom yang setara dengan MARC (judul, pengarang, penerbit, tahun, ISBN, nomor panggil), baru "
                "diimpor ke sistem mana pun yang dipilih. Tim Bukittinggi bisa membantu lewat satu sesi "
                "daring untuk itu.",
            ),
            (
                "moderator",
                "Usul saya: rekomendasi provinsi tidak menyebut satu merek, tetapi standar minimum. Misalnya "
                "cadangan mingguan yang disimpan di luar server, data bisa diekspor dalam format MARC, dan "
                "OPAC bisa diakses publik. Dengan begitu daerah yang sudah berjalan baik tidak perlu pindah, "
                "dan daerah yang baru mulai punya patokan yang jelas.",
            ),
        ],
    },
    # ------------------------------------------------------------------ pengelolaan-koleksi
    {
        "category": "pengelolaan-koleksi",
        "title": "Bingung menentukan nomor DDC untuk buku adat Minangkabau",
        "author": "anggota",
        "tags": ["ddc", "klasifikasi", "minangkabau"],
        "days_ago": 9,
        "body": (
            "Saya baru enam bulan di Perpustakaan Umum Kota Payakumbuh dan sedang mengolah hibah sekitar "
            "40 judul tentang Minangkabau. Banyak yang sulit saya klasifikasikan: tambo, adat perkawinan, "
            "sistem matrilineal, sampai kumpulan pantun.\n\n"
            "Sejauh ini saya memakai:\n\n"
            "- 390 untuk adat istiadat, ditambah notasi wilayah Sumatra;\n"
            "- 959.81 untuk sejarah Sumatra;\n"
            "- 899.221 untuk sastra Indonesia.\n\n"
            "Yang membuat saya ragu: buku tentang harta pusaka tinggi dan peran mamak, masuk adat (390), "
            "hukum (340), atau keluarga (306.8)? Teman di perpustakaan lain memakai nomor yang berbeda "
            "untuk buku yang sama, jadi rak kami tidak konsisten."
        ),
        "replies": [
            (
                "moderator",
                "Pertanyaan bagus, dan ini memang sering diperdebatkan. Prinsipnya: klasifikasikan menurut "
                "fokus utama buku, bukan topik yang paling menarik. Kalau bukunya membahas aturan pewarisan "
                "harta pusaka sebagai norma hukum, kami memakai 340.52 (hukum masyarakat adat) dengan notasi "
                "wilayah. Kalau yang dibahas sistem kekerabatan matrilineal, 306.83 lebih tepat; kalau "
                "kehidupan keluarga sehari-hari dan peran mamak, 306.85.\n\n"
                "Supaya pencarian tetap konsisten, pakai tajuk subjek dari Perpusnas seperti "
                "`Adat istiadat -- Minangkabau` atau `Hukum adat -- Minangkabau`. Pengguna akan tetap "
                "menemukan semua bukunya walau nomor kelasnya berbeda.",
            ),
            (
                "rizki.pratama",
                "> **@anggota:**\n"
                "> Teman di perpustakaan lain memakai nomor yang berbeda untuk buku yang sama\n\n"
                "Cek dulu katalog induk Perpusnas atau OPAC perpustakaan universitas sebelum menentukan nomor. "
                "Kalau buku yang sama sudah diolah di sana, pakai nomornya dan catat keputusannya di pedoman "
                "lokal. Di Unand kami punya tabel kecil 'keputusan klasifikasi lokal' untuk topik Minangkabau, "
                "supaya hal yang sama tidak diperdebatkan berulang-ulang.",
            ),
            (
                "ika.marlina",
                "Di TBM kami tidak memakai DDC penuh, cukup sampai tiga digit ditambah label warna di punggung "
                "buku. Untuk perpustakaan umum tentu berbeda, tapi pengalaman kami anak-anak jauh lebih mudah "
                "mencari dengan warna daripada dengan angka.",
            ),
            (
                "sri.wahyuni",
                "> **@rizki.pratama:**\n"
                "> Di Unand kami punya tabel kecil 'keputusan klasifikasi lokal' untuk topik Minangkabau\n\n"
                "Bagaimana kalau tabel ini kita susun bersama untuk seluruh Sumatera Barat? Saya bisa "
                "mengumpulkan keputusan dari Unand, Perpustakaan Proklamator Bung Hatta, dan perpustakaan "
                "daerah, lalu kita bahas di sesi langsung bulan depan. Nadia, pertanyaanmu bisa jadi contoh "
                "kasus pertama.",
            ),
        ],
    },
    {
        "category": "pengelolaan-koleksi",
        "title": "RDA in MARC 21: when do we use 264 instead of 260?",
        "author": "dimas.ardiansyah",
        "tags": ["rda", "marc", "katalogisasi"],
        "days_ago": 33,
        "body": (
            "Our library in Bandung is moving new records from AACR2 to RDA, starting with the books "
            "acquired this year. Most of the team learnt cataloguing with AACR2, so the same few questions "
            "keep coming back.\n\n"
            "Our current understanding:\n\n"
            "- `040 $e rda` marks the record as RDA.\n"
            "- `264` replaces `260`, with the second indicator showing the function: `1` for publication, "
            "`4` for a copyright notice date.\n"
            "- `336`, `337` and `338` replace the old general material designation.\n\n"
            "What we are unsure about: do we go back and convert old 260 records, or leave them? And for "
            "Indonesian publishers that print only a city and a year, with no copyright date, what goes "
            "into 264 _4?"
        ),
        "replies": [
            (
                "maya.siregar",
                "We don't convert old records at USU. A mixed catalogue is normal, and both fields display the "
                "same way in our OPAC.\n\n"
                "For 264 _4: if there is no copyright date on the item, you simply don't record a 264 _4. "
                "Only the publication statement (264 _1) is needed. If the year is missing entirely, supply "
                "it in square brackets, for example `[2019]` or `[2019?]`.",
            ),
            (
                "budi.santoso",
                "> **@dimas.ardiansyah:**\n"
                "> `336`, `337` and `338` replace the old general material designation.\n\n"
                "For a printed book these are almost always `text / txt`, `unmediated / n` and "
                "`volume / nc`. Put them in a template in SLiMS or in your MARC editor so nobody types them "
                "by hand. Where our staff actually slowed down was relationship designators in `100 $e`: "
                "agree a short list (author, editor, translator, illustrator) before you start.",
            ),
            (
                "rizki.pratama",
                "One more thing to decide early: how you treat 'Cetakan ke-3' statements. Many Indonesian "
                "books are reprinted without any change in content, and our old records put every reprint in "
                "250 as if it were a new edition. That made duplicate detection much harder later on.",
            ),
        ],
    },
    {
        "category": "pengelolaan-koleksi",
        "title": "Penyiangan koleksi: kriteria apa yang Bapak/Ibu pakai?",
        "author": "siti.rahmah",
        "tags": ["penyiangan", "weeding", "pengembangan-koleksi"],
        "days_ago": 41,
        "body": (
            "Rak di Perpustakaan Daerah Kabupaten Tanah Datar sudah penuh, sementara pengadaan tahun ini "
            "akan menambah sekitar 1.200 eksemplar. Kami harus menyiangi koleksi, tapi atasan khawatir: "
            "'buku itu aset daerah, tidak boleh dibuang'.\n\n"
            "Draf kriteria kami:\n\n"
            "1. Tidak dipinjam selama lima tahun terakhir (data dari sistem).\n"
            "2. Isinya sudah usang, misalnya buku komputer terbitan sebelum 2010 atau undang-undang yang "
            "sudah dicabut.\n"
            "3. Fisiknya rusak berat dan tidak layak diperbaiki.\n"
            "4. Eksemplar ganda lebih dari tiga untuk judul yang jarang dipinjam.\n\n"
            "Bagaimana cara Bapak/Ibu meyakinkan pimpinan, dan ke mana buku hasil penyiangan disalurkan? "
            "Apakah perlu berita acara penghapusan barang milik daerah?"
        ),
        "replies": [
            (
                "admin",
                "Perlu, dan justru itu yang membuat pimpinan tenang. Di Bukittinggi, daftar hasil penyiangan "
                "kami serahkan ke bagian aset untuk proses penghapusan barang milik daerah. Prosesnya memang "
                "lama, jadi buku yang sudah diseleksi kami simpan terpisah dulu dan tidak langsung "
                "dikeluarkan dari gedung.",
            ),
            (
                "moderator",
                "Untuk kriteria isi, kami memakai singkatan MUSTIE dari metode CREW: Misleading, Ugly, "
                "Superseded, Trivial, Irrelevant, Elsewhere (tersedia di tempat lain). Poin terakhir penting: "
                "sebelum mengeluarkan buku muatan lokal tentang Tanah Datar, pastikan masih ada salinannya di "
                "perpustakaan provinsi atau koleksi deposit. Buku muatan lokal jangan ikut disiangi hanya "
                "karena jarang dipinjam.",
            ),
            (
                "ika.marlina",
                "> **@siti.rahmah:**\n"
                "> ke mana buku hasil penyiangan disalurkan?\n\n"
                "Kalau kondisinya masih layak, TBM di nagari sangat senang menerimanya, terutama buku anak dan "
                "buku keterampilan. Rumah Baca Agam pernah menerima 300 eksemplar dari perpustakaan kabupaten; "
                "kami catat sebagai hibah lengkap dengan surat serah terima supaya asal-usulnya jelas.",
            ),
        ],
    },
    # ------------------------------------------------------------------ layanan-pengguna
    {
        "category": "layanan-pengguna",
        "title": "Siswa menghilangkan buku paket: bagaimana menagih tanpa mempermalukan?",
        "author": "hendra.gunawan",
        "tags": ["sirkulasi", "keluhan", "sekolah"],
        "days_ago": 16,
        "body": (
            "Setiap akhir tahun ajaran, perpustakaan SMA Negeri 1 Pariaman kehilangan 30 sampai 50 buku "
            "paket. Selama ini nama siswa diumumkan di papan pengumuman dan wali kelas ikut menagih. "
            "Hasilnya buku tetap tidak kembali, dan beberapa orang tua datang dengan marah karena anaknya "
            "merasa dipermalukan.\n\n"
            "Saya ingin mengganti caranya, tapi masih bingung: apakah siswa wajib mengganti dengan buku yang "
            "sama, boleh dengan uang, atau cukup dengan buku lain yang dibutuhkan perpustakaan? Dan "
            "bagaimana menghadapi orang tua yang sudah telanjur kesal?"
        ),
        "replies": [
            (
                "moderator",
                "Pertama, hentikan pengumuman nama di papan; itu yang paling memicu konflik. Kami memakai "
                "surat pribadi lewat wali kelas dengan isi yang netral: judul buku, tanggal pinjam, dan "
                "pilihan penyelesaian.\n\n"
                "Orang tua yang marah biasanya mereda setelah merasa didengar. Biarkan mereka selesai bicara "
                "dulu, ulangi inti keluhannya, baru jelaskan pilihan.",
            ),
            (
                "andi.nurhayati",
                "Untuk mahasiswa di Unhas kami memberi tiga pilihan: buku dengan judul yang sama, buku lain "
                "dari daftar kebutuhan perpustakaan dengan harga setara, atau beberapa jam membantu "
                "pengolahan buku. Pilihan ketiga ternyata disukai mahasiswa yang kesulitan biaya, dan "
                "sebagian malah jadi relawan tetap.",
            ),
            (
                "sri.wahyuni",
                "> **@moderator:**\n"
                "> Biarkan mereka selesai bicara dulu, ulangi inti keluhannya, baru jelaskan pilihan.\n\n"
                "Ini langkah yang paling sering terlewat. Dalam bimtek layanan pengguna kami melatihnya "
                "dengan bermain peran: satu orang menjadi orang tua yang kesal, satu orang menjadi petugas. "
                "Awalnya canggung, tapi setelah dua putaran hampir semua peserta berhenti menyela.",
            ),
        ],
    },
    {
        "category": "layanan-pengguna",
        "title": "Reference interview tips for shy first-year students",
        "author": "andi.nurhayati",
        "tags": ["reference-interview", "mahasiswa"],
        "days_ago": 22,
        "body": (
            "At UPT Perpustakaan Universitas Hasanuddin we notice that first-year students rarely come to "
            "the reference desk. When they do, the question is very broad ('I need books about the "
            "environment'), and they leave as soon as we point at a shelf.\n\n"
            "We want to train our front-desk staff in a short reference interview routine. I'm thinking "
            "of three steps: an open question ('What is the assignment about?'), a clarifying question "
            "('Which course, and how many sources do you need?'), and a follow-up ('Did you find what you "
            "needed?') before the student leaves.\n\n"
            "What works in your libraries? Are there phrases in Bahasa Indonesia that feel natural and not "
            "like an interrogation?"
        ),
        "replies": [
            (
                "budi.santoso",
                "Those three steps are solid. The phrase that works best for our staff is 'Tugasnya dari "
                "mata kuliah apa, Dik?': it's friendly and immediately gives you the context. We also moved "
                "one staff member away from the desk to walk between the shelves. Students approach someone "
                "standing next to them far more easily than someone behind a counter.",
            ),
            (
                "maya.siregar",
                "> **@andi.nurhayati:**\n"
                "> they leave as soon as we point at a shelf.\n\n"
                "Walk with them instead of pointing, if the queue allows it. And give them something to take "
                "away: we hand out a small card with the library's WhatsApp number so they can ask the "
                "follow-up question later, when they feel less shy. A surprising number of first questions "
                "reach us that way.",
            ),
        ],
    },
    # ------------------------------------------------------------------ literasi-informasi
    {
        "category": "literasi-informasi",
        "title": "Materi kelas literasi informasi untuk siswa SMA: mengenali hoaks",
        "author": "hendra.gunawan",
        "tags": ["hoaks", "literasi-informasi", "sekolah"],
        "days_ago": 14,
        "body": (
            "Saya diberi dua jam pelajaran untuk setiap kelas X untuk literasi informasi, sebagai bagian "
            "dari Gerakan Literasi Sekolah. Tahun lalu materinya ceramah tentang jenis-jenis sumber, dan "
            "jujur saja siswa mengantuk.\n\n"
            "Tahun ini rencananya lebih praktis:\n\n"
            "1. Sepuluh menit: siswa menebak mana dari lima unggahan media sosial yang hoaks.\n"
            "2. Dua puluh menit: cara memeriksa, yaitu mencari sumber asli, mengecek tanggal, pencarian "
            "gambar terbalik, dan situs cek fakta seperti turnbackhoax.id dari Mafindo.\n"
            "3. Sisa waktu: kerja kelompok memeriksa satu kabar yang sedang ramai di grup WhatsApp keluarga "
            "mereka.\n\n"
            "Ada saran contoh unggahan yang cocok dan aman dipakai di kelas? Saya khawatir memilih contoh "
            "yang menyinggung isu politik atau agama."
        ),
        "replies": [
            (
                "maya.siregar",
                "Contoh paling aman menurut pengalaman kami: hoaks kesehatan (obat ajaib, air rebusan "
                "tertentu), kabar bencana dengan foto lama dari tempat lain, dan lowongan kerja atau beasiswa "
                "palsu. Dekat dengan kehidupan siswa, tapi tidak memecah kelas.",
            ),
            (
                "rizki.pratama",
                "> **@hendra.gunawan:**\n"
                "> kerja kelompok memeriksa satu kabar yang sedang ramai di grup WhatsApp keluarga mereka\n\n"
                "Idenya bagus, tapi minta siswa menyamarkan nama dan nomor pengirim di tangkapan layar. Kalau "
                "tidak, diskusi bisa berubah menjadi menertawakan anggota keluarga tertentu.",
            ),
            (
                "anggota",
                "Boleh saya pakai rancangan ini untuk kunjungan siswa SMP ke Perpustakaan Payakumbuh, Pak? "
                "Waktunya mungkin saya persingkat jadi satu jam, dan contohnya saya ambil dari daftar Kak "
                "Maya di atas.",
            ),
        ],
    },
    {
        "category": "literasi-informasi",
        "title": "Teaching source evaluation with the CRAAP test: does it work in Bahasa Indonesia?",
        "author": "maya.siregar",
        "tags": ["craap", "evaluasi-sumber"],
        "days_ago": 37,
        "body": (
            "We use the CRAAP test (Currency, Relevance, Authority, Accuracy, Purpose) in our information "
            "literacy sessions at Universitas Sumatera Utara. The acronym is easy to remember in English, "
            "but most of our students think and search in Bahasa Indonesia, and the letters mean nothing "
            "to them.\n\n"
            "Has anyone translated or adapted it? I'm also wondering whether a checklist is still the right "
            "approach, or whether 'lateral reading' (leaving the page to check what other sources say about "
            "it) works better for students who mostly meet information on social media."
        ),
        "replies": [
            (
                "budi.santoso",
                "We tried a direct translation and it didn't stick. What worked was turning the five criteria "
                "into five plain questions:\n\n"
                "1. Kapan ditulis?\n"
                "2. Cocok untuk tugasku?\n"
                "3. Siapa penulisnya?\n"
                "4. Bisa dicek di tempat lain?\n"
                "5. Untuk apa ditulis?\n\n"
                "Students remember questions far better than letters.",
            ),
            (
                "hendra.gunawan",
                "> **@maya.siregar:**\n"
                "> 'lateral reading' (leaving the page to check what other sources say about it)\n\n"
                "For high school students, lateral reading is much easier to teach than a checklist. I tell "
                "them: open a new tab and search for the name of the website or the author before reading "
                "further. It takes thirty seconds and they actually do it. The checklist comes later, for "
                "their final papers.",
            ),
        ],
    },
    {
        "category": "literasi-informasi",
        "title": "Mengenalkan Garuda, SINTA, dan e-resources Perpusnas ke mahasiswa baru",
        "author": "rizki.pratama",
        "tags": ["garuda", "jurnal", "mahasiswa"],
        "days_ago": 48,
        "body": (
            "Setiap awal semester kami mengadakan kelas pengenalan sumber ilmiah untuk mahasiswa baru "
            "Universitas Andalas. Masalah yang selalu muncul: mahasiswa hanya mengenal Google, dan kalau "
            "diminta mencari jurnal, mereka mengambil PDF pertama yang muncul tanpa tahu apakah jurnalnya "
            "bereputasi.\n\n"
            "Alur yang sedang kami uji:\n\n"
            "- Garuda (Garba Rujukan Digital) untuk mencari artikel jurnal Indonesia.\n"
            "- SINTA untuk memeriksa peringkat akreditasi jurnal.\n"
            "- Google Scholar dengan fitur 'Dikutip oleh' untuk menelusuri artikel terkait.\n"
            "- e-resources Perpusnas untuk basis data internasional, cukup dengan mendaftar sebagai anggota "
            "Perpusnas secara daring.\n\n"
            "Empat alat dalam 90 menit ternyata terlalu banyak. Mana yang sebaiknya dipertahankan di kelas, "
            "dan mana yang cukup diberikan sebagai panduan tertulis?"
        ),
        "replies": [
            (
                "andi.nurhayati",
                "Pertahankan Garuda dan SINTA, karena keduanya menjawab kebutuhan tugas semester pertama. "
                "e-resources Perpusnas cukup dalam bentuk panduan singkat, karena baru benar-benar dibutuhkan "
                "saat menulis skripsi. Kami juga memberi latihan penutup: temukan satu artikel dari jurnal "
                "terakreditasi SINTA tentang topik tugasmu, lalu tulis sitasinya dengan benar.",
            ),
            (
                "maya.siregar",
                "> **@rizki.pratama:**\n"
                "> Empat alat dalam 90 menit ternyata terlalu banyak.\n\n"
                "Setuju. Kami memecahnya menjadi dua: 45 menit di minggu pertama untuk Garuda dan SINTA, lalu "
                "sesi daring 30 menit menjelang UTS untuk Google Scholar dan pengelola referensi seperti "
                "Zotero. Kehadiran sesi kedua justru lebih tinggi, karena waktunya pas dengan kebutuhan "
                "mahasiswa.",
            ),
        ],
    },
    # ------------------------------------------------------------------ studi-kasus
    {
        "category": "studi-kasus",
        "title": "Studi kasus: keluhan ruang baca bising selama musim ujian",
        "author": "moderator",
        "tags": ["keluhan", "ruang-baca", "umpan-balik"],
        "days_ago": 45,
        "body": (
            "## Situasi\n\n"
            "Setiap menjelang ujian semester, ruang baca umum di Perpustakaan Proklamator Bung Hatta penuh "
            "oleh mahasiswa dan siswa yang belajar berkelompok. Dalam dua minggu kami menerima 23 keluhan "
            "tertulis di kotak saran dan beberapa ulasan bintang satu di Google Maps: terlalu bising, kursi "
            "penuh sejak pagi, dan colokan listrik diperebutkan.\n\n"
            "## Tindakan\n\n"
            "1. Kami membaca semua keluhan dan mengelompokkannya: kebisingan (14), kursi (6), listrik (3).\n"
            "2. Ruang baca dibagi menjadi dua zona dengan papan penunjuk: zona tenang di lantai atas dan "
            "zona diskusi di dekat ruang pameran.\n"
            "3. Ruang pertemuan yang kosong selama musim ujian dibuka sebagai ruang belajar kelompok, dengan "
            "pendaftaran di meja layanan.\n"
            "4. Kami membalas setiap ulasan di Google Maps dengan menjelaskan perubahan tersebut, tanpa "
            "membela diri.\n\n"
            "## Hasil\n\n"
            "Pada musim ujian berikutnya keluhan tertulis turun menjadi 5, dan dua pengulas mengubah nilai "
            "ulasannya. Zona diskusi ternyata lebih ramai dari perkiraan, sehingga kami menambah dua meja "
            "lipat. Masalah colokan listrik belum selesai karena memerlukan anggaran instalasi.\n\n"
            "## Pelajaran\n\n"
            "- Mengelompokkan keluhan dengan angka membuat rapat dengan pimpinan jauh lebih cepat.\n"
            "- Pengguna yang berisik kebanyakan tidak bermaksud mengganggu; mereka hanya tidak punya tempat "
            "lain untuk berdiskusi.\n"
            "- Balasan publik yang tenang di ulasan daring dibaca oleh jauh lebih banyak orang daripada "
            "pengulasnya sendiri."
        ),
        "replies": [
            (
                "admin",
                "Terima kasih, Uni. Perpustakaan Kota Bukittinggi mengalami hal yang sama, tapi kami belum "
                "pernah menghitung keluhan per kategori. Boleh dibagikan format rekap kotak sarannya? Saya "
                "ingin memakainya mulai bulan ini.",
            ),
            (
                "dimas.ardiansyah",
                "> **@moderator:**\n"
                "> Pengguna yang berisik kebanyakan tidak bermaksud mengganggu\n\n"
                "This is the key insight for me. We had the same problem in Bandung and also opened the "
                "meeting room, but with booking through a simple online form. As a bonus, the form gave us "
                "data on how many groups used the room each day, which helped when we asked for more tables.",
            ),
            (
                "anggota",
                "Di Payakumbuh staf kami sedikit, jadi tidak mungkin ada petugas yang berjaga di setiap zona. "
                "Kami akan coba versi sederhananya dulu: papan zona tenang dan pengumuman singkat setiap jam "
                "selama musim ujian.",
            ),
        ],
    },
    {
        "category": "studi-kasus",
        "title": "Studi kasus: menghidupkan kembali kunjungan anak di TBM lewat kelas mendongeng",
        "author": "ika.marlina",
        "tags": ["tbm", "mendongeng", "anak"],
        "days_ago": 30,
        "body": (
            "## Situasi\n\n"
            "TBM Rumah Baca Agam berada dekat sebuah sekolah dasar, tetapi sejak 2022 kunjungan anak turun "
            "dari rata-rata 25 menjadi sekitar 8 anak per minggu. Waktu sepulang sekolah habis untuk bermain "
            "gim di ponsel, dan koleksi buku anak kami kebanyakan hibah lama.\n\n"
            "## Tindakan\n\n"
            "1. Kami bertanya langsung kepada 20 anak dan beberapa orang tua apa yang membuat mereka mau "
            "datang. Jawaban terbanyak: cerita, bukan buku.\n"
            "2. Kami mengadakan kelas mendongeng setiap Sabtu sore, bergantian membawakan cerita rakyat "
            "Minangkabau seperti Malin Kundang dan cerita dari buku bacaan anak yang baru.\n"
            "3. Dua mahasiswa relawan dari UIN Bukittinggi dilatih menjadi pendongeng tetap.\n"
            "4. Setelah mendongeng, anak-anak boleh meminjam satu buku yang berkaitan dengan cerita hari "
            "itu.\n\n"
            "## Hasil\n\n"
            "Dalam tiga bulan rata-rata kunjungan naik menjadi 22 anak per minggu, dan peminjaman buku anak "
            "naik hampir tiga kali lipat. Beberapa orang tua ikut duduk mendengarkan, dan seorang ibu kini "
            "rutin membantu sebagai relawan.\n\n"
            "## Pelajaran\n\n"
            "- Tanyakan langsung kepada anak-anak; dugaan kami (kurang koleksi) ternyata bukan masalah "
            "utama.\n"
            "- Jadwal yang tetap lebih penting daripada acara yang meriah.\n"
            "- Menghubungkan cerita dengan buku yang bisa dibawa pulang membuat kegiatan berujung pada "
            "membaca, bukan hanya hiburan."
        ),
        "replies": [
            (
                "moderator",
                "Luar biasa, Ika. Data sebelum dan sesudah yang jelas seperti ini sangat membantu saat "
                "mengajukan dana ke nagari atau ke program CSR. Apakah relawan dari UIN mendapat sertifikat, "
                "atau kegiatannya diakui sebagai kegiatan kampus?",
            ),
            (
                "andi.nurhayati",
                "> **@ika.marlina:**\n"
                "> Tanyakan langsung kepada anak-anak; dugaan kami (kurang koleksi) ternyata bukan masalah "
                "utama.\n\n"
                "Pelajaran yang sangat penting. Di Makassar kami sering membeli koleksi baru dulu, baru "
                "bertanya, dan hasilnya buku-buku itu tetap jarang disentuh.",
            ),
            (
                "sri.wahyuni",
                "> **@moderator:**\n"
                "> Apakah relawan dari UIN mendapat sertifikat, atau kegiatannya diakui sebagai kegiatan "
                "kampus?\n\n"
                "Kalau kampusnya ikut program MBKM, kegiatan relawan seperti ini bisa diusulkan sebagai proyek "
                "kemanusiaan atau magang. Dinas bisa membantu membuat surat pengantar ke kampus supaya "
                "mahasiswanya mendapat pengakuan.",
            ),
        ],
    },
    {
        "category": "studi-kasus",
        "title": "Case study: cleaning up 8,000 duplicate records after merging two catalogues",
        "author": "budi.santoso",
        "tags": ["kualitas-data", "slims", "katalog"],
        "days_ago": 58,
        "body": (
            "## Situation\n\n"
            "In 2023 our university merged the economics faculty library into the central library. Both "
            "ran SLiMS, and after we imported the faculty catalogue into the central database, the OPAC "
            "showed roughly 8,000 duplicate bibliographic records. Students saw the same title twice with "
            "different call numbers, and circulation staff could not tell which copy was where.\n\n"
            "## Action taken\n\n"
            "1. We exported titles, ISBNs, authors and years to a spreadsheet and matched first on ISBN, "
            "then on normalised title plus year for books without an ISBN.\n"
            "2. Two cataloguers reviewed every match by hand before merging; automatic matching alone gave "
            "too many false positives, especially for textbooks with many editions.\n"
            "3. For each pair we kept the more complete record, moved all items (copies) to it, and then "
            "deleted the empty record.\n"
            "4. We agreed a written rule for call numbers so that the merged collection follows one DDC "
            "practice.\n\n"
            "## Outcome\n\n"
            "After four months about 7,300 duplicates had been merged. The remaining cases were genuinely "
            "different editions that only looked like duplicates. Search results are shorter and "
            "circulation mistakes at the desk dropped noticeably.\n\n"
            "## Lessons\n\n"
            "- Always test the merge on a copy of the database first; our first attempt broke the loan "
            "history of a few records.\n"
            "- ISBN alone is not reliable for Indonesian books; some publishers reuse an ISBN across "
            "editions or print none at all.\n"
            "- Budget time for human review. It was two thirds of the work."
        ),
        "replies": [
            (
                "dimas.ardiansyah",
                "> **@budi.santoso:**\n"
                "> ISBN alone is not reliable for Indonesian books\n\n"
                "Very true. We also found ISBNs with a wrongly typed check digit. A simple ISBN-13 checksum "
                "formula in the spreadsheet caught about 200 typos before we started matching.",
            ),
            (
                "rizki.pratama",
                "Terima kasih, Pak Budi. Kami akan menghadapi hal serupa saat perpustakaan fakultas di Unand "
                "digabung tahun depan. Apakah aturan nomor panggil yang tertulis itu bisa dibagikan? Kami "
                "ingin melihat bagaimana Bapak menangani buku yang sama tapi diklasifikasikan berbeda oleh "
                "dua perpustakaan.",
            ),
        ],
    },
    # ------------------------------------------------------------------ layanan-online
    {
        "category": "layanan-online",
        "title": "Peminjaman iPusnas di daerah masih rendah: strategi promosi apa yang berhasil?",
        "author": "admin",
        "tags": ["ipusnas", "e-lending", "promosi"],
        "days_ago": 19,
        "body": (
            "Perpustakaan Kota Bukittinggi sudah setahun mempromosikan iPusnas, tapi dari survei kecil di "
            "meja layanan, kurang dari satu dari sepuluh anggota pernah memasang aplikasinya. Padahal "
            "koleksinya cukup lengkap dan gratis.\n\n"
            "Yang sudah kami coba:\n\n"
            "- Poster dengan kode QR di ruang baca dan meja sirkulasi.\n"
            "- Unggahan Instagram sebulan sekali.\n"
            "- Menyebutkan iPusnas saat pendaftaran anggota baru.\n\n"
            "Dugaan saya, masalahnya bukan karena tidak tahu, tetapi karena belum pernah mencoba. Ada yang "
            "punya pengalaman mendampingi pengguna memasang aplikasi dan meminjam buku pertama mereka "
            "langsung di tempat?"
        ),
        "replies": [
            (
                "siti.rahmah",
                "Betul, Pak. Kami membuat 'Jumat iPusnas': setiap Jumat pagi satu staf duduk di meja dekat "
                "pintu, khusus membantu pengunjung memasang aplikasi dan meminjam satu buku. Kuncinya buku "
                "pertama itu dipilih bersama, sesuai minat orang tersebut. Dalam dua bulan sekitar 150 orang "
                "terbantu.",
            ),
            (
                "dimas.ardiansyah",
                "In Bandung the biggest obstacle was signing up, not the app itself: many older users don't "
                "remember the password of their email account. We now hand out a printed step-by-step sheet "
                "and, if they agree, help them reset the password on the spot. Also check that the Wi-Fi at "
                "the service desk is fast enough to download the first book, or people give up.",
            ),
            (
                "anggota",
                "> **@siti.rahmah:**\n"
                "> Kuncinya buku pertama itu dipilih bersama, sesuai minat orang tersebut.\n\n"
                "Kami di Payakumbuh akan mencoba ini. Menurut saya ukuran keberhasilannya sebaiknya berapa "
                "orang yang meminjam lagi sebulan kemudian, bukan hanya berapa orang yang memasang aplikasi.",
            ),
        ],
    },
    {
        "category": "layanan-online",
        "title": "Layanan tanya pustakawan lewat WhatsApp: berapa target waktu respons yang wajar?",
        "author": "siti.rahmah",
        "tags": ["whatsapp", "layanan-referensi", "standar-layanan"],
        "days_ago": 6,
        "body": (
            "Sejak pandemi kami membuka layanan tanya jawab lewat WhatsApp Business. Sekarang ada 20 sampai "
            "40 pesan per hari: perpanjangan pinjaman, ketersediaan buku, sampai permintaan bahan untuk "
            "skripsi.\n\n"
            "Masalahnya, nomor itu dipegang satu staf di satu ponsel. Kalau ia cuti, pesan menumpuk dan "
            "pengguna mengeluh di kolom komentar Instagram.\n\n"
            "Saya ingin membuat standar layanan tertulis: jam layanan, target waktu respons, dan siapa yang "
            "menjawab. Berapa target yang Bapak/Ibu pakai, dan bagaimana membagi tugas antarstaf?"
        ),
        "replies": [
            (
                "budi.santoso",
                "Kami memakai target satu jam kerja untuk balasan pertama, walaupun isinya hanya 'pesan "
                "diterima, sedang kami cek', dan satu hari kerja untuk jawaban lengkap. WhatsApp Business "
                "bisa dipakai di beberapa perangkat tertaut, jadi dua staf bisa memegang nomor yang sama "
                "secara bergiliran.",
            ),
            (
                "moderator",
                "Siapkan juga balasan cepat untuk lima pertanyaan yang paling sering muncul: perpanjangan, jam "
                "buka, syarat menjadi anggota, denda, dan cara memakai iPusnas. Di Perpustakaan Proklamator "
                "Bung Hatta, balasan cepat ini menjawab hampir setengah pesan yang masuk.",
            ),
            (
                "hendra.gunawan",
                "> **@budi.santoso:**\n"
                "> satu jam kerja untuk balasan pertama\n\n"
                "Setuju dengan target ini. Satu catatan dari sekolah: tulis jam layanan di profil WhatsApp dan "
                "pasang pesan otomatis di luar jam itu. Siswa kami sering bertanya pukul sebelas malam dan "
                "kecewa kalau tidak dibalas.",
            ),
        ],
    },
    # ------------------------------------------------------------------ program-kegiatan
    {
        "category": "program-kegiatan",
        "title": "Diskusi buku bulanan: mulai dari A.A. Navis atau Hamka?",
        "author": "admin",
        "tags": ["diskusi-buku", "sastra", "minangkabau"],
        "days_ago": 8,
        "body": (
            "Perpustakaan Kota Bukittinggi ingin memulai diskusi buku bulanan mulai bulan depan, setiap "
            "Sabtu pagi di ruang serbaguna. Sasaran utamanya mahasiswa dan guru muda, tapi terbuka untuk "
            "umum.\n\n"
            "Usulan judul pembuka:\n\n"
            "- *Robohnya Surau Kami* karya A.A. Navis: cerpen, bisa dibaca dalam seminggu, dan memancing "
            "diskusi.\n"
            "- *Tenggelamnya Kapal Van der Wijck* karya Hamka: sudah dikenal lewat filmnya, jadi bisa "
            "menarik peserta baru.\n"
            "- *Siti Nurbaya* karya Marah Rusli: klasik, tapi mungkin terasa berat untuk pertemuan "
            "pertama.\n\n"
            "Kami punya sekitar 15 eksemplar untuk masing-masing judul. Mana yang Bapak/Ibu pilih, dan "
            "bagaimana format diskusinya supaya tidak berubah menjadi ceramah satu narasumber?"
        ),
        "replies": [
            (
                "moderator",
                "Saya pilih *Robohnya Surau Kami*. Cerpennya pendek, jadi peserta yang belum sempat membaca "
                "bisa membacanya di tempat dalam 20 menit. Untuk format, batasi pengantar dari pemandu "
                "maksimal 10 menit, lalu bagi peserta ke kelompok kecil dengan satu pertanyaan untuk setiap "
                "kelompok.",
            ),
            (
                "hendra.gunawan",
                "> **@moderator:**\n"
                "> peserta yang belum sempat membaca bisa membacanya di tempat\n\n"
                "Ini penting sekali untuk guru yang waktunya sempit. Kalau boleh usul, undang juga siswa SMA "
                "kelas XII. *Robohnya Surau Kami* sering muncul di pelajaran Bahasa Indonesia, jadi mereka "
                "punya alasan kuat untuk datang.",
            ),
            (
                "dimas.ardiansyah",
                "Dari klub buku di Bandung kami belajar satu hal: umumkan judul bulan berikutnya di akhir "
                "sesi, dan sediakan eksemplar yang bisa langsung dipinjam hari itu juga. Peserta yang pulang "
                "membawa buku hampir pasti datang lagi bulan depan.",
            ),
            (
                "sri.wahyuni",
                "Jangan lupa catat jumlah peserta, asal peserta, dan berapa orang yang datang lagi. Angka ini "
                "berguna untuk laporan IPLM, dan untuk meyakinkan pimpinan menambah anggaran eksemplar "
                "tahun depan.",
            ),
            (
                "ika.marlina",
                "> **@dimas.ardiansyah:**\n"
                "> umumkan judul bulan berikutnya di akhir sesi\n\n"
                "Setuju. Kalau sesinya berjalan baik, TBM di Agam ingin ikut secara daring atau meminjam paket "
                "bukunya secara bergiliran. Bisa jadi diskusi buku bersama antara perpustakaan kota dan TBM.",
            ),
        ],
    },
    {
        "category": "program-kegiatan",
        "title": "A local history exhibition on a very small budget",
        "author": "maya.siregar",
        "tags": ["pameran", "sejarah-lokal"],
        "days_ago": 52,
        "body": (
            "We want to hold a two-week exhibition on the history of Kesawan, the old quarter of Medan, for "
            "the city's anniversary on 1 July. The budget is small: enough for printing and a few display "
            "boards, nothing for glass cases or for transporting objects.\n\n"
            "What we have: old photographs from our special collection, a few reprinted maps, and the "
            "support of a local history community that has been documenting the shophouses in the area. "
            "What we don't have: any experience putting an exhibition together, and no idea how to measure "
            "whether it was worth it.\n\n"
            "If you've done something similar, what did you spend the money on, and what would you skip next "
            "time?"
        ),
        "replies": [
            (
                "dimas.ardiansyah",
                "Spend on large, readable prints and good captions; skip expensive frames. We printed A2 "
                "photos on foam board, which is cheap and light. Keep captions to two sentences: who, where, "
                "when, and why it matters.\n\n"
                "And invite residents to add their own memories on sticky notes next to each photo. That part "
                "got more attention than the photos themselves.",
            ),
            (
                "moderator",
                "> **@maya.siregar:**\n"
                "> no idea how to measure whether it was worth it.\n\n"
                "Count three things: visitors per day (a simple tally at the door), new members registered "
                "during the exhibition, and how many people left a comment or a memory. At Perpustakaan "
                "Proklamator Bung Hatta we also note how many school groups came, because those visits often "
                "turn into regular partnerships.",
            ),
        ],
    },
    # ------------------------------------------------------------------ kemitraan-jaringan
    {
        "category": "kemitraan-jaringan",
        "title": "Kerja sama perpustakaan daerah dengan universitas untuk program magang mahasiswa",
        "author": "sri.wahyuni",
        "tags": ["kemitraan", "magang", "universitas"],
        "days_ago": 24,
        "body": (
            "Beberapa perpustakaan kabupaten/kota di Sumatera Barat meminta bantuan tenaga untuk mengolah "
            "buku yang menumpuk. Di sisi lain, program studi Ilmu Perpustakaan di beberapa kampus mencari "
            "tempat magang yang bermutu untuk mahasiswanya, termasuk lewat skema MBKM.\n\n"
            "Kami ingin menyusun perjanjian kerja sama (PKS) standar antara perpustakaan daerah dan kampus. "
            "Poin yang sedang kami pertimbangkan:\n\n"
            "- Pembimbing lapangan wajib seorang pustakawan fungsional.\n"
            "- Mahasiswa mengerjakan proyek yang jelas, misalnya retrokonversi katalog atau kelas literasi, "
            "bukan sekadar menjaga meja.\n"
            "- Ada laporan akhir dan presentasi di hadapan staf perpustakaan.\n\n"
            "Siapa yang sudah punya PKS seperti ini? Apa yang sebaiknya dicantumkan agar tidak merugikan "
            "salah satu pihak?"
        ),
        "replies": [
            (
                "rizki.pratama",
                "Dari pengalaman menerima mahasiswa magang di UPT Perpustakaan Unand: cantumkan siapa yang "
                "bertanggung jawab atas akun sistem. Mahasiswa sebaiknya mendapat akun sendiri dengan hak "
                "terbatas, bukan memakai akun staf, supaya jejak perubahan data jelas.",
            ),
            (
                "andi.nurhayati",
                "Di Makassar kami menambahkan klausul tentang publikasi: kalau mahasiswa menulis artikel dari "
                "data perpustakaan, perpustakaan disebut sebagai mitra dan mendapat salinannya. Hal kecil, "
                "tapi membuat pimpinan jauh lebih bersemangat mendukung kerja sama.",
            ),
            (
                "admin",
                "> **@sri.wahyuni:**\n"
                "> Mahasiswa mengerjakan proyek yang jelas\n\n"
                "Ini yang paling penting. Di Bukittinggi, proyek retrokonversi oleh enam mahasiswa selama dua "
                "bulan menyelesaikan sekitar 3.000 judul. Tanpa target yang jelas, magang sebelumnya hanya "
                "menghasilkan mahasiswa yang bosan. Saya bisa kirim contoh lembar target mingguan kami.",
            ),
        ],
    },
    {
        "category": "kemitraan-jaringan",
        "title": "Proposal: pairing libraries across regions for a one-week staff exchange",
        "author": "andi.nurhayati",
        "tags": ["jejaring", "pertukaran-staf", "antar-daerah"],
        "days_ago": 3,
        "body": (
            "After the last live session I kept thinking about how much we learn from each other's everyday "
            "routines. I'd like to propose a small pilot: pair two or three libraries from different "
            "provinces, and let one staff member from each spend a week at the partner library.\n\n"
            "For example, someone from UPT Perpustakaan Universitas Hasanuddin could spend a week in "
            "Bukittinggi learning how the city library runs its community programmes, and someone from "
            "Bukittinggi could come to Makassar to see how we run our digital repository.\n\n"
            "Open questions: who pays for travel and accommodation, how do we pick the pairs, and what "
            "should each participant bring back? I'd suggest a short case study posted here in the Studi "
            "Kasus category."
        ),
        "replies": [
            (
                "admin",
                "We'd be glad to host. For funding, regional libraries can sometimes include this in their "
                "training budget (bimtek) if it is framed as a competency programme with a clear output. A "
                "written report plus a live session on this forum would satisfy that.",
            ),
            (
                "budi.santoso",
                "> **@andi.nurhayati:**\n"
                "> how do we pick the pairs\n\n"
                "Use the skill profiles on Jejaring: pair a library whose staff rate themselves high in one "
                "area with one that wants to grow in it. That also makes the exchange easy to explain to "
                "management, because it targets a specific gap.",
            ),
            (
                "sri.wahyuni",
                "Dinas Perpustakaan dan Kearsipan Provinsi Sumatera Barat can help with the official letters "
                "for participants from Sumatera Barat. Let's keep the pilot small: two pairs this year, and a "
                "shared template for the final report.",
            ),
        ],
    },
    {
        "category": "kemitraan-jaringan",
        "title": "Pengalaman mengajukan proposal CSR untuk pengadaan buku TBM",
        "author": "ika.marlina",
        "tags": ["csr", "tbm", "proposal"],
        "days_ago": 35,
        "body": (
            "TBM Rumah Baca Agam ingin menambah koleksi buku anak dan membeli rak baru. Kami sudah mengajukan "
            "proposal ke program CSR sebuah bank daerah dan sebuah perusahaan perkebunan di Agam, tapi "
            "setelah dua bulan belum ada jawaban.\n\n"
            "Isi proposal kami: profil TBM, rencana anggaran, dan daftar buku yang dibutuhkan. Apakah ada "
            "yang pernah berhasil mendapat dukungan CSR? Bagian apa yang biasanya diperhatikan perusahaan, "
            "dan apakah sebaiknya datang langsung daripada mengirim lewat surel?"
        ),
        "replies": [
            (
                "siti.rahmah",
                "Dari pengalaman perpustakaan daerah, perusahaan lebih tertarik pada dampak yang bisa mereka "
                "laporkan: berapa anak yang terlayani, berapa kegiatan per bulan, dan foto kegiatannya. Data "
                "kelas mendongeng dari studi kasus Ika sangat cocok dimasukkan ke proposal.",
            ),
            (
                "dimas.ardiansyah",
                "> **@ika.marlina:**\n"
                "> apakah sebaiknya datang langsung daripada mengirim lewat surel?\n\n"
                "Datang langsung, tapi setelah ada janji temu dengan staf CSR-nya, bukan sekadar menitipkan "
                "berkas di resepsionis. Di Bandung, proposal yang berhasil selalu diawali kunjungan pihak "
                "perusahaan ke perpustakaan. Undang mereka ke kegiatan Sabtu sore supaya mereka melihat "
                "sendiri anak-anaknya.",
            ),
        ],
    },
    # ------------------------------------------------------------------ perencanaan-evaluasi
    {
        "category": "perencanaan-evaluasi",
        "title": "Menyusun indikator keberhasilan untuk rencana strategis perpustakaan 2025-2029",
        "author": "admin",
        "tags": ["renstra", "indikator", "iplm"],
        "days_ago": 56,
        "body": (
            "Perpustakaan Kota Bukittinggi sedang menyusun rencana strategis lima tahun ke depan. Selama ini "
            "indikator kami hanya jumlah pengunjung dan jumlah koleksi: dua angka yang mudah dihitung, tapi "
            "tidak banyak bercerita tentang manfaat layanan.\n\n"
            "Kerangka yang sedang kami pakai mengacu pada unsur IPLM dari Perpusnas (pemerataan layanan, "
            "kecukupan koleksi, kecukupan tenaga, kunjungan, anggota, dan keterlibatan masyarakat dalam "
            "kegiatan), ditambah indikator kami sendiri:\n\n"
            "- persentase anggota aktif yang meminjam minimal sekali dalam tiga bulan;\n"
            "- jumlah peserta kegiatan yang datang lebih dari sekali;\n"
            "- tingkat kepuasan dari survei singkat dua kali setahun;\n"
            "- jumlah kemitraan aktif dengan sekolah, kampus, dan komunitas.\n\n"
            "Bagaimana Bapak/Ibu menentukan target angka untuk tahun pertama tanpa data dasar yang bagus? "
            "Dan berapa banyak indikator yang masih realistis untuk dipantau oleh tim kecil?"
        ),
        "replies": [
            (
                "sri.wahyuni",
                "Untuk tahun pertama, jadikan saja tahun pengukuran data dasar. Targetnya bukan angka, tetapi "
                "'data tersedia dan dapat dipercaya'. Mulai tahun kedua baru tetapkan kenaikan, misalnya "
                "sepuluh persen dari data dasar.",
            ),
            (
                "budi.santoso",
                "> **@admin:**\n"
                "> berapa banyak indikator yang masih realistis untuk dipantau oleh tim kecil?\n\n"
                "Pengalaman kami: enam sampai delapan indikator, dengan satu penanggung jawab untuk setiap "
                "indikator. Lebih dari itu, laporan triwulan berubah menjadi kegiatan mengisi tabel tanpa ada "
                "yang membacanya.",
            ),
            (
                "dimas.ardiansyah",
                "I'd add one qualitative indicator: a few short stories each year about how the library "
                "changed something for a user. Our city council responds more to two good stories than to a "
                "table of numbers.",
            ),
            (
                "siti.rahmah",
                "> **@budi.santoso:**\n"
                "> satu penanggung jawab untuk setiap indikator\n\n"
                "Setuju. Di Tanah Datar kami menambahkan kolom 'sumber data' untuk setiap indikator: dari "
                "sistem otomasi, buku tamu, atau survei. Indikator yang sumber datanya tidak jelas kami coret "
                "dari daftar.",
            ),
        ],
    },
    {
        "category": "perencanaan-evaluasi",
        "title": "Designing a short user feedback survey: how many questions is too many?",
        "author": "dimas.ardiansyah",
        "tags": ["survei", "umpan-balik"],
        "days_ago": 28,
        "body": (
            "We want to run a user satisfaction survey at Dinas Arsip dan Perpustakaan Kota Bandung twice a "
            "year. The first draft from our team had 32 questions. I'm fairly sure almost nobody would "
            "finish it.\n\n"
            "My proposal is a five-minute version: one overall satisfaction score, four questions on "
            "specific services (collection, staff, facilities, online services), one open question ('What "
            "one thing should we improve?') and basic demographics. Paper forms at the desk, plus a QR code "
            "for an online form.\n\n"
            "How do you avoid hearing only from the happy regulars? And what do you actually do with the "
            "open answers once you have hundreds of them?"
        ),
        "replies": [
            (
                "budi.santoso",
                "Under ten questions is right. To reach people who aren't regulars, survey outside the "
                "library too: at car-free day, at schools during outreach visits, even in the WhatsApp groups "
                "of partner communities. And ask non-users a different first question: why don't you visit?",
            ),
            (
                "moderator",
                "> **@dimas.ardiansyah:**\n"
                "> what do you actually do with the open answers once you have hundreds of them?\n\n"
                "We tag each answer with one or two themes (noise, opening hours, collection, staff, "
                "facilities) in a spreadsheet column, then count the themes. It takes one afternoon for 300 "
                "answers. The counts go into the report, together with three or four answers quoted word for "
                "word.",
            ),
            (
                "rizki.pratama",
                "One more: close the loop in public. After each survey we post 'Kamu bilang, kami lakukan' on "
                "Instagram, for example 'You asked for longer Saturday hours, so from this month we are open "
                "until 16.00'. Response rates went up the next round because people saw that it mattered.",
            ),
        ],
    },
    # ------------------------------------------------------------------ mentoring
    {
        "category": "mentoring",
        "title": "Pustakawan baru, mencari mentor untuk katalogisasi dan SLiMS",
        "author": "anggota",
        "tags": ["mentor", "katalogisasi", "pustakawan-baru"],
        "days_ago": 2,
        "body": (
            "Perkenalkan, saya Nadia, staf baru di Perpustakaan Umum Kota Payakumbuh. Latar belakang "
            "pendidikan saya bukan ilmu perpustakaan. Saat ini saya mengolah buku hibah dan sering ragu "
            "saat mengisi data bibliografi di SLiMS, terutama tajuk subjek dan nomor klasifikasi.\n\n"
            "Saya sudah mengisi profil keterampilan: katalogisasi 1, klasifikasi 1, SLiMS 2, dengan target "
            "3 untuk ketiganya. Saya berharap ada mentor yang bersedia bertemu daring dua minggu sekali "
            "selama tiga bulan, dan mungkin memeriksa beberapa cantuman yang saya buat.\n\n"
            "Apa yang sebaiknya saya siapkan sebelum sesi pertama dengan mentor?"
        ),
        "replies": [
            (
                "moderator",
                "Selamat datang, Nadia! Siapkan sepuluh cantuman yang sudah kamu buat, termasuk yang paling "
                "membuatmu ragu. Sesi pertama paling berguna kalau membahas pekerjaan nyata, bukan teori.",
            ),
            (
                "rizki.pratama",
                "Saya bersedia menjadi mentor untuk katalogisasi dan SLiMS; di profil saya level keduanya "
                "sudah 4. Jadwal yang cocok untuk saya Selasa atau Kamis sore. Silakan ajukan lewat fitur "
                "mentoring supaya tercatat dan bisa dievaluasi setelah tiga bulan.",
            ),
            (
                "budi.santoso",
                "> **@anggota:**\n"
                "> Latar belakang pendidikan saya bukan ilmu perpustakaan.\n\n"
                "Itu sama sekali bukan masalah; banyak pustakawan terbaik yang saya kenal berasal dari "
                "jurusan lain. Satu saran: buat catatan pribadi setiap kali kamu memutuskan sesuatu, misalnya "
                "'buku resep masakan Minang: 641.595981'. Dalam tiga bulan catatan itu menjadi pedoman "
                "kerjamu sendiri.",
            ),
            (
                "siti.rahmah",
                "Kalau ada kesempatan, ikuti juga bimtek pengolahan bahan pustaka dari dinas provinsi. "
                "Materinya dasar, tapi kamu akan bertemu pustakawan lain dari Sumatera Barat yang bisa ditanya "
                "kapan saja.",
            ),
        ],
    },
    {
        "category": "mentoring",
        "title": "How do you structure the first month as a mentor?",
        "author": "budi.santoso",
        "tags": ["mentor", "onboarding"],
        "days_ago": 11,
        "body": (
            "I've agreed to mentor two new librarians through Jejaring, one in Jambi and one in Palembang. "
            "I've mentored colleagues informally before, but never at a distance and never with people I "
            "hadn't met in person.\n\n"
            "My rough plan for the first month: a video call in week one to agree goals based on their "
            "skill gaps, one small practical task each week, and a short written check-in in week four.\n\n"
            "Is that too much? Too little? And how do you keep it from feeling like an exam?"
        ),
        "replies": [
            (
                "andi.nurhayati",
                "That sounds about right. The one thing I'd add: in the first call, ask what they want to get "
                "out of it personally, not only about the skill gaps. One of my mentees mostly wanted the "
                "confidence to speak up in staff meetings; the cataloguing gaps were secondary.",
            ),
            (
                "moderator",
                "> **@budi.santoso:**\n"
                "> how do you keep it from feeling like an exam?\n\n"
                "Share your own mistakes first. When I tell mentees about the week I accidentally deleted a "
                "day's circulation records before the backup had run, they relax and start asking real "
                "questions. Also let them set the agenda for at least one session a month.",
            ),
        ],
    },
]
