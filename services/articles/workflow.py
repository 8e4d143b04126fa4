"""Who may do what to an article, and the version a save must be made on.

The roles (portal_common.staff_tokens.ROLES; `admin` and the machine token ADMIN_TOKEN hold every
right), as the contract's "Staff accounts" gives them:

- create: contributor, editor, approver (without the approver role: as `draft` or `pending`);
- edit (PATCH, restore a revision): its owner; editors and approvers any article. An edit of a
  published article by someone without the approver role is kept as a pending revision;
- submit (→ pending): its owner, an editor;
- approve, reject, unpublish; set `status: published`, unpublish or reschedule through a PATCH
  (a published article's `published_at`): an approver;
- delete: a draft by its owner, an editor or an approver; a pending article by an editor or an
  approver; a published (or scheduled) one by an approver;
- read drafts, pending and scheduled articles, and any article's revisions: its owner, editors,
  approvers. Someone else's unpublished article is a 404 to a contributor, as to the public.

An account limited to some categories (`categories` in its token) writes, submits, approves and
deletes only there, and cannot move an article out of them.

`staff` is portal_common.auth's caller, g.staff: {"username", "display_name", "roles",
"categories", "machine"}; None for the service's own commands (the demo content)."""

import re

from portal_common import timefmt
from portal_common.article_schemas import STATUSES  # noqa: F401 (the workflow's statuses, said once)
from portal_common.auth import MACHINE_USER, has_role
from portal_common.errors import ApiError

WRITERS = ("contributor", "editor", "approver")
# ETags: `"<version>"`. A weak one (W/"7") names the same version: nginx's gzip weakens the
# strong ETags it compresses, and a save made on what the edge served must still match.
_TAG = re.compile(r'\s*(?:(W/)?"(?P<tag>[^"]*)"|(?P<star>\*))\s*')


def user_of(staff):
    """The name a save is recorded under: the username, ADMIN_TOKEN for the machine token, None
    for the service's own commands."""
    if staff is None:
        return None
    return MACHINE_USER if staff.get("machine") else staff["username"]


def may_publish(staff):
    return staff is None or has_role(staff, "approver")


def is_editor(staff):
    return staff is None or has_role(staff, "editor")


def owns(staff, doc):
    return staff is not None and not staff.get("machine") and doc.get("owner") == staff["username"]


def may_see_unpublished(staff, doc):
    """Drafts, pending and scheduled articles, and every article's revisions."""
    return is_editor(staff) or may_publish(staff) or owns(staff, doc)


def _limited_to(staff):
    """The categories `staff` may write in; None: all of them."""
    if staff is None or staff.get("machine") or "admin" in staff["roles"]:
        return None
    return staff.get("categories")


def forbidden(message):
    return ApiError(403, message)


def check_category(staff, category):
    allowed = _limited_to(staff)
    if allowed is not None and category not in allowed:
        listed = ", ".join(allowed) or "(không có)"
        raise forbidden(f"Tài khoản của bạn chỉ được viết trong các chuyên mục: {listed}.")


def check_may_touch(staff, doc, is_public, not_found):
    """A write on `doc` by someone who may not edit it: 404 when they may not even see it (a
    contributor's look at another's draft learns nothing), else 403."""
    if may_see_unpublished(staff, doc):
        check_category(staff, doc["category"])
        return
    if not is_public(doc):
        raise not_found()
    raise forbidden("Cộng tác viên chỉ được sửa bài viết của chính mình.")


def check_status_change(staff, current, target_status, published_ts_changed):
    """What only an approver may do through a save: publish, unpublish, reschedule."""
    if may_publish(staff):
        return
    if target_status == "published" and current["status"] != "published":
        raise forbidden(
            "Chỉ lãnh đạo duyệt tin được đăng bài viết. Hãy gửi duyệt (status: pending) để bài được xem xét."
        )
    if current["status"] == "published" and target_status != "published":
        raise forbidden("Chỉ lãnh đạo duyệt tin được gỡ bài viết đã đăng.")
    if current["status"] == "published" and published_ts_changed:
        raise forbidden("Chỉ lãnh đạo duyệt tin được đổi thời gian đăng của bài viết đã duyệt.")
    if target_status == "pending" and current["status"] != "pending":
        check_may_submit(staff, current)


def check_create(staff, fields, status):
    check_category(staff, fields["category"])
    if status == "published" and not may_publish(staff):
        raise forbidden("Chỉ lãnh đạo duyệt tin được đăng bài viết. Hãy lưu nháp (draft) hoặc gửi duyệt (pending).")


def default_status(staff):
    """A create without `status`: published when the caller may publish (as before, for the
    machine token's integrations), else a draft."""
    return "published" if may_publish(staff) else "draft"


def check_may_submit(staff, doc):
    if not (owns(staff, doc) or is_editor(staff)):
        raise forbidden("Chỉ người viết bài hoặc biên tập viên được gửi duyệt bài viết.")
    check_category(staff, doc["category"])


def check_may_review(staff, doc):
    """Approve, reject, unpublish."""
    if not may_publish(staff):
        raise forbidden("Chỉ lãnh đạo duyệt tin được duyệt, trả lại hoặc gỡ bài viết.")
    check_category(staff, doc["category"])


def check_may_delete(staff, doc, is_public, not_found):
    if not may_see_unpublished(staff, doc) and not is_public(doc):
        raise not_found()
    if doc["status"] == "published":
        if not may_publish(staff):
            raise forbidden("Chỉ lãnh đạo duyệt tin được xóa bài viết đã đăng (hoặc đã hẹn giờ đăng).")
    elif not (is_editor(staff) or may_publish(staff)):
        if not (owns(staff, doc) and doc["status"] == "draft"):
            raise forbidden("Cộng tác viên chỉ được xóa bản nháp của mình; bài đã gửi duyệt do biên tập viên xử lý.")
    check_category(staff, doc["category"])


# -- versions ---------------------------------------------------------------------------------


def etag(version):
    return f'"{version}"'


def parse_if_match(header):
    """(matches_any, [versions]) from an If-Match value; a tag that is not a version number is
    None in the list (it matches nothing). ValueError when the header is not a list of tags."""
    text = header.strip()
    if text == "*":
        return True, []
    if not text:
        raise ValueError("no entity tag")
    versions, position = [], 0
    while position < len(text):
        found = _TAG.match(text, position)
        if found is None or found.group("star"):
            raise ValueError("not a list of entity tags")
        tag = found.group("tag")
        versions.append(int(tag) if tag.isascii() and tag.isdigit() and len(tag) <= 12 else None)
        position = found.end()
        if position < len(text):
            if text[position] != ",":
                raise ValueError("entity tags must be separated by commas")
            position += 1
    return False, versions


def check_version(current, if_match, required, saved_by):
    """A save made on the version `if_match` names (the If-Match header's value, None when
    absent). `required`: a save without one is refused (428). `saved_by(doc)` gives the
    current version's revision, for the 412's message."""
    if if_match is None:
        if required:
            raise ApiError(
                428,
                'Cần gửi kèm phiên bản bài viết đang sửa (If-Match: "<phiên bản>", lấy từ ETag khi tải bài) '
                "để không ghi đè lên thay đổi của người khác.",
                code="precondition_required",
                extra={"current_version": current["version"]},
                headers={"ETag": etag(current["version"])},
            )
        return
    try:
        matches_any, versions = parse_if_match(if_match)
    except ValueError:
        raise ApiError(
            400, 'If-Match phải có dạng "<phiên bản>" (giá trị ETag của bài viết).', field="If-Match"
        ) from None
    if matches_any or current["version"] in versions:
        return
    raise conflict(current, versions, saved_by(current))


def conflict(current, versions, revision):
    """The 412 for a save made on `versions` of an article now at current["version"], saved by
    `revision` (None when unknown): both versions named, and who saved the current one."""
    yours = [version for version in versions if version is not None]
    yours_text = ", ".join(str(version) for version in yours) or "không xác định"
    who, when = "không rõ", None
    if revision is not None:
        user, name = revision.get("user"), revision.get("display_name")
        who = f"{name} ({user})" if name and user and name != user else (user or name or who)
        when = timefmt.from_epoch(revision["ts"])
    at = f" lúc {when:%H:%M ngày %d/%m/%Y}" if when else ""
    message = (
        f"Bài viết đã có người lưu sau khi bạn mở: bạn đang sửa phiên bản {yours_text}, "
        f"phiên bản hiện tại là {current['version']} do {who} lưu{at}. "
        "Thay đổi của bạn chưa được lưu: hãy tải lại bài viết, xem phiên bản mới rồi sửa lại."
    )
    return ApiError(
        412,
        message,
        code="precondition_failed",
        headers={"ETag": etag(current["version"])},
        extra={
            "your_version": yours[0] if len(yours) == 1 else (yours or None),
            "current_version": current["version"],
            "saved_by": revision.get("user") if revision else None,
            "saved_at": timefmt.to_iso(when),
        },
    )
