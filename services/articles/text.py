"""Vietnamese text folded for matching: slugs from titles and the words search compares.

Folding: Unicode NFD, combining marks dropped ("Giáo dục" → "giao duc"), "đ"/"Đ" → "d" (đ is a
letter of its own, not d plus a mark, so NFD leaves it alone), lower case."""

import re
import unicodedata

from portal_common import article_schemas

_WORD = re.compile(r"[^\W_]+")
# The combining mark blocks (Vietnamese tones and vowel marks are all in U+0300–U+036F); a regex
# over them is many times faster than asking unicodedata about every character.
_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_BLOCK_TAG = re.compile(
    r"</?(?:p|br|hr|li|ul|ol|h[1-6]|div|tr|td|th|table|caption|figure|figcaption|blockquote|img)\b[^>]*>", re.I
)
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")
SLUG_PATTERN = re.compile(article_schemas.SLUG_PATTERN)
SLUG_MAX = article_schemas.FIELD_MAX_CHARS["slug"]


def fold(text):
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return _MARKS.sub("", decomposed).lower()


def words(text):
    """The folded words of `text`, in order (repeats kept)."""
    return _WORD.findall(fold(text or ""))


def unique_words(text):
    return list(dict.fromkeys(words(text)))


def html_to_text(html):
    """The readable text of (sanitized) HTML: block tags become spaces, inline tags vanish
    (so "<b>Giáo</b> dục" reads "Giáo dục", not "Giáo  dục" or "Giáodục")."""
    import html as html_lib

    spaced = _BLOCK_TAG.sub(" ", html or "")
    return _SPACE.sub(" ", html_lib.unescape(_TAG.sub("", spaced))).strip()


def slugify(title, max_length=80):
    """ "Kế hoạch truyền thông về giáo dục" → "ke-hoach-truyen-thong-ve-giao-duc"; cut at a word
    boundary so a long title still gives a readable address."""
    slug = "-".join(re.findall(r"[a-z0-9]+", fold(title)))
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
    return slug or "bai-viet"


def valid_slug(slug):
    return isinstance(slug, str) and len(slug) <= SLUG_MAX and bool(SLUG_PATTERN.match(slug))


def excerpt(text, limit=220):
    """The opening of `text`, cut at a word boundary, for a summary nobody wrote."""
    text = _SPACE.sub(" ", text).strip()
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"
