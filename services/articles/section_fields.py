"""The fields of the site settings, the static pages and the questions, checked one way: every
problem is an ApiError naming its field (wrong type → 400; well-formed but unacceptable → 422),
raised before anything is stored.

Fields are described in portal_common.sections_vocabulary (Field: kind, max_chars, required,
label). Here: `html` is cleaned by the service's sanitizer (sanitize.py), `email` checked with
email-validator (syntax only, no DNS), `phone` is digits, spaces and + . ( ) -, `url` http(s)."""

import re

from email_validator import EmailNotValidError, validate_email

from portal_common.errors import ApiError
from portal_common.sections_vocabulary import MAX_RECORDS, Field  # noqa: F401 (Field: for the callers)
from portal_common.text_fields import clean_text

from .sanitize import clean_html

PHONE = re.compile(r"^[0-9 +().\-]{3,40}$")
URL = re.compile(r"^https?://[^\s/?#]+\.[^\s/?#]+(?:[/?#]\S*)?$", re.IGNORECASE)


def _refuse(status, message, name):
    return ApiError(status, message, field=name)


def _words(name, spec):
    return spec.label or name


def check_email(value, name="email"):
    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError:
        raise _refuse(422, f"Địa chỉ email trong trường '{name}' không hợp lệ.", name) from None


def check_value(name, spec, value):
    """One field's value, cleaned; '' for an empty optional one."""
    if spec.kind == "records":
        return _check_records(name, spec, value)
    if not isinstance(value, str):
        raise _refuse(400, f"Trường '{name}' phải là chuỗi.", name)
    value = clean_text(value, one_line=spec.kind not in ("text", "html")).strip()
    if len(value) > spec.max_chars:
        raise _refuse(422, f"Trường '{name}' dài quá {spec.max_chars} ký tự.", name)
    if not value:
        if spec.required:
            raise _refuse(422, f"Trường '{name}' ({_words(name, spec)}) không được để trống.", name)
        return ""
    if spec.kind == "html":
        return clean_html(value)
    if spec.kind == "email":
        return check_email(value, name)
    if spec.kind == "phone" and not PHONE.match(value):
        raise _refuse(422, f"Số điện thoại trong trường '{name}' chỉ gồm chữ số, dấu cách và + . ( ) -.", name)
    if spec.kind == "url" and not URL.match(value):
        raise _refuse(422, f"Trường '{name}' phải là địa chỉ http:// hoặc https://.", name)
    return value


def _check_records(name, spec, value):
    if not isinstance(value, list):
        raise _refuse(400, f"Trường '{name}' phải là một danh sách.", name)
    if len(value) > MAX_RECORDS:
        raise _refuse(422, f"Trường '{name}' có tối đa {MAX_RECORDS} mục.", name)
    checked = []
    for index, item in enumerate(value, start=1):
        where = f"{name}[{index}]"
        if not isinstance(item, dict):
            raise _refuse(400, f"Mục {index} của '{name}' phải là một đối tượng.", name)
        checked.append(check_object(item, spec.record, partial=False, prefix=where))
    return checked


def check_object(body, fields, partial, prefix=""):
    """The fields of `body` as `fields` ({name: Field}) describe them; unknown ones refused. Not
    `partial`: every field is present in the answer (missing optional ones as '' or [])."""
    if not isinstance(body, dict):
        raise ApiError(400, "Nội dung gửi lên phải là một đối tượng JSON.")
    for name in body:
        if name not in fields:
            shown = f"{prefix}.{name}" if prefix else name
            raise _refuse(400, f"Trường '{shown}' không được hỗ trợ.", prefix.split("[")[0] or name)
    checked = {}
    for name, spec in fields.items():
        shown = f"{prefix}.{name}" if prefix else name
        if name in body:
            try:
                checked[name] = check_value(shown, spec, body[name])
            except ApiError as error:
                if prefix:  # a record's field: the error names the list (the form's field)
                    error.field = prefix.split("[")[0]
                raise
        elif not partial:
            if spec.required:
                raise _refuse(400 if not prefix else 422, f"Thiếu trường '{shown}'.", prefix.split("[")[0] or name)
            checked[name] = [] if spec.kind == "records" else ""
    return checked
