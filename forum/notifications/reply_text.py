"""The text a member wrote in a reply mail: the quoted mail under it and the signature cut off.

mail-parser-reply splits a mail body at the quote headers mail clients write
("On ... wrote:", Outlook's "From: / Sent:" block, "----- Original Message -----")
and finds signatures ("-- ", "Sent from my ...", "Best regards"). It knows English and a
dozen other languages but not Indonesian, so Indonesian Gmail, Outlook and phone
mail headers are added below as one more language table, beside English.
Markdown lists ("- item") are kept: only "--" and "__" lines start a signature.
"""

from __future__ import annotations

import re

from mailparser_reply.constants import QUOTED_MATCH_INCLUDE
from mailparser_reply.parser import EmailMessage

__all__ = ["reply_text"]

Q = QUOTED_MATCH_INCLUDE
# What Indonesian mail clients write (same keys as the library's own language tables).
INDONESIAN = {
    # Gmail: "Pada Kam, 3 Des 2026 pukul 10.05 Rina <rina@example.org> menulis:" (often wrapped once).
    "wrote_header": r"^(" + Q + r"Pada\s(?:.+?\s?.+?)\s?menulis:)$",
    # Outlook: "Dari: ...\nDikirim: ...\nKepada: ...\nSubjek: ..."
    "from_header": r"((?:(?:^|\n|\n" + Q + r")[* ]*(?:Dari|Dikirim|Terkirim|Kepada|Ke|Subjek|Perihal|Tanggal|Cc)"
                   r":[ *]*(?:\s{,2}).*){2,}(?:\n.*){,1})",
    "disclaimers": [r"Penafian:", r"PERHATIAN:", r"Pemberitahuan (?:Kerahasiaan|Penting):"],
    # Only alone on their line: "Terima kasih, nanti saya coba" in the text is not a signature.
    "signatures": [r"Salam[,.!]?$", r"Salam hangat[,.!]?$", r"Hormat (?:saya|kami)[,.]?$", r"Terima kasih[,.!]?$",
                   r"Wassalam\w*[,.]?$"],
    "sent_from": r"Dikirim dari|Kirim dari",
}
_TRAILING_QUOTE = re.compile(r"(?:\n>[^\n]*)+\s*\Z")


class _Message(EmailMessage):
    """The library's message, with Indonesian as one more language."""

    def _get_language_regex(self, language: str, regex_key: str) -> str:
        if language == "id":
            value = INDONESIAN[regex_key]
            return "|".join(value) if isinstance(value, list) else value
        return super()._get_language_regex(language=language, regex_key=regex_key)


def reply_text(body: str) -> str:
    """The newest reply of a plain-text mail body, without the quoted mail or the signature ("" if none).

    Examples
    --------
    >>> reply_text("Sudah saya coba.\\n\\nPada Kam, 3 Des 2026 pukul 10.05 Rina <r@x.id> menulis:\\n> Ada ide?")
    'Sudah saya coba.'
    >>> reply_text("Works now.\\n\\nBest regards,\\nBudi\\n\\nOn Thu, Dec 3, 2026 Rina wrote:\\n> Any idea?")
    'Works now.'
    >>> reply_text("> only the quote")
    ''
    """
    message = _Message(text=body or "", languages=["id"], keep_hyphen_lists=True).read()
    text = message.replies[0].body if message.replies else ""
    # A quote with no header above it ("> ..." lines at the end) is quoted too.
    text = _TRAILING_QUOTE.sub("", "\n" + text).strip()
    return "" if all(line.startswith(">") or not line.strip() for line in text.splitlines()) else text
