"""The contract's list shape and its page/per_page rules."""

import math

from flask import request

from .errors import ApiError

MAX_PER_PAGE = 100


def positive_int_arg(name, default, maximum=None, args=None):
    args = request.args if args is None else args
    raw = args.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ApiError(400, f"'{name}' phải là số nguyên dương.", field=name) from None
    if value < 1:
        raise ApiError(400, f"'{name}' phải từ 1 trở lên.", field=name)
    if maximum is not None and value > maximum:
        raise ApiError(400, f"'{name}' tối đa là {maximum}.", field=name)
    return value


def page_args(default_per_page=20, args=None):
    page = positive_int_arg("page", 1, args=args)
    per_page = positive_int_arg("per_page", default_per_page, MAX_PER_PAGE, args=args)
    return page, per_page


def page_count(total, per_page):
    return max(1, math.ceil(total / per_page)) if per_page else 1


def page_body(items, page, per_page, total):
    return {"items": items, "page": page, "per_page": per_page, "total": total, "pages": page_count(total, per_page)}
