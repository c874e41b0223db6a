"""Undo the disguises of comment text before the pre-screen reads it.

Spammers and trolls hide words from filters with characters that look the same
or show nothing: Cyrillic "і" and "о" in "іdіоt", a zero-width space inside
"f\u200buck", fullwidth "ｉｄｉｏｔ", Arabic words stretched with tatweel. ``normalise()``
returns the text as a reader sees it — Unicode NFKC, invisible characters and
combining marks removed, look-alike letters mapped to the Latin letter they
imitate, Arabic letter variants unified — together with, for every character of
the result, its offset in the original, so evidence found in the normalised text
can be highlighted in the comment as it was posted.

Pure functions over strings; no Django, no settings.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

__all__ = ["Normalised", "normalise"]

# Letters of other scripts that readers take for Latin ones (Unicode's confusables
# list, restricted to the Cyrillic, Greek and Latin-extension letters used for it).
_CONFUSABLES = {
    # Cyrillic
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o",
    "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ї": "i",
    "ј": "j", "ԁ": "d", "ԛ": "q", "ԝ": "w", "һ": "h", "ӏ": "l", "ɡ": "g", "ո": "n",
    "ս": "u", "ց": "g", "ӓ": "a", "ӧ": "o", "ӱ": "y", "ү": "y", "ԍ": "g", "ь": "b",
    "А": "A", "В": "B", "Е": "E", "Ё": "E", "К": "K", "М": "M", "Н": "H", "О": "O",
    "Р": "P", "С": "C", "Т": "T", "У": "Y", "Х": "X", "Ѕ": "S", "І": "I", "Ї": "I",
    "Ј": "J", "Ԁ": "D", "Һ": "H", "Ӏ": "I", "Ү": "Y", "Ь": "b",
    # Greek
    "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o",
    "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ω": "w", "γ": "y", "ς": "c", "μ": "u",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M",
    "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
    # Latin letters that pass for plain ones
    "ı": "i", "ȷ": "j", "ɑ": "a", "ɩ": "i", "ʏ": "y", "ʀ": "r", "ɴ": "n", "ʜ": "h",
    "ᴀ": "a", "ʙ": "b", "ᴄ": "c", "ᴅ": "d", "ᴇ": "e", "ɢ": "g", "ᴋ": "k", "ʟ": "l",
    "ᴍ": "m", "ᴏ": "o", "ᴘ": "p", "ᴛ": "t", "ᴜ": "u", "ᴠ": "v", "ᴡ": "w", "ᴢ": "z",
}  # fmt: skip

# Arabic-script letters written several ways: one spelling each, so that a word
# list (and the classifier) sees one form. Sorani's own letters (ی ک ە ێ ۆ ڕ ڵ)
# are kept; the Arabic yeh and kaf become the Persian-style ones Sorani uses.
_ARABIC = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ی", "ي": "ی", "ك": "ک", "ة": "ه",
    "ۀ": "ه", "ؤ": "و", "ئ": "ی",
}  # fmt: skip
_DIGITS = {chr(0x660 + i): str(i) for i in range(10)} | {chr(0x6F0 + i): str(i) for i in range(10)}
_TATWEEL = "\u0640"
_WORD = re.compile(r"[^\W\d_]+")


class Normalised(NamedTuple):
    """The normalised text, and where each of its characters came from."""

    text: str
    origin: tuple[int, ...]  # origin[i]: offset in the posted text of text[i]; one more at the end

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The offsets in the posted text of ``text[start:end]``."""
        if end <= start:
            return self.origin[start], self.origin[start]
        return self.origin[start], self.origin[end - 1] + 1


def _is_latin_letter(char: str) -> bool:
    return char.isascii() and char.isalpha()


def normalise(text: str) -> Normalised:
    """NFKC, no invisible characters or combining marks, look-alikes mapped to Latin
    where a word (or the comment) is written in Latin letters, Arabic spellings unified."""
    if text.isascii():
        return Normalised(text, tuple(range(len(text) + 1)))
    chars: list[str] = []
    origin: list[int] = []
    for offset, char in enumerate(text):
        category = unicodedata.category(char)
        if category in ("Cf", "Mn", "Me", "Cc") and char not in "\n\t\r":
            continue  # zero-width spaces and joiners, soft hyphens, bidi marks, harakat
        if char == _TATWEEL:
            continue
        if char in _ARABIC or char in _DIGITS:
            chars.append(_ARABIC.get(char) or _DIGITS[char])
            origin.append(offset)
            continue
        for part in unicodedata.normalize("NFKC", char):
            if unicodedata.category(part) in ("Mn", "Me", "Cf"):
                continue
            chars.append(part)
            origin.append(offset)
    origin.append(len(text))
    out = "".join(chars)
    if any(c in _CONFUSABLES for c in out):
        out = _unconfuse(out)
    return Normalised(out, tuple(origin))


def _unconfuse(text: str) -> str:
    """Map look-alike letters to Latin inside words that are written in Latin (mixed
    words such as "іdiot"), and in whole look-alike words when the comment is mostly
    Latin; a comment written in Russian or Greek keeps its letters."""
    letters = [c for c in text if c.isalpha()]
    latin = sum(_is_latin_letter(c) for c in letters)
    mostly_latin = latin * 2 >= len(letters)

    def fix(match: re.Match[str]) -> str:
        word = match.group()
        if not any(c in _CONFUSABLES for c in word):
            return word
        mixed = any(_is_latin_letter(c) for c in word)
        disguised = all(c in _CONFUSABLES or _is_latin_letter(c) for c in word)
        if disguised and (mixed or mostly_latin):
            return "".join(_CONFUSABLES.get(c, c) for c in word)
        return word

    return _WORD.sub(fix, text)
