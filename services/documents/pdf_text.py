"""The text inside an attached PDF, for search, read at upload with pypdf. A scanned PDF has no
text (kept, with none); a damaged or hostile one is kept with no text too: whatever pypdf raises
on it, the upload does not fail for its text. At most `max_pages` pages are read and `max_chars`
characters kept."""

import logging
import re

from pypdf import PdfReader

log = logging.getLogger(__name__)
_SPACE = re.compile(r"\s+")


def extract_text(stream, max_pages, max_chars):
    stream.seek(0)
    kept, size = [], 0
    try:
        reader = PdfReader(stream, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            return ""
        for index, page in enumerate(reader.pages):
            if index >= max_pages or size >= max_chars:
                break
            text = _SPACE.sub(" ", page.extract_text() or "").strip()
            if text:
                kept.append(text)
                size += len(text) + 1
    except Exception as error:  # noqa: BLE001 — any failure of a hostile file means "no text"
        log.info("pdf text not extracted", extra={"fields": {"error": str(error)[:200]}})
    finally:
        stream.seek(0)
    return " ".join(kept)[:max_chars]
