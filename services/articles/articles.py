"""Articles between the HTTP routes and the store: visibility (drafts, pending and scheduled
articles are not public), the folded search words, and the JSON representations of articles and
their revisions. The writes are in editing.py, who may make them in workflow.py."""

import time

from portal_common import timefmt
from portal_common.errors import ApiError
from portal_common.store import get_store

from . import text

# What a revision keeps of the article: its content, address, status and publication time.
CONTENT = ("title", "category", "summary", "body_html", "author", "cover")
SNAPSHOT = (*CONTENT, "slug", "status", "published_ts")


def now_ts():
    return int(time.time())


def is_public(doc, now=None):
    return doc["status"] == "published" and doc["published_ts"] <= (now_ts() if now is None else now)


def latest_publication(now=None):
    """The content version's part that moves with no write: the newest publication time already
    passed. A scheduled article changes it the moment it goes public."""
    latest = get_store().latest_published_at(now_ts() if now is None else now)
    return str(latest or 0)


def search_words(doc):
    body_text = text.html_to_text(doc["body_html"])
    return {"title": text.unique_words(doc["title"]), "text": text.unique_words(doc["summary"] + " " + body_text)}


def not_found():
    return ApiError(404, "Không tìm thấy bài viết.")


def summary(doc):
    return {
        "slug": doc["slug"],
        "title": doc["title"],
        "category": doc["category"],
        "published_at": timefmt.to_iso(timefmt.from_epoch(doc["published_ts"])),
        "summary": doc["summary"],
        "cover": doc.get("cover"),
    }


def _at(ts):
    return None if ts is None else timefmt.to_iso(timefmt.from_epoch(ts))


def full(doc, staff=False):
    """The article; `staff` adds what only staff see: who owns it, the approver's last return,
    and the edit awaiting approval."""
    body = {
        **summary(doc),
        "author": doc["author"],
        "body_html": doc["body_html"],
        "status": doc["status"],
        "created_at": _at(doc["created_ts"]),
        "updated_at": _at(doc["updated_ts"]),
        "version": doc["version"],
    }
    if staff:
        review, pending = doc.get("review"), doc.get("pending")
        body["owner"] = doc.get("owner")
        body["review"] = {"by": review["by"], "at": _at(review["ts"]), "comment": review["comment"]} if review else None
        body["pending_revision"] = (
            {"id": pending["id"], "at": _at(pending["ts"]), "user": pending["user"]} if pending else None
        )
    return body


def snapshot(doc):
    return {name: doc.get(name) for name in SNAPSHOT}


def revision_item(item):
    """One entry of an article's revision list (the contract's shape)."""
    return {"id": item["id"], "at": _at(item["ts"]), "user": item["user"], "title": item["title"]}


def revision_full(revision):
    """One revision: who, when, what they did, and the article's fields as that save left them (a
    pending revision: as it proposes them)."""
    fields = revision["fields"]
    return {
        "id": revision["id"],
        "at": _at(revision["ts"]),
        "user": revision["user"],
        "display_name": revision.get("display_name"),
        "action": revision["action"],
        "comment": revision.get("comment"),
        "restored_from": revision.get("restored_from"),
        **{name: fields.get(name) for name in (*CONTENT, "slug", "status")},
        "published_at": _at(fields.get("published_ts")),
    }
