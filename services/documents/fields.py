"""A document's fields checked and cleaned, from a multipart form (POST) or a JSON object
(PATCH): one-line text without control characters, dates `YYYY-MM-DD`, related and replaced
documents as lists of ids. Every bad value is a 400 naming its field, in Vietnamese."""

import re
from datetime import date

from portal_common.document_vocabulary import (
    DATE_FIELDS,
    FIELD_MAX_CHARS,
    LIST_FIELDS,
    MAX_LINKS,
    REQUIRED_FIELDS,
    TEXT_FIELDS,
)
from portal_common.errors import ApiError
from portal_common.json_body import refuse_lone_surrogates
from portal_common.text_fields import clean_text

from .folding import number_key

NAMES = {
    "number": "Số ký hiệu",
    "type": "Loại văn bản",
    "issuer": "Cơ quan ban hành",
    "signer": "Người ký",
    "field": "Lĩnh vực",
    "summary": "Trích yếu",
    "issued_on": "Ngày ban hành",
    "effective_on": "Ngày hiệu lực",
    "expires_on": "Ngày hết hiệu lực",
    "related": "Văn bản liên quan",
    "replaces": "Văn bản bị thay thế",
}
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_ID = re.compile(r"[0-9a-f]{32}")
WRITABLE = (*TEXT_FIELDS, *DATE_FIELDS, *LIST_FIELDS)


def _text(name, value):
    if not isinstance(value, str):
        raise ApiError(400, f"{NAMES[name]} phải là chuỗi.", field=name)
    refuse_lone_surrogates(value, name)
    text = clean_text(value, one_line=name != "summary").strip()
    if len(text) > FIELD_MAX_CHARS[name]:
        raise ApiError(400, f"{NAMES[name]} tối đa {FIELD_MAX_CHARS[name]} ký tự.", field=name)
    if name == "number" and text and not number_key(text):
        raise ApiError(400, "Số ký hiệu phải có chữ hoặc số.", field=name)
    return text or None


def _date(name, value):
    if not isinstance(value, str) or not _DATE.fullmatch(value.strip()):
        raise ApiError(400, f"{NAMES[name]} phải có dạng YYYY-MM-DD.", field=name)
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise ApiError(400, f"{NAMES[name]} không phải một ngày có thật.", field=name) from None


def _ids(name, value):
    if isinstance(value, str):  # a form field: ids apart by commas or spaces
        value = [part for part in re.split(r"[\s,]+", value) if part]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ApiError(400, f"{NAMES[name]} phải là danh sách mã văn bản.", field=name)
    ids = list(dict.fromkeys(item.strip() for item in value))
    if len(ids) > MAX_LINKS:
        raise ApiError(400, f"{NAMES[name]}: tối đa {MAX_LINKS} văn bản.", field=name)
    if not all(_ID.fullmatch(item) for item in ids):
        raise ApiError(400, f"{NAMES[name]}: mã văn bản không hợp lệ.", field=name)
    return ids


def clean(name, value):
    """One field's value, cleaned; None for an empty optional value."""
    if value is None or value == "":
        return [] if name in LIST_FIELDS else None
    if name in DATE_FIELDS:
        return _date(name, value)
    if name in LIST_FIELDS:
        return _ids(name, value)
    return _text(name, value)


def from_form(form):
    """All of a new document's fields from a form; 400 when a required one is missing."""
    values = {}
    for name in WRITABLE:
        if name in LIST_FIELDS:
            raw = [part for part in form.getlist(name) if part.strip()]
            values[name] = clean(name, ",".join(raw))
        else:
            values[name] = clean(name, form.get(name))
    for name in REQUIRED_FIELDS:
        if values[name] is None:
            raise ApiError(400, f"Thiếu {NAMES[name].lower()}.", field=name)
    return values


def from_json(body):
    """The fields a PATCH changes; 400 for an unknown field or a required one emptied."""
    unknown = sorted(set(body) - set(WRITABLE))
    if unknown:
        raise ApiError(400, f"Trường không sửa được: {unknown[0]}.", field=unknown[0])
    changes = {name: clean(name, value) for name, value in body.items()}
    for name in REQUIRED_FIELDS:
        if name in changes and changes[name] is None:
            raise ApiError(400, f"Thiếu {NAMES[name].lower()}.", field=name)
    return changes


def check_dates(document):
    start = document.get("effective_on") or document["issued_on"]
    if document.get("effective_on") and document["effective_on"] < document["issued_on"]:
        raise ApiError(400, "Ngày hiệu lực không thể trước ngày ban hành.", field="effective_on")
    if document.get("expires_on") and document["expires_on"] < start:
        raise ApiError(400, "Ngày hết hiệu lực không thể trước ngày có hiệu lực.", field="expires_on")
