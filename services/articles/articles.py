"""What the service does with articles, between the HTTP routes and the store: making slugs,
cleaning bodies, the folded search words, visibility (drafts and scheduled articles are not
public) and the JSON representations."""

import time

from portal_common import timefmt
from portal_common.errors import ApiError
from portal_common.store import get_store

from . import text
from .sanitize import clean_html
from .store.errors import SlugTaken


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


def _known_category(store, slug):
    if store.category(slug) is None:
        raise ApiError(422, f"Chuyên mục '{slug}' không tồn tại.", field="category")


def _summary_for(fields):
    return fields.get("summary") or text.excerpt(text.html_to_text(fields["body_html"]))


def create(fields):
    """`fields` checked by validation.check_fields. Returns the stored document."""
    store = get_store()
    _known_category(store, fields["category"])
    body_html = clean_html(fields["body_html"])
    if not text.html_to_text(body_html) and "<img" not in body_html:
        raise ApiError(422, "Nội dung bài viết trống sau khi làm sạch HTML.", field="body_html")
    now = now_ts()
    published = fields.get("published_at")
    doc = {
        "slug": fields.get("slug"),
        "title": fields["title"],
        "category": fields["category"],
        "summary": "",
        "body_html": body_html,
        "author": fields.get("author", ""),
        "status": fields.get("status", "published"),
        "published_ts": int(timefmt.to_epoch(published)) if published else now,
        "created_ts": now,
        "updated_ts": now,
        "cover": fields.get("cover") or None,
    }
    doc["summary"] = _summary_for({**fields, "body_html": body_html})
    words = search_words(doc)
    if doc["slug"]:
        try:
            return store.insert(doc, words)
        except SlugTaken:
            raise ApiError(409, f"Đường dẫn '{doc['slug']}' đã có bài viết khác dùng.", field="slug") from None
    base = text.slugify(doc["title"])
    # Two editors saving the same title at once: the unique index decides, the loser takes the next suffix.
    for _ in range(50):
        candidate = _free_slug(store, base)
        try:
            return store.insert({**doc, "slug": candidate}, words)
        except SlugTaken:
            continue
    raise ApiError(409, "Không tạo được đường dẫn duy nhất cho bài viết.", field="slug")


def _free_slug(store, base):
    candidate, number = base, 1
    while store.slug_taken(candidate):
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def update(slug, fields):
    store = get_store()
    current = store.get(slug)
    if current is None:
        raise not_found()
    if "category" in fields:
        _known_category(store, fields["category"])
    changes = {name: value for name, value in fields.items() if name != "published_at"}
    if "published_at" in fields:
        changes["published_ts"] = int(timefmt.to_epoch(fields["published_at"]))
    if "body_html" in changes:
        changes["body_html"] = clean_html(changes["body_html"])
        if not text.html_to_text(changes["body_html"]) and "<img" not in changes["body_html"]:
            raise ApiError(422, "Nội dung bài viết trống sau khi làm sạch HTML.", field="body_html")
    if "cover" in changes:
        changes["cover"] = changes["cover"] or None
    if changes.get("slug") == slug:
        del changes["slug"]
    merged = {**current, **changes}
    if "summary" in fields and not fields["summary"]:
        changes["summary"] = merged["summary"] = _summary_for(merged)
    search = search_words(merged) if {"title", "summary", "body_html"} & changes.keys() else None
    changes["updated_ts"] = now_ts()
    try:
        updated = store.update(slug, changes, search)
    except SlugTaken:
        raise ApiError(409, f"Đường dẫn '{changes['slug']}' đã có bài viết khác dùng.", field="slug") from None
    if updated is None:
        raise not_found()
    return updated


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


def full(doc):
    return {
        **summary(doc),
        "author": doc["author"],
        "body_html": doc["body_html"],
        "status": doc["status"],
        "created_at": timefmt.to_iso(timefmt.from_epoch(doc["created_ts"])),
        "updated_at": timefmt.to_iso(timefmt.from_epoch(doc["updated_ts"])),
    }
