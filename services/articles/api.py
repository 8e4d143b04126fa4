"""The articles service's JSON API (under /api/v1): categories, lists, one article with its
related news, search, the sitemap's entries, and the editors' writes (admin token)."""

from flask import Blueprint, jsonify, request

from portal_common import timefmt
from portal_common.article_schemas import SEARCH_QUERY_MAX_CHARS, SITEMAP_MAX_PER_PAGE
from portal_common.auth import admin_required, check_admin_token
from portal_common.errors import ApiError
from portal_common.json_body import json_object
from portal_common.pagination import MAX_PAGE, page_args, page_body, positive_int_arg
from portal_common.store import get_store

from . import articles, text
from .validation import check_fields

bp = Blueprint("articles_api", __name__, url_prefix="/api/v1")

RELATED_PER_PAGE = 10
MAX_QUERY_WORDS = 12


@bp.get("/categories")
def list_categories():
    return jsonify(items=get_store().categories())


def _query_words():
    q = request.args.get("q", "")
    if len(q) > SEARCH_QUERY_MAX_CHARS:
        raise ApiError(400, f"'q' tối đa {SEARCH_QUERY_MAX_CHARS} ký tự.", field="q")
    words = text.unique_words(q)
    if len(words) > MAX_QUERY_WORDS:
        raise ApiError(400, f"'q' tối đa {MAX_QUERY_WORDS} từ.", field="q")
    return words


@bp.get("/articles")
def list_articles():
    page, per_page = page_args()
    words = _query_words()
    category = request.args.get("category") or None
    store = get_store()
    if category and store.category(category) is None:
        raise ApiError(404, f"Chuyên mục '{category}' không tồn tại.", field="category")
    offset, now = (page - 1) * per_page, articles.now_ts()
    if request.args.get("q", "").strip() and not words:
        docs, total = [], 0  # only punctuation: nothing can match every word of it
    elif words:
        docs, total = store.search(words, now, category, offset, per_page)
    else:
        docs, total = store.list_public(now, category, offset, per_page)
    return jsonify(page_body([articles.summary(doc) for doc in docs], page, per_page, total))


def _visible(slug):
    """The article when the caller may read it: public ones to all, drafts and scheduled ones
    only to a caller with the admin token (so an editor can check before publishing)."""
    doc = get_store().get(slug)
    if doc is None:
        raise articles.not_found()
    if not articles.is_public(doc):
        if "Authorization" not in request.headers:
            raise articles.not_found()
        try:
            check_admin_token()
        except ApiError:
            raise articles.not_found() from None
    return doc


def _related_page(doc, page, per_page):
    docs, total = get_store().related(doc, articles.now_ts(), (page - 1) * per_page, per_page)
    return page_body([articles.summary(item) for item in docs], page, per_page, total)


@bp.get("/articles/<slug>")
def get_article(slug):
    doc = _visible(slug)
    return jsonify({**articles.full(doc), "related": _related_page(doc, 1, RELATED_PER_PAGE)})


@bp.get("/articles/<slug>/related")
def get_related(slug):
    page, per_page = page_args(RELATED_PER_PAGE)
    return jsonify(_related_page(_visible(slug), page, per_page))


@bp.get("/sitemap")
def sitemap_entries():
    """Every public article's address data, newest first, in large pages for /sitemap.xml."""
    page = positive_int_arg("page", 1, MAX_PAGE)
    per_page = positive_int_arg("per_page", SITEMAP_MAX_PER_PAGE, SITEMAP_MAX_PER_PAGE)
    docs, total = get_store().index_entries(articles.now_ts(), (page - 1) * per_page, per_page)
    items = [
        {
            "slug": doc["slug"],
            "category": doc["category"],
            "published_at": timefmt.to_iso(timefmt.from_epoch(doc["published_ts"])),
            "updated_at": timefmt.to_iso(timefmt.from_epoch(doc["updated_ts"])),
        }
        for doc in docs
    ]
    return jsonify(page_body(items, page, per_page, total))


@bp.post("/articles")
@admin_required
def create_article():
    doc = articles.create(check_fields(json_object(), partial=False))
    response = jsonify(articles.full(doc))
    response.status_code = 201
    response.headers["Location"] = f"{bp.url_prefix}/articles/{doc['slug']}"
    return response


@bp.patch("/articles/<slug>")
@admin_required
def update_article(slug):
    return jsonify(articles.full(articles.update(slug, check_fields(json_object(), partial=True))))


@bp.delete("/articles/<slug>")
@admin_required
def delete_article(slug):
    if not get_store().delete(slug):
        raise articles.not_found()
    return "", 204
