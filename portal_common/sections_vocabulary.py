"""What the articles service, the gateway's pages, the desk and both OpenAPI documents say alike
about the site settings, the static pages and Hỏi đáp (the contract's "Hỏi đáp (questions from
the public) and the other sections"): each field's kind, length cap, whether it is required, and
its Vietnamese label. The service checks writes with these (services/articles/section_fields.py);
the desk labels its forms with them; the OpenAPI documents state them as schemas.

Kinds: `line` (one line of text), `text` (line breaks kept), `html` (rich text, sanitized by the
service), `email`, `phone`, `url` (http/https), `records` (a list of objects with `record`'s
fields)."""

from dataclasses import dataclass, field

MAX_RECORDS = 50


@dataclass(frozen=True)
class Field:
    kind: str
    max_chars: int = 200
    required: bool = False
    label: str = ""
    record: dict = field(default_factory=dict)  # kind "records": name → Field


SITE_FIELDS = {
    "name": Field("line", 200, required=True, label="Tên cơ quan"),
    "province": Field("line", 100, label="Tỉnh, thành phố"),
    "address": Field("line", 300, label="Địa chỉ"),
    "phone": Field("phone", 40, label="Điện thoại"),
    "email": Field("email", 254, label="Email"),
    "responsible": Field("line", 300, label="Người chịu trách nhiệm nội dung"),
    "licence": Field("line", 400, label="Giấy phép"),
}
SITE_DEFAULT_NAME = "Sở Giáo dục và Đào tạo"

UNIT = {
    "name": Field("line", 200, required=True, label="Tên đơn vị"),
    "head": Field("line", 120, label="Người phụ trách"),
    "head_title": Field("line", 120, label="Chức vụ"),
    "phone": Field("phone", 40, label="Điện thoại"),
    "email": Field("email", 254, label="Email"),
    "duties": Field("text", 2000, label="Nhiệm vụ"),
}
LEADER = {
    "name": Field("line", 120, required=True, label="Họ tên"),
    "title": Field("line", 120, required=True, label="Chức vụ"),
    "phone": Field("phone", 40, label="Điện thoại"),
    "email": Field("email", 254, label="Email"),
    "responsibilities": Field("text", 2000, label="Lĩnh vực phụ trách"),
}
_TITLE = Field("line", 200, required=True, label="Tiêu đề trang")
_CONTACTS = {
    "address": Field("line", 300, label="Địa chỉ"),
    "phone": Field("phone", 40, label="Điện thoại"),
    "email": Field("email", 254, label="Email"),
}
PAGE_FIELDS = {
    "gioi-thieu": {
        "title": _TITLE,
        "functions_html": Field("html", 20000, label="Chức năng, nhiệm vụ"),
        "units": Field("records", record=UNIT, label="Cơ cấu tổ chức (các phòng, đơn vị)"),
        "leaders": Field("records", record=LEADER, label="Ban Giám đốc"),
    },
    "lien-he": {
        "title": _TITLE,
        "intro_html": Field("html", 5000, label="Lời dẫn"),
        **_CONTACTS,
        "map_url": Field("url", 500, label="Đường dẫn bản đồ"),
        "office_hours": Field("text", 500, label="Giờ làm việc"),
    },
    "en": {
        "title": _TITLE,
        "intro_html": Field("html", 20000, label="Giới thiệu (tiếng Anh)"),
        "units": Field("records", record=UNIT, label="Cơ cấu tổ chức (tiếng Anh)"),
        "leaders": Field("records", record=LEADER, label="Ban Giám đốc (tiếng Anh)"),
        **_CONTACTS,
    },
}
PAGE_NAMES = {"gioi-thieu": "Giới thiệu", "lien-he": "Liên hệ", "en": "English"}
PAGE_STATUSES = ("draft", "published")

QUESTION_FIELDS = {
    "name": Field("line", 100, required=True, label="Họ và tên"),
    "email": Field("email", 254, required=True, label="Email"),
    "title": Field("line", 200, required=True, label="Tiêu đề câu hỏi"),
    "question": Field("text", 4000, required=True, label="Nội dung câu hỏi"),
}
# The form's own hidden fields: its signed token, and the honeypot people never see.
FORM_TOKEN = "form_token"
HONEYPOT = "website"
ANSWER = Field("html", 20000, required=True, label="Câu trả lời")
QUESTION_STATUSES = ("answered", "pending")
QUESTION_SEARCH_MAX_CHARS = 200
