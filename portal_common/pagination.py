"""The contract's list shape and its page/per_page rules."""

import math

from flask import request

from .errors import ApiError

MAX_PER_PAGE = 100
# Far past any real list; a larger page times per_page would overflow the stores' integer offsets
# (SQLite and BSON take 64 bits: page=10**20 was a 500).
MAX_PAGE = 100_000
MAX_DIGITS = 18


# What a reader is told (the pages show the message; the JSON also names the `field`): the
# argument in words, not its name in the address.
ARGUMENT_WORDS = {"page": "Số trang", "trang": "Số trang", "per_page": "Số mục mỗi trang"}


def _words(name):
    return ARGUMENT_WORDS.get(name, f"Tham số “{name}”")


def positive_int_arg(name, default, maximum=None, args=None):
    args = request.args if args is None else args
    raw = args.get(name)
    if raw is None or raw == "":
        return default
    # ASCII digits only: int() would also take "١٢", "+1", " 1" and "1_000".
    if not (raw.isascii() and raw.isdigit()):
        raise ApiError(400, f"{_words(name)} không hợp lệ.", field=name)
    # Past 4,300 digits int() raises; long before, the number is beyond any list.
    digits = raw.lstrip("0") or "0"
    value = int(digits) if len(digits) <= MAX_DIGITS else None
    if value is not None and value < 1:
        raise ApiError(400, f"{_words(name)} không hợp lệ: phải từ 1 trở lên.", field=name)
    if value is None or maximum is not None and value > maximum:
        limit = f"tối đa là {maximum}" if maximum is not None else "quá lớn"
        raise ApiError(400, f"{_words(name)} không hợp lệ: {limit}.", field=name)
    return value


def page_args(default_per_page=20, args=None):
    page = positive_int_arg("page", 1, MAX_PAGE, args=args)
    per_page = positive_int_arg("per_page", default_per_page, MAX_PER_PAGE, args=args)
    return page, per_page


def page_count(total, per_page):
    return max(1, math.ceil(total / per_page)) if per_page else 1


def page_body(items, page, per_page, total):
    return {"items": items, "page": page, "per_page": per_page, "total": total, "pages": page_count(total, per_page)}
