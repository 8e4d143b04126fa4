"""Checking an article sent by an editor: every problem is an ApiError naming its field, raised
before anything is stored. Wrong type or missing → 400; well-formed but unacceptable → 422."""

from portal_common import timefmt
from portal_common.article_schemas import ARTICLE_WRITE, CREATE_REQUIRED, max_chars
from portal_common.errors import ApiError
from portal_common.text_fields import clean_text

from .text import valid_slug
from .workflow import STATUSES

# The fields the contract's write schema describes, and no others.
ACCEPTED = tuple(ARTICLE_WRITE["properties"])
YEARS = (1990, 2100)
# Fields whose line breaks are kept; in every other one a line break becomes a space.
MULTI_LINE = {"summary", "body_html"}
# An approver's comment when returning an article.
COMMENT_MAX_CHARS = 2000


def check_fields(body, partial):
    """The accepted fields of a create (partial=False) or update (partial=True) body, checked."""
    if not isinstance(body, dict):
        raise ApiError(400, "Nội dung gửi lên phải là một đối tượng JSON.")
    for name in body:
        if name not in ACCEPTED:
            raise ApiError(400, f"Trường '{name}' không được hỗ trợ.", field=name)
    if not partial:
        for name in CREATE_REQUIRED:
            if name not in body:
                raise ApiError(400, f"Thiếu trường '{name}'.", field=name)
    if partial and not body:
        raise ApiError(400, "Không có trường nào để cập nhật.")
    checked = {}
    for name, value in body.items():
        if name == "cover" and value is None:
            checked[name] = None
            continue
        if not isinstance(value, str):
            raise ApiError(400, f"Trường '{name}' phải là chuỗi.", field=name)
        # No control characters in anything stored (a Word paste brings a vertical tab per line break).
        value = clean_text(value, one_line=name not in MULTI_LINE)
        if len(value) > max_chars(name):
            raise ApiError(422, f"Trường '{name}' dài quá {max_chars(name)} ký tự.", field=name)
        checked[name] = value.strip() if name != "body_html" else value
    for name in ("title", "category"):
        if name in checked and not checked[name]:
            raise ApiError(422, f"Trường '{name}' không được để trống.", field=name)
    if "body_html" in checked and not checked["body_html"].strip():
        raise ApiError(422, "Trường 'body_html' không được để trống.", field="body_html")
    if "status" in checked and checked["status"] not in STATUSES:
        raise ApiError(422, "Trường 'status' phải là 'draft', 'pending' hoặc 'published'.", field="status")
    if "slug" in checked and not valid_slug(checked["slug"]):
        raise ApiError(422, "Trường 'slug' chỉ gồm chữ thường không dấu, số và dấu '-'.", field="slug")
    if "published_at" in checked:
        checked["published_at"] = _publication_time(checked["published_at"])
    if checked.get("cover") and not checked["cover"].lower().startswith(("http://", "https://", "/")):
        raise ApiError(422, "Trường 'cover' phải là địa chỉ http(s) hoặc đường dẫn bắt đầu bằng '/'.", field="cover")
    return checked


def _publication_time(value):
    try:
        moment = timefmt.parse_iso(value)
    except (ValueError, OverflowError):
        raise ApiError(422, "Trường 'published_at' phải là thời gian ISO 8601.", field="published_at") from None
    # Far-off years are typing slips, and would overflow the conversions to epoch seconds.
    if not YEARS[0] <= moment.year <= YEARS[1]:
        raise ApiError(422, f"Trường 'published_at' phải trong các năm {YEARS[0]}–{YEARS[1]}.", field="published_at")
    return moment


def _only(body, names):
    if not isinstance(body, dict):
        raise ApiError(400, "Nội dung gửi lên phải là một đối tượng JSON.")
    for name in body:
        if name not in names:
            raise ApiError(400, f"Trường '{name}' không được hỗ trợ.", field=name)


def check_approval(body):
    """The optional body of an approval: {"published_at"}; the time, or None."""
    _only(body, ("published_at",))
    value = body.get("published_at")
    if value is None:
        return None
    if not isinstance(value, str):
        raise ApiError(400, "Trường 'published_at' phải là chuỗi.", field="published_at")
    return _publication_time(clean_text(value, one_line=True).strip())


def check_comment(body):
    """The body of a return: {"comment"}, required, plain text (line breaks kept)."""
    _only(body, ("comment",))
    if "comment" not in body:
        raise ApiError(400, "Cần lời nhắn cho người viết (trường 'comment').", field="comment")
    if not isinstance(body["comment"], str):
        raise ApiError(400, "Trường 'comment' phải là chuỗi.", field="comment")
    comment = clean_text(body["comment"], one_line=False).strip()
    if not comment:
        raise ApiError(422, "Lời nhắn trả lại bài không được để trống.", field="comment")
    if len(comment) > COMMENT_MAX_CHARS:
        raise ApiError(422, f"Lời nhắn dài quá {COMMENT_MAX_CHARS} ký tự.", field="comment")
    return comment


def check_empty(body):
    """The body of a step that takes none (submit, unpublish): nothing, or {}."""
    _only(body, ())
