"""The writes on articles: create, edit (PATCH, and restoring a revision), the workflow's steps
(submit, approve, reject, unpublish) and delete.

Each one reads the article, checks the caller's right (workflow.py) and the version the caller
saved on (If-Match), then makes one compare-and-set save in the store that also keeps the
revision, and last tells the audit log (portal_common.audit, which never fails the write).

A published article edited by someone without the approver role — or by anyone while an edit
already awaits approval — is not changed: the edit is kept as a pending revision (the article's
`pending`), readers keep the published version, and only `approve` puts it in place (`reject`
drops it with the approver's comment; `unpublish` makes it the draft's content, so no work is
lost). The article's version still moves, so a second editor saving on the old version gets the
412 instead of overwriting the first one's proposal.

`staff` is g.staff (portal_common.auth), None for the service's own commands (the demo content):
those are neither checked nor recorded in the audit log."""

from portal_common import audit, timefmt
from portal_common.errors import ApiError
from portal_common.store import get_store

from . import text, workflow
from .articles import CONTENT, SNAPSHOT, is_public, not_found, now_ts, search_words, snapshot
from .sanitize import clean_html
from .store.errors import SlugTaken, VersionConflict

SEARCHED = {"title", "summary", "body_html"}
# An autosave replaces the same member's previous autosave of an article saved less than this
# long ago (the desk autosaves a changed draft every 30 s): one revision per ten minutes of typing.
AUTOSAVE_COALESCE_SECONDS = 10 * 60
AUDIT_COMMENT_CHARS = 500  # the audit log takes 8 KB of detail; the article keeps the whole comment


def _known_category(store, slug):
    if store.category(slug) is None:
        raise ApiError(422, f"Chuyên mục '{slug}' không tồn tại.", field="category")


def _summary_for(fields):
    return fields.get("summary") or text.excerpt(text.html_to_text(fields["body_html"]))


def _clean_body(html):
    body = clean_html(html)
    if not text.html_to_text(body) and "<img" not in body:
        raise ApiError(422, "Nội dung bài viết trống sau khi làm sạch HTML.", field="body_html")
    return body


def _slug_taken(slug):
    return ApiError(409, f"Đường dẫn '{slug}' đã có bài viết khác dùng.", field="slug")


def _display_name(staff):
    return None if staff is None or staff.get("machine") else staff.get("display_name")


def _revision(staff, action, fields, ts, comment=None, restored_from=None):
    return {
        "ts": ts,
        "user": workflow.user_of(staff),
        "display_name": _display_name(staff),
        "action": action,
        "comment": comment,
        "restored_from": restored_from,
        "title": fields["title"],
        "fields": snapshot(fields),
    }


def _baseline(doc):
    """An article stored before revisions existed has none for its version: this one is kept
    for it at its first save, so that its state before can be restored too."""
    return {
        "ts": doc["updated_ts"],
        "user": doc.get("owner"),
        "display_name": None,
        "action": "baseline",
        "comment": None,
        "restored_from": None,
        "title": doc["title"],
        "fields": snapshot(doc),
    }


def _saved_by(doc):
    """The revision that made `doc`'s version (who saved it, when)."""
    return get_store().revision(doc["slug"], doc["version"])


def _at(ts):
    return timefmt.to_iso(timefmt.from_epoch(ts))


def _record(action, doc, staff, detail=None):
    if staff is None:
        return
    audit.record(f"article.{action}", doc["slug"], {"title": doc["title"], "version": doc["version"], **(detail or {})})


def _load(slug):
    store = get_store()
    current = store.get(slug)
    if current is None:
        raise not_found()
    return store, current


def _save(store, current, changes, search, revision, replaces=False):
    try:
        saved = store.save(
            current["slug"],
            current["version"],
            changes,
            search,
            revision,
            baseline=_baseline(current),
            replaces=replaces,
        )
    except VersionConflict as error:
        raise workflow.conflict(error.current, [current["version"]], _saved_by(error.current)) from None
    except SlugTaken:
        raise _slug_taken(changes.get("slug")) from None
    if saved is None:
        raise not_found()
    return saved


def _working_copy(store, doc):
    """What an edit applies to: the pending revision's fields while one awaits approval, else the
    article's own."""
    pending = doc.get("pending")
    if pending:
        revision = store.revision(doc["slug"], pending["id"])
        if revision is not None:
            return {**snapshot(doc), **revision["fields"]}
    return snapshot(doc)


def _publication_ts(planned_ts, given_ts, now):
    """When an article going public is published: the time given; else the time it was planned
    for, if that is still ahead (scheduled); else now, so that it is dated when readers first
    see it rather than when its draft was begun."""
    if given_ts is not None:
        return given_ts
    return planned_ts if planned_ts > now else now


def _version_required(staff):
    """Staff must say which version they saved on; the machine token's integrations need not (as
    before). A person's save is always made on a version they loaded, and without If-Match it
    would silently overwrite a colleague's save made in between."""
    return staff is not None and not staff.get("machine")


def _differences(new, current):
    return {name: new[name] for name in SNAPSHOT if new[name] != current.get(name)}


def _transition(before, after):
    if before != "published" and after == "published":
        return "publish"
    if before == "published" and after != "published":
        return "unpublish"
    if before == "draft" and after == "pending":
        return "submit"
    return None


def _publication_detail(doc, now, staff, proposer=None):
    own = workflow.owns(staff, doc) or (proposer is not None and proposer == workflow.user_of(staff))
    return {"published_at": _at(doc["published_ts"]), "scheduled": doc["published_ts"] > now, "own": own}


# -- create -----------------------------------------------------------------------------------


def create(fields, staff=None):
    """`fields` checked by validation.check_fields. Returns the stored article."""
    store = get_store()
    _known_category(store, fields["category"])
    status = fields.get("status") or workflow.default_status(staff)
    if staff is not None:
        workflow.check_create(staff, fields, status)
    body_html = _clean_body(fields["body_html"])
    now = now_ts()
    published = fields.get("published_at")
    doc = {
        "slug": fields.get("slug"),
        "title": fields["title"],
        "category": fields["category"],
        "summary": "",
        "body_html": body_html,
        "author": fields.get("author", ""),
        "status": status,
        "published_ts": int(timefmt.to_epoch(published)) if published else now,
        "created_ts": now,
        "updated_ts": now,
        "cover": fields.get("cover") or None,
        "owner": workflow.user_of(staff),
        "version": 1,
        "review": None,
        "pending": None,
    }
    doc["summary"] = _summary_for({**fields, "body_html": body_html})
    created = _insert(store, doc, staff, now)
    _record("create", created, staff, {"status": status, "category": created["category"]})
    if status == "pending":
        _record("submit", created, staff)
    elif status == "published":
        _record("publish", created, staff, _publication_detail(created, now, staff))
    return created


def _insert(store, doc, staff, now):
    words = search_words(doc)
    if doc["slug"]:
        try:
            return store.insert(doc, words, _revision(staff, "create", doc, now))
        except SlugTaken:
            raise _slug_taken(doc["slug"]) from None
    base = text.slugify(doc["title"])
    # Two editors saving the same title at once: the unique index decides, the loser takes the next suffix.
    for _ in range(50):
        candidate = {**doc, "slug": _free_slug(store, base)}
        try:
            return store.insert(candidate, words, _revision(staff, "create", candidate, now))
        except SlugTaken:
            continue
    raise ApiError(409, "Không tạo được đường dẫn duy nhất cho bài viết.", field="slug")


def _free_slug(store, base):
    candidate, number = base, 1
    while store.slug_taken(candidate):
        number += 1
        candidate = f"{base}-{number}"
    return candidate


# -- edit: PATCH and restore ------------------------------------------------------------------


def _normalized(store, fields, staff):
    changes = {name: value for name, value in fields.items() if name != "published_at"}
    if "published_at" in fields:
        changes["published_ts"] = int(timefmt.to_epoch(fields["published_at"]))
    if "category" in changes:
        _known_category(store, changes["category"])
        workflow.check_category(staff, changes["category"])
    if "body_html" in changes:
        changes["body_html"] = _clean_body(changes["body_html"])
    if "cover" in changes:
        changes["cover"] = changes["cover"] or None
    return changes


def _replaces_autosave(store, current, staff, now):
    """True when the article's latest revision is an autosave by the same member less than
    AUTOSAVE_COALESCE_SECONDS ago: the next autosave takes its place in the history."""
    latest = store.revision(current["slug"], current["version"])
    return (
        latest is not None
        and latest.get("action") == "autosave"
        and latest.get("user") == workflow.user_of(staff)
        and now - latest["ts"] <= AUTOSAVE_COALESCE_SECONDS
    )


def autosave(slug, fields, staff, if_match):
    """The desk's periodic save of a draft being written: an edit recorded as `autosave`, which
    replaces the same member's previous autosave of the last AUTOSAVE_COALESCE_SECONDS instead of
    adding a revision, so the history holds the member's real steps, not one entry per 30 s."""
    return edit(slug, fields, staff, if_match, autosaving=True)


def edit(slug, fields, staff, if_match, restored_from=None, autosaving=False):
    """A PATCH (`fields` checked by validation.check_fields) or a restore (a revision's content).
    `if_match`: the If-Match header, None when absent."""
    store, current = _load(slug)
    workflow.check_may_touch(staff, current, is_public, not_found)
    workflow.check_version(current, if_match, _version_required(staff), _saved_by)
    base = _working_copy(store, current)
    changes = _normalized(store, fields, staff)
    target = changes.get("status", current["status"])
    if autosaving and not (current["status"] == "draft" and target == "draft"):
        raise ApiError(409, "Chỉ bản nháp được tự động lưu; bài đã gửi duyệt hoặc đã đăng cần bấm lưu.")
    moved = "published_ts" in changes and changes["published_ts"] != base["published_ts"]
    workflow.check_status_change(staff, current, target, moved)
    merged = {**base, **changes}
    if "summary" in changes and not changes["summary"]:
        merged["summary"] = _summary_for(merged)
    now = now_ts()
    plain = "restore" if restored_from is not None else "update"
    published = current["status"] == "published"
    if published and target == "published" and (current["pending"] or not workflow.may_publish(staff)):
        return _propose(store, current, staff, merged, now, plain, restored_from)
    if not published and target == "published":
        merged["published_ts"] = _publication_ts(merged["published_ts"], changes.get("published_ts"), now)
    new = {**merged, "status": target}
    action = _transition(current["status"], target) or ("publish" if published and moved else plain)
    replaces = False
    if autosaving:
        action, replaces = "autosave", _replaces_autosave(store, current, staff, now)
    difference = _differences(new, current)
    stored = {**difference, "updated_ts": now}
    if current["pending"]:  # unpublished: the edit that awaited approval is now the draft
        stored["pending"] = None
    if action == "publish":
        stored["review"] = None
    search = search_words(new) if SEARCHED & difference.keys() else None
    revision = _revision(staff, action, new, now, restored_from=restored_from)
    saved = _save(store, current, stored, search, revision, replaces=replaces)
    if replaces:  # recorded once, when the autosave began its revision
        return saved
    detail = {"fields": sorted(name for name in difference if name != "status")}
    if target != current["status"]:
        detail["status"] = {"from": current["status"], "to": target}
    if restored_from is not None:
        detail["restored_from"] = restored_from
    if action == "publish":
        detail.update(_publication_detail(saved, now, staff))
    _record(action, saved, staff, detail)
    return saved


def _propose(store, current, staff, merged, now, plain, restored_from):
    """The edit of a published article kept as its pending revision; the article readers see is
    unchanged."""
    if merged["slug"] != current["slug"] and store.slug_taken(merged["slug"]):
        raise _slug_taken(merged["slug"])
    proposed = {**merged, "status": "published"}
    action = "propose" if plain == "update" else plain
    pending = {"id": current["version"] + 1, "user": workflow.user_of(staff), "ts": now}
    revision = _revision(staff, action, proposed, now, restored_from=restored_from)
    saved = _save(store, current, {"pending": pending}, None, revision)
    detail = {"pending_revision": pending["id"], "fields": sorted(_differences(proposed, current))}
    if restored_from is not None:
        detail["restored_from"] = restored_from
    _record(action, saved, staff, detail)
    return saved


def restore(slug, revision_id, staff, if_match):
    """A new revision with the content (title, category, summary, body, author, cover) of an
    earlier one; the status, address and publication time stay as they are."""
    store, current = _load(slug)
    workflow.check_may_touch(staff, current, is_public, not_found)
    revision = store.revision(slug, revision_id)
    if revision is None:
        raise ApiError(404, f"Bài viết không có phiên bản {revision_id}.")
    content = {name: revision["fields"][name] for name in CONTENT if name in revision["fields"]}
    return edit(slug, content, staff, if_match, restored_from=revision_id)


# -- the workflow's steps ---------------------------------------------------------------------


def _reviewable(staff, slug, if_match):
    store, current = _load(slug)
    workflow.check_may_review(staff, current)
    workflow.check_version(current, if_match, False, _saved_by)
    return store, current


def submit(slug, staff, if_match):
    store, current = _load(slug)
    workflow.check_may_touch(staff, current, is_public, not_found)
    workflow.check_may_submit(staff, current)
    workflow.check_version(current, if_match, False, _saved_by)
    if current["status"] != "draft":
        if current["status"] == "pending":
            raise ApiError(409, "Bài viết đã được gửi duyệt và đang chờ duyệt.")
        if current["pending"]:
            raise ApiError(409, "Bản sửa của bài viết này đã đang chờ duyệt.")
        raise ApiError(409, "Bài viết đã được đăng; bản sửa của bài đã đăng tự chờ duyệt, không cần gửi.")
    now = now_ts()
    new = {**snapshot(current), "status": "pending"}
    saved = _save(store, current, {"status": "pending", "updated_ts": now}, None, _revision(staff, "submit", new, now))
    _record("submit", saved, staff)
    return saved


def approve(slug, staff, published_at, if_match):
    """Draft or pending → published (at `published_at`, else as planned if ahead, else now); a
    published article's pending revision → in place; a published one without: rescheduled when
    `published_at` is given."""
    store, current = _reviewable(staff, slug, if_match)
    now = now_ts()
    given = int(timefmt.to_epoch(published_at)) if published_at is not None else None
    proposer, search = None, None
    if current["status"] != "published":
        new = {
            **snapshot(current),
            "status": "published",
            "published_ts": _publication_ts(current["published_ts"], given, now),
        }
        stored = {**_differences(new, current), "review": None, "updated_ts": now}
    elif current["pending"]:
        proposer = current["pending"]["user"]
        proposed = _working_copy(store, current)
        _known_category(store, proposed["category"])
        workflow.check_category(staff, proposed["category"])
        new = {
            **proposed,
            "status": "published",
            "published_ts": given if given is not None else current["published_ts"],
        }
        difference = _differences(new, current)
        stored = {**difference, "pending": None, "review": None, "updated_ts": now}
        search = search_words(new) if SEARCHED & difference.keys() else None
    elif given is not None:
        new = {**snapshot(current), "published_ts": given}
        stored = {"published_ts": given, "updated_ts": now}
    else:
        raise ApiError(409, "Bài viết đã được đăng và không có bản sửa nào chờ duyệt.")
    saved = _save(store, current, stored, search, _revision(staff, "publish", new, now))
    detail = _publication_detail(saved, now, staff, proposer)
    if proposer is not None:
        detail["pending_revision"] = current["pending"]["id"]
    _record("publish", saved, staff, detail)
    return saved


def reject(slug, staff, comment, if_match):
    """Pending → draft, or a published article's pending revision dropped (readers keep the
    published version); either way with the approver's comment for the author."""
    store, current = _reviewable(staff, slug, if_match)
    now = now_ts()
    review = {"by": workflow.user_of(staff), "ts": now, "comment": comment}
    detail = {"comment": comment[:AUDIT_COMMENT_CHARS]}
    if current["status"] == "pending":
        new = {**snapshot(current), "status": "draft"}
        stored = {"status": "draft", "review": review, "updated_ts": now}
    elif current["pending"]:
        new = snapshot(current)
        stored = {"pending": None, "review": review}
        detail["pending_revision"] = current["pending"]["id"]
    else:
        raise ApiError(409, "Bài viết không có gì đang chờ duyệt để trả lại.")
    saved = _save(store, current, stored, None, _revision(staff, "reject", new, now, comment=comment))
    _record("reject", saved, staff, detail)
    return saved


def unpublish(slug, staff, if_match):
    """Published (or scheduled) → draft; an edit that awaited approval becomes the draft's content."""
    store, current = _reviewable(staff, slug, if_match)
    if current["status"] != "published":
        raise ApiError(409, "Bài viết chưa được đăng.")
    now = now_ts()
    new = {**_working_copy(store, current), "status": "draft"}
    if current["pending"]:
        _known_category(store, new["category"])
        workflow.check_category(staff, new["category"])
    difference = _differences(new, current)
    stored = {**difference, "pending": None, "updated_ts": now}
    search = search_words(new) if SEARCHED & difference.keys() else None
    saved = _save(store, current, stored, search, _revision(staff, "unpublish", new, now))
    _record("unpublish", saved, staff, {"pending_revision": current["pending"]["id"] if current["pending"] else None})
    return saved


# -- delete -----------------------------------------------------------------------------------


def delete(slug, staff, if_match):
    store, current = _load(slug)
    workflow.check_may_delete(staff, current, is_public, not_found)
    workflow.check_version(current, if_match, False, _saved_by)
    try:
        # On the version just checked: a save in between (a publication, say) is a 412, not lost.
        deleted = store.delete(slug, current["version"])
    except VersionConflict as error:
        raise workflow.conflict(error.current, [current["version"]], _saved_by(error.current)) from None
    if not deleted:
        raise not_found()
    _record("delete", current, staff, {"status": current["status"], "category": current["category"]})
