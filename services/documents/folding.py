"""Vietnamese text folded for matching, as a clerk types it: no case, no diacritics, "đ" → "d"
(đ is a letter of its own, not d plus a mark, so NFD leaves it alone).

- `number_key("142/KH-BGDĐT")` → "142khbgddt": the số ký hiệu without punctuation or spaces, so
  "142 KH BGDDT" and "142/kh-bgdđt" find it.
- `words(text)`: the folded words, for the trích yếu, the other labels and the PDFs' text."""

import re
import unicodedata

_WORD = re.compile(r"[^\W_]+")
_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_NOT_ALNUM = re.compile(r"[\W_]+")


def fold(text):
    decomposed = unicodedata.normalize("NFKD", (text or "").replace("đ", "d").replace("Đ", "D"))
    return _MARKS.sub("", decomposed).lower()


def number_key(text):
    return _NOT_ALNUM.sub("", fold(text))


def words(text):
    return _WORD.findall(fold(text))


def unique_words(*texts):
    seen = {}
    for text in texts:
        for word in words(text):
            seen.setdefault(word, None)
    return list(seen)


def ascii_name(text):
    """An ASCII stand-in for a file name (the Content-Disposition fallback)."""
    stem, dot, extension = text.rpartition(".")
    if not dot:
        stem, extension = text, ""

    def ascii_part(part):
        folded = fold(part).encode("ascii", "ignore").decode("ascii")
        return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")

    stem, extension = ascii_part(stem) or "van-ban", ascii_part(extension)
    return f"{stem}.{extension}" if extension else stem
