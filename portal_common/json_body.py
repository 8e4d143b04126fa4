"""The JSON body of a write, refused with a 400 before any of it reaches a store.

Two things json.loads accepts that nothing after it can handle:
- a lone UTF-16 surrogate ("\\ud800", or its raw bytes, which json decodes with surrogatepass):
  SQLite, pymongo and nh3 raise UnicodeEncodeError on it, and so would our own answer echoing it;
- deep nesting: json.loads raises RecursionError (not ValueError, so Flask's silent get_json lets
  it through) past ~1000 levels, and anything walking a parsed value recursively can fail later.
The write bodies of the portal are flat objects, or hold a list of ids: MAX_DEPTH is far above."""

import re

from flask import request

from .errors import ApiError

MAX_DEPTH = 32
_SURROGATE = re.compile("[\ud800-\udfff]")


def has_lone_surrogate(text):
    # A pair written as two escapes is joined into one character by json; what is left is alone.
    return _SURROGATE.search(text) is not None


def refuse_lone_surrogates(text, field=None):
    """Raise the 400 when `text` holds a lone surrogate (form fields too, not only JSON)."""
    if has_lone_surrogate(text):
        raise ApiError(400, "Dữ liệu chứa ký tự Unicode không hợp lệ (nửa cặp thay thế UTF-16 đơn lẻ).", field=field)


def json_object(max_depth=MAX_DEPTH):
    """The request's JSON body, which must be an object: 400 (code bad_request, `field` naming the
    top-level member at fault where there is one) when it is missing, not JSON, not an object,
    nested deeper than `max_depth`, or holds a lone surrogate in any key or string."""
    try:
        body = request.get_json(silent=True)
    except RecursionError:
        raise ApiError(400, f"Nội dung JSON lồng nhau quá sâu (tối đa {max_depth} cấp).") from None
    if body is None:
        raise ApiError(400, "Nội dung gửi lên phải là JSON (Content-Type: application/json).")
    if not isinstance(body, dict):
        raise ApiError(400, "Nội dung gửi lên phải là một đối tượng JSON.")
    for name, value in body.items():
        refuse_lone_surrogates(name)  # no `field`: a key with a surrogate cannot be named back
        _check_value(value, name, max_depth)
    return body


def _check_value(value, field, max_depth):
    """Walk `value` (one level below the body) without recursion, so no depth can break the walk."""
    pending = [(value, 2)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, str):
            refuse_lone_surrogates(item, field)
            continue
        if not isinstance(item, (dict, list)):
            continue
        if depth > max_depth:
            raise ApiError(400, f"Nội dung JSON lồng nhau quá sâu (tối đa {max_depth} cấp).", field=field)
        if isinstance(item, dict):
            for key, member in item.items():
                refuse_lone_surrogates(key, field)
                pending.append((member, depth + 1))
        else:
            pending.extend((member, depth + 1) for member in item)
