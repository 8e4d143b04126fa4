"""What keeps bots out of Hỏi đáp without any third-party service. A post is refused, and nothing
of it is kept, when:

- its form token (the hidden `form_token`) is missing, forged, younger than
  QUESTIONS_FORM_MIN_SECONDS (a person needs longer to read and type) or older than
  QUESTIONS_FORM_MAX_SECONDS. The token is signed with itsdangerous and carries only the time the
  form was made: it proves the form's age, not who sent it, so a cached page may share it;
- its honeypot (the hidden `website`, which people never see) is filled in;
- it holds more than QUESTIONS_MAX_LINKS links (a name may hold none);
- it is over the size caps (the fields' own, questions.py);
- its address has used up QUESTIONS_RATE_LIMIT (the route's limit, portal_common.ratelimit,
  counted in RATELIMIT_STORAGE_URI — Redis in production — per the visitor's address, which the
  gateway forwards).

The key: QUESTIONS_FORM_KEY, else AUTH_SIGNING_KEY (every process of a deployment has it; the
salt keeps the two uses apart), else one made once and kept in DATA_DIR/questions-form-key."""

import os
import re
import secrets
import time

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, TimestampSigner

from portal_common.errors import ApiError
from portal_common.sections_vocabulary import HONEYPOT

SALT = "portal.questions.form-token"
PAYLOAD = "hoi-dap"
KEY_FILE = "questions-form-key"
LINK = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+\.(?:com|net|org|info|biz|xyz|top|ru|vn)\b", re.IGNORECASE)


def _kept_key(data_dir):
    path = os.path.join(data_dir, KEY_FILE)
    try:
        with open(path, encoding="ascii") as kept:
            return kept.read().strip()
    except FileNotFoundError:
        pass
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another worker made it first
        with open(path, encoding="ascii") as kept:
            return kept.read().strip()
    with os.fdopen(descriptor, "w", encoding="ascii") as made:
        key = secrets.token_urlsafe(32)
        made.write(key)
    return key


def _signer():
    config = current_app.config
    key = config.get("QUESTIONS_FORM_KEY") or config.get("AUTH_SIGNING_KEY")
    if not key:
        key = config["QUESTIONS_FORM_KEY"] = _kept_key(config["DATA_DIR"])
    return TimestampSigner(key, salt=SALT)


def form_token():
    return _signer().sign(PAYLOAD).decode("ascii")


def check_form_token(token):
    config = current_app.config
    if not isinstance(token, str) or not token:
        raise ApiError(400, "Thiếu mã biểu mẫu. Vui lòng tải lại trang rồi gửi lại câu hỏi.", field="form_token")
    try:
        _, made = _signer().unsign(token, max_age=config["QUESTIONS_FORM_MAX_SECONDS"], return_timestamp=True)
    except SignatureExpired:
        raise ApiError(
            422, "Biểu mẫu đã mở quá lâu. Vui lòng tải lại trang rồi gửi lại câu hỏi.", field="form_token"
        ) from None
    except BadSignature:
        raise ApiError(400, "Mã biểu mẫu không hợp lệ. Vui lòng tải lại trang.", field="form_token") from None
    # The token's time is in whole seconds (itsdangerous): it was made at most a second after
    # it says, so the age is counted from the end of that second, never more than it really is.
    age = time.time() - (made.timestamp() + 1)
    if config["QUESTIONS_FORM_MIN_SECONDS"] > 0 and age < config["QUESTIONS_FORM_MIN_SECONDS"]:
        raise ApiError(
            422,
            "Câu hỏi được gửi quá nhanh sau khi mở trang. Vui lòng đọc lại nội dung rồi bấm gửi lần nữa.",
            field="form_token",
        )


def check_honeypot(value):
    if value not in (None, ""):
        raise ApiError(422, "Không gửi được câu hỏi. Vui lòng để trống ô “Trang web”.", field=HONEYPOT)


def check_links(fields):
    limit = current_app.config["QUESTIONS_MAX_LINKS"]
    if LINK.search(fields.get("name", "")):
        raise ApiError(422, "Họ tên không được chứa đường dẫn.", field="name")
    found = sum(len(LINK.findall(fields.get(name, ""))) for name in ("title", "question"))
    if found > limit:
        raise ApiError(422, f"Câu hỏi chứa quá nhiều đường dẫn (tối đa {limit}).", field="question")
