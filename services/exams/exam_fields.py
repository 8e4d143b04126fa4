"""An exam's own fields as a writer gives them (the import's query string, PATCH's JSON), each
checked in one place: a bad one is a 400 naming its field."""

import re
from datetime import datetime

from portal_common import timefmt
from portal_common.errors import ApiError

EXAM_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_ID = 64
MAX_NAME = 200
YEARS = range(1900, 2101)
PATCHABLE = ("name", "year", "published_at")
# "…T08:00:00+07:00" put unencoded in a query string arrives as "…T08:00:00 07:00" (a '+' is a space there).
_OFFSET_AFTER_SPACE = re.compile(r"(?<=\d) (?=\d\d:?\d\d$)")
PUBLISHED_AT_FORM = (
    "'published_at' phải là thời điểm ISO 8601 có múi giờ (ví dụ 2026-07-16T08:00:00+07:00), hoặc null (đã công bố)."
)


def checked_id(exam_id):
    if not EXAM_ID.match(exam_id or "") or len(exam_id) > MAX_ID:
        raise ApiError(
            400, "Mã kỳ thi chỉ gồm chữ thường, chữ số và dấu gạch ngang (ví dụ thpt-2025).", field="exam_id"
        )
    return exam_id


def checked_name(name):
    name = name.strip() if isinstance(name, str) else ""
    if not name:
        raise ApiError(400, "Tên kỳ thi không được để trống.", field="name")
    if len(name) > MAX_NAME:
        raise ApiError(400, f"Tên kỳ thi quá dài (tối đa {MAX_NAME} ký tự).", field="name")
    return name


def checked_year(year, text_allowed=True):
    """A year: an int, or (unless `text_allowed` is False, as in JSON) the digits of a query string."""
    if text_allowed and isinstance(year, str) and year.strip().isascii() and year.strip().isdigit():
        year = int(year)
    if isinstance(year, bool) or not isinstance(year, int) or year not in YEARS:
        raise ApiError(400, "'year' phải là năm (4 chữ số).", field="year")
    return year


def checked_published_at(value):
    """The publication time as the stores keep it (ISO 8601 in Vietnam time), or None for
    published. A time without an offset is refused: the officer must say whose 08:00 it is."""
    if value is None:
        return None
    try:
        if not isinstance(value, str) or len(value) > 64:
            raise ValueError("not a time")
        text = _OFFSET_AFTER_SPACE.sub("+", value.strip()).replace("Z", "+00:00")
        moment = datetime.fromisoformat(text)
        if moment.tzinfo is None:
            raise ValueError("no offset")
        return timefmt.to_iso(moment)
    except (ValueError, OverflowError):
        raise ApiError(400, PUBLISHED_AT_FORM, field="published_at") from None


def changes_from(body):
    """The fields a PATCH of an exam sets, checked: {"name", "year", "published_at"}, each optional."""
    if not isinstance(body, dict):
        raise ApiError(400, 'Nội dung phải là một đối tượng JSON, ví dụ {"published_at": "2026-07-16T08:00:00+07:00"}.')
    for key in body:
        if key not in PATCHABLE:
            raise ApiError(400, f"Không sửa được trường '{str(key)[:40]}' (chỉ name, year, published_at).", field=key)
    changes = {}
    if "name" in body:
        changes["name"] = checked_name(body["name"])
    if "year" in body:
        changes["year"] = checked_year(body["year"], text_allowed=False)
    if "published_at" in body:
        changes["published_at"] = checked_published_at(body["published_at"])
    return changes
