"""Checking what an admin sends about an account: every problem is an ApiError naming its field,
raised before anything is stored. Missing, unknown or of the wrong type → 400; well-formed but
unacceptable → 422."""

import re

from portal_common.account_vocabulary import (
    CATEGORIES_MAX,
    CATEGORY_MAX,
    CATEGORY_PATTERN,
    CREATE_REQUIRED,
    DISPLAY_NAME_MAX,
    USERNAME_PATTERN,
)
from portal_common.errors import ApiError
from portal_common.staff_tokens import ROLES
from portal_common.text_fields import clean_text

USERNAME = re.compile(USERNAME_PATTERN)
CATEGORY = re.compile(CATEGORY_PATTERN)

CREATE_FIELDS = ("username", "password", "display_name", "roles", "categories")
UPDATE_FIELDS = ("roles", "display_name", "password", "disabled", "categories")


def username_message():
    return "Tên đăng nhập gồm 3–40 ký tự: chữ thường không dấu, chữ số, dấu chấm, gạch ngang, gạch dưới."


def valid_username(name):
    return isinstance(name, str) and bool(USERNAME.fullmatch(name))


def _only(body, accepted):
    for name in body:
        if name not in accepted:
            raise ApiError(400, f"Trường '{name}' không được hỗ trợ.", field=name)


def _string(body, name):
    value = body[name]
    if not isinstance(value, str):
        raise ApiError(400, f"Trường '{name}' phải là chuỗi.", field=name)
    return value


def username(body):
    value = _string(body, "username")
    if not valid_username(value):
        raise ApiError(422, username_message(), field="username")
    return value


def display_name(body):
    value = clean_text(_string(body, "display_name")).strip()
    if not value:
        raise ApiError(422, "Trường 'display_name' không được để trống.", field="display_name")
    if len(value) > DISPLAY_NAME_MAX:
        raise ApiError(422, f"Trường 'display_name' dài quá {DISPLAY_NAME_MAX} ký tự.", field="display_name")
    return value


def roles(body):
    value = body["roles"]
    if not isinstance(value, list) or not all(isinstance(role, str) for role in value):
        raise ApiError(400, "Trường 'roles' phải là một danh sách chuỗi.", field="roles")
    unknown = [role for role in value if role not in ROLES]
    if unknown:
        raise ApiError(422, f"Vai trò không có: {', '.join(unknown)}. Các vai trò: {', '.join(ROLES)}.", field="roles")
    if not value:
        raise ApiError(422, "Tài khoản cần ít nhất một vai trò.", field="roles")
    return [role for role in ROLES if role in value]  # one order everywhere, no repeats


def categories(body):
    """None: every category; else the category slugs a contributor or editor may write in."""
    value = body["categories"]
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(slug, str) for slug in value):
        raise ApiError(400, "Trường 'categories' phải là một danh sách chuỗi, hoặc null.", field="categories")
    if not value:
        raise ApiError(422, "Danh sách chuyên mục trống: gửi null để được viết ở mọi chuyên mục.", field="categories")
    if len(value) > CATEGORIES_MAX:
        raise ApiError(422, f"Tối đa {CATEGORIES_MAX} chuyên mục.", field="categories")
    bad = [slug for slug in value if len(slug) > CATEGORY_MAX or not CATEGORY.fullmatch(slug)]
    if bad:
        raise ApiError(422, f"Mã chuyên mục không hợp lệ: {', '.join(bad[:5])}.", field="categories")
    return sorted(set(value))


def password(body, name="password"):
    return _string(body, name)


def create_body(body):
    """The fields of POST /api/v1/users, checked (the password's strength is checked apart)."""
    _only(body, CREATE_FIELDS)
    for name in CREATE_REQUIRED:
        if name not in body:
            raise ApiError(400, f"Thiếu trường '{name}'.", field=name)
    return {
        "username": username(body),
        "password": password(body),
        "display_name": display_name(body),
        "roles": roles(body),
        "categories": categories(body) if "categories" in body else None,
    }


def update_body(body):
    """The fields of PATCH /api/v1/users/<username> that were sent, checked."""
    _only(body, UPDATE_FIELDS)
    if not body:
        raise ApiError(400, "Không có trường nào để cập nhật.")
    checked = {}
    if "roles" in body:
        checked["roles"] = roles(body)
    if "display_name" in body:
        checked["display_name"] = display_name(body)
    if "password" in body:
        checked["password"] = password(body)
    if "disabled" in body:
        if not isinstance(body["disabled"], bool):
            raise ApiError(400, "Trường 'disabled' phải là true hoặc false.", field="disabled")
        checked["disabled"] = body["disabled"]
    if "categories" in body:
        checked["categories"] = categories(body)
    return checked
