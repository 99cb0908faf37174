"""Words for the search index: plain text cut into words, Indonesian words stemmed (Sastrawi).

The same function makes the text that is indexed (at write time) and the
terms that are looked up (at query time), so ``pustaka`` finds
``perpustakaan`` and the other way round. Sastrawi is slow-ish (dictionary
look-ups, many affix rules): the stemmer is made once and every word's stem
is cached.
"""

from __future__ import annotations

import re
from functools import lru_cache

from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

# Letters and digits; not the underscore, which both FTS5 and PostgreSQL treat as a separator.
WORD = re.compile(r"[^\W_]+")
_ASCII_WORD = re.compile(r"[a-z]{4,}")
MAX_WORD = 64  # longer words are cut: PostgreSQL refuses lexemes over 2 KB, and nobody types them


@lru_cache(maxsize=1)
def _stemmer():
    return StemmerFactory().create_stemmer()


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """The stem of one lowercase word; words Sastrawi does not handle (short, not ASCII letters) stay.

    Examples
    --------
    >>> stem("perpustakaan"), stem("pustaka"), stem("kearsipan"), stem("slims"), stem("café")
    ('pustaka', 'pustaka', 'arsip', 'slims', 'café')
    """
    if not _ASCII_WORD.fullmatch(word):
        return word
    found = _stemmer().stem(word)
    # Sastrawi normalises its input too: anything but one plain word back means it could not help.
    return found if found and found.isalpha() else word


def words(text: str) -> list[str]:
    """The lowercase words of ``text``, each at most ``MAX_WORD`` characters."""
    return [w[:MAX_WORD] for w in WORD.findall(text.lower())]


def index_text(text: str) -> str:
    """``text`` as the index stores it: its words' stems, space-separated.

    Examples
    --------
    >>> index_text("Perpustakaan **Digital**: kearsipan_baru")
    'pustaka digital arsip baru'
    """
    return " ".join(stem(w) for w in words(text))
