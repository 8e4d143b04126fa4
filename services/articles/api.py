"""The articles service's JSON API (under /api/v1): categories, lists, one article with its
related news, search, the sitemap's entries, and the staff's writes: create, edit, delete, the
workflow (submit, approve, reject, unpublish) and revisions (list, one, restore).

Every write needs the machine token or a staff token of the contributor, editor or approver role
(portal_common.auth.staff_required); which of them may do what to which article is workflow.py's.
Every answer that is an article carries its version as ETag; a save names the version it was
made on in If-Match (required of staff on PATCH and restore), see editing.py."""

import functools

from flask import Blueprint, g, jsonify, request

from portal_common import timefmt
from portal_common.article_schemas import SEARCH_QUERY_MAX_CHARS, SITEMAP_MAX_PER_PAGE
from portal_common.auth import account_still_enabled, caller_holds, current_staff, has_role, staff_required
from portal_common.errors import ApiError
from portal_common.json_body import json_object
from portal_common.pagination import MAX_PAGE, page_args, page_body, positive_int_arg
from portal_common.store import get_store

from . import articles, editing, text, workflow
from .store import STAFF_VIEWS
from .validation import check_approval, check_comment, check_empty, check_fields

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


# Far past any article's history; larger numbers would overflow the stores' 64-bit integers.
MAX_REVISION_ID = 10**12
writer_required = staff_required(*workflow.WRITERS)


def _visible(slug):
    """The article when the caller may read it: public ones to all; drafts, pending and scheduled
    ones to their owner, editors, approvers, admins and the machine token (a contributor sees only
    its own), and only while the caller's account is still enabled."""
    doc = get_store().get(slug)
    if doc is None:
        raise articles.not_found()
    if not articles.is_public(doc):
        if not caller_holds(*workflow.WRITERS) or not workflow.may_see_unpublished(g.staff, doc):
            raise articles.not_found()
        # Unpublished content is for staff whose account is still enabled.
        if not account_still_enabled():
            raise articles.not_found()
    return doc


def _answer(doc, status=200):
    response = jsonify(articles.full(doc, staff=True))
    response.status_code = status
    response.set_etag(str(doc["version"]))
    return response


def _if_match():
    return request.headers.get("If-Match")


def _optional_body():
    """The JSON object of a step that may come without a body (approve, submit, unpublish)."""
    if not request.get_data(cache=True).strip():
        return {}
    return json_object()


def history_reader(view):
    """Revisions: a signed-in writer (401 without a valid token, 403 for other roles), whose
    account is still enabled; which article's history they may read is checked on the article."""

    @functools.wraps(view)
    def guarded(*args, **kwargs):
        staff = current_staff()
        if not has_role(staff, *workflow.WRITERS):
            raise ApiError(403, "Tài khoản của bạn không có quyền xem lịch sử bài viết.")
        return view(*args, **kwargs)

    return guarded


def _history_of(slug):
    doc = get_store().get(slug)
    if doc is None:
        raise articles.not_found()
    if not workflow.may_see_unpublished(g.staff, doc):
        if not articles.is_public(doc):
            raise articles.not_found()
        raise ApiError(403, "Cộng tác viên chỉ được xem lịch sử bài viết của chính mình.")
    return doc


def _revision_number(revision_id):
    if revision_id > MAX_REVISION_ID:
        raise ApiError(404, f"Bài viết không có phiên bản {revision_id}.")
    return revision_id


def _related_page(doc, page, per_page):
    docs, total = get_store().related(doc, articles.now_ts(), (page - 1) * per_page, per_page)
    return page_body([articles.summary(item) for item in docs], page, per_page, total)


@bp.get("/articles/<slug>")
def get_article(slug):
    doc = _visible(slug)
    # Staff also see who owns it, the last return and the edit awaiting approval.
    body = {**articles.full(doc, staff=caller_holds()), "related": _related_page(doc, 1, RELATED_PER_PAGE)}
    response = jsonify(body)
    response.set_etag(str(doc["version"]))
    return response


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
@writer_required
def create_article():
    doc = editing.create(check_fields(json_object(), partial=False), g.staff)
    response = _answer(doc, 201)
    response.headers["Location"] = f"{bp.url_prefix}/articles/{doc['slug']}"
    return response


@bp.patch("/articles/<slug>")
@writer_required
def update_article(slug):
    fields = check_fields(json_object(), partial=True)
    if _flag("autosave"):  # the desk's periodic save of a draft (editing.autosave)
        return _answer(editing.autosave(slug, fields, g.staff, _if_match()))
    return _answer(editing.edit(slug, fields, g.staff, _if_match()))


def _flag(name):
    value = request.args.get(name, "0")
    if value not in ("0", "1"):
        raise ApiError(400, f"'{name}' phải là 0 hoặc 1.", field=name)
    return value == "1"


def _staff_item(doc):
    """An article in the desk's lists: what the staff's answer says of it, without its body."""
    return {name: value for name, value in articles.full(doc, staff=True).items() if name != "body_html"}


@bp.get("/staff/articles")
@history_reader
def staff_articles():
    """The desk's lists (?view= one of STAFF_VIEWS, ?owner=): a contributor sees only its own
    articles; editors and approvers anyone's. Newest change first (scheduled: soonest first;
    published: newest publication first)."""
    view = request.args.get("view", "all")
    if view not in STAFF_VIEWS:
        raise ApiError(400, f"'view' phải là một trong: {', '.join(STAFF_VIEWS)}.", field="view")
    owner = request.args.get("owner") or None
    staff = g.staff
    if not (workflow.is_editor(staff) or workflow.may_publish(staff)):
        owner = workflow.user_of(staff)  # a contributor's lists are its own
    page, per_page = page_args()
    docs, total = get_store().staff_list(view, articles.now_ts(), owner, (page - 1) * per_page, per_page)
    response = jsonify(page_body([_staff_item(doc) for doc in docs], page, per_page, total))
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.delete("/articles/<slug>")
@writer_required
def delete_article(slug):
    editing.delete(slug, g.staff, _if_match())
    return "", 204


@bp.post("/articles/<slug>/submit")
@writer_required
def submit_article(slug):
    check_empty(_optional_body())
    return _answer(editing.submit(slug, g.staff, _if_match()))


@bp.post("/articles/<slug>/approve")
@staff_required("approver")
def approve_article(slug):
    published_at = check_approval(_optional_body())
    return _answer(editing.approve(slug, g.staff, published_at, _if_match()))


@bp.post("/articles/<slug>/reject")
@staff_required("approver")
def reject_article(slug):
    comment = check_comment(json_object())
    return _answer(editing.reject(slug, g.staff, comment, _if_match()))


@bp.post("/articles/<slug>/unpublish")
@staff_required("approver")
def unpublish_article(slug):
    check_empty(_optional_body())
    return _answer(editing.unpublish(slug, g.staff, _if_match()))


@bp.get("/articles/<slug>/revisions")
@history_reader
def list_revisions(slug):
    _history_of(slug)
    page, per_page = page_args()
    found = get_store().revisions(slug, (page - 1) * per_page, per_page)
    if found is None:
        raise articles.not_found()
    items, total = found
    response = jsonify(page_body([articles.revision_item(item) for item in items], page, per_page, total))
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/articles/<slug>/revisions/<int:revision_id>")
@history_reader
def get_revision(slug, revision_id):
    _history_of(slug)
    revision = get_store().revision(slug, _revision_number(revision_id))
    if revision is None:
        raise ApiError(404, f"Bài viết không có phiên bản {revision_id}.")
    response = jsonify(articles.revision_full(revision))
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.post("/articles/<slug>/revisions/<int:revision_id>/restore")
@writer_required
def restore_revision(slug, revision_id):
    check_empty(_optional_body())
    return _answer(editing.restore(slug, _revision_number(revision_id), g.staff, _if_match()))
