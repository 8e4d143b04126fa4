"""The article editor: /quan-tri/bai-viet/ (the lists), /moi (a new article), /<slug>/sua (edit,
and the workflow's buttons), /<slug>/tra-lai (return with a comment), the autosave the editor's
script posts, and /<slug>/xem-truoc (the preview, in the public article template).

Every save goes to the articles service with the member's token and the version the page was
made on: the service cleans the body with its sanitizer (the same as the API's), checks the
member's rights and answers 412 when a colleague saved in between, which the editor shows as a
warning with a link to compare, keeping the member's text in the form."""

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for

from portal_common import timefmt
from portal_common.errors import ApiError
from portal_common.route_policy import route_policy

from .. import cache_life
from ..compose import Section
from ..news import client as news
from ..pages import layout
from ..urls import article_path
from . import article_service
from .session import current_member, desk_page

bp = Blueprint("desk_articles", __name__, url_prefix="/quan-tri/bai-viet")

WRITERS = ("contributor", "editor", "approver")
FIELDS = ("title", "category", "summary", "author", "body_html")
# The lists' tabs: view → label.
VIEWS = {
    "all": "Tất cả",
    "draft": "Bản nháp",
    "returned": "Bị trả lại",
    "pending": "Chờ duyệt",
    "scheduled": "Hẹn giờ đăng",
    "published": "Đã đăng",
}
STATUS_LABELS = {"draft": "Bản nháp", "pending": "Chờ duyệt", "published": "Đã đăng"}
ACTIONS = ("luu", "gui", "xuat-ban")
DONE = {
    "luu": "Đã lưu bài viết.",
    "gui": "Đã gửi duyệt bài viết.",
    "xuat-ban": "Đã xuất bản bài viết.",
}
PER_PAGE = 20
BAD_TIME = "Thời gian đăng không hợp lệ (ngày và giờ, ví dụ 02/12/2026 08:30)."
BAD_VERSION = "Trang soạn thảo thiếu phiên bản bài viết; hãy tải lại trang."


def status_label(article):
    """What the lists say of an article's state."""
    if article["status"] == "published":
        if timefmt.parse_iso(article["published_at"]) > timefmt.now():
            return "Hẹn giờ đăng"
        return "Đã đăng, có bản sửa chờ duyệt" if article.get("pending_revision") else "Đã đăng"
    if article["status"] == "draft" and article.get("review"):
        return "Bị trả lại"
    return STATUS_LABELS.get(article["status"], article["status"])


def category_names():
    return {category["slug"]: category["name"] for category in news.categories()}


def member_categories():
    """The categories the member may write in, for the select."""
    member = current_member()
    allowed = None if member.holds("admin") else member.categories
    return [category for category in news.categories() if allowed is None or category["slug"] in allowed]


# -- the lists ----------------------------------------------------------------------------------


@bp.get("/")
@route_policy(cache=cache_life.DESK)
@desk_page(*WRITERS)
def article_list():
    view = request.args.get("view", "all")
    if view not in VIEWS:
        view = "all"
    mine = request.args.get("cua-toi") == "1"
    page = request.args.get("page", "1")
    page = int(page) if page.isascii() and page.isdigit() and 0 < int(page) < 100_000 else 1
    owner = current_member().username if mine else None
    found = article_service.staff_list(view, owner, page, PER_PAGE)
    return render_template(
        "desk/articles/list.html",
        view=view,
        views=VIEWS,
        mine=mine,
        found=found,
        names=category_names(),
        status_label=status_label,
    )


# -- the form -----------------------------------------------------------------------------------


def _submitted(current=None):
    """The form's fields; one the form did not send keeps the article's value."""
    kept = _values_of(current) if current else {}
    return {name: request.form.get(name, kept.get(name, "")) for name in FIELDS}


def _values_of(article):
    return {name: article.get(name) or "" for name in FIELDS}


def _render(article, values, status=200, message=None, field=None, conflict=None):
    member = current_member()
    owns = article is not None and article.get("owner") == member.username
    body = render_template(
        "desk/articles/edit.html",
        article=article,
        values=values,
        categories=member_categories(),
        message=message,
        field=field,
        conflict=conflict,
        may_publish=member.holds("approver"),
        may_submit=article is None or owns or member.holds("editor"),
        status_label=status_label,
        public_path=article_path(article["slug"]) if article else None,
    )
    return body, status


def _publication_time():
    """The chosen publication time (datetime-local, Vietnam time) as ISO 8601; None: now."""
    text = request.form.get("publish_at", "").strip()
    if not text:
        return None
    try:
        return timefmt.to_iso(timefmt.parse_iso(text))
    except ValueError:
        raise ApiError(422, BAD_TIME, field="publish_at") from None


def _version():
    text = request.form.get("version", "")
    if not (text.isascii() and text.isdigit()):
        raise ApiError(400, BAD_VERSION)
    return int(text)


def _conflict_of(reply, slug):
    """The 412 of a save made on an older version: the service's message, and a link comparing
    the version the member started from with the one saved since."""
    error = reply.body.get("error", {}) if isinstance(reply.body, dict) else {}
    yours, current = error.get("your_version"), error.get("current_version")
    link = None
    if isinstance(yours, int) and isinstance(current, int):
        link = url_for("desk_revisions.compare", slug=slug, a=yours, b=current)
    return {"message": error.get("message", ""), "link": link, "current_version": current}


def _publish_message(article):
    when = timefmt.parse_iso(article["published_at"])
    if when > timefmt.now():
        return f"Đã hẹn giờ đăng bài lúc {when:%H:%M ngày %d/%m/%Y}."
    return DONE["xuat-ban"]


@bp.get("/moi")
@route_policy(cache=cache_life.DESK)
@desk_page(*WRITERS)
def new_article():
    return _render(None, {name: "" for name in FIELDS})


@bp.post("/moi")
@desk_page(*WRITERS)
def create_article():
    action = request.form.get("action", "luu")
    values = _submitted()
    if action not in ACTIONS:
        action = "luu"
    try:
        published_at = _publication_time() if action == "xuat-ban" else None
    except ApiError as error:
        return _render(None, values, 422, error.message, error.field)
    fields = {name: value for name, value in values.items() if value or name in ("title", "category", "body_html")}
    fields["status"] = "pending" if action == "gui" else "draft"
    reply = article_service.create(fields)
    if not reply.ok:
        error = reply.error()
        return _render(None, values, reply.status, error.message, error.field)
    article = reply.body
    if action == "xuat-ban":
        stepped = article_service.step(article["slug"], article["version"], "approve", _approval(published_at))
        if not stepped.ok:
            flash(f"Đã lưu bản nháp nhưng chưa xuất bản được: {stepped.error().message}", "error")
            return redirect(url_for(".edit_article", slug=article["slug"]))
        flash(_publish_message(stepped.body), "success")
    else:
        flash(DONE[action], "success")
    return redirect(url_for(".edit_article", slug=article["slug"]))


def _approval(published_at):
    return {"published_at": published_at} if published_at else {}


@bp.get("/<slug>/sua")
@route_policy(cache=cache_life.DESK)
@desk_page(*WRITERS)
def edit_article(slug):
    article = article_service.working_copy(slug)
    return _render(article, _values_of(article))


@bp.post("/<slug>/sua")
@desk_page(*WRITERS)
def save_article(slug):
    action = request.form.get("action", "luu")
    if action not in ACTIONS:
        action = "luu"
    current = article_service.working_copy(slug)
    values = _submitted(current)
    try:
        version = _version()
        published_at = _publication_time() if action == "xuat-ban" else None
    except ApiError as error:
        return _render(current, values, error.status, error.message, error.field)
    changes = {name: value for name, value in values.items() if value != (current.get(name) or "")}
    if changes:
        reply = article_service.update(slug, version, changes)
        if reply.status == 412:
            conflict = _conflict_of(reply, slug)
            return _render(current, values, 409, conflict=conflict)
        if not reply.ok:
            error = reply.error()
            return _render(current, values, reply.status, error.message, error.field)
        current, version = reply.body, reply.body["version"]
    if action == "luu":
        pending = current.get("pending_revision") and current["status"] == "published"
        flash("Đã lưu bản sửa; bản sửa chờ lãnh đạo duyệt." if pending else DONE["luu"], "success")
        return redirect(url_for(".edit_article", slug=current["slug"]))
    name = "submit" if action == "gui" else "approve"
    body = _approval(published_at) if action == "xuat-ban" else None
    stepped = article_service.step(current["slug"], version, name, body)
    if stepped.status == 412:
        return _render(current, values, 409, conflict=_conflict_of(stepped, slug))
    if not stepped.ok:
        return _render(current, _values_of(current), stepped.status, stepped.error().message)
    flash(_publish_message(stepped.body) if action == "xuat-ban" else DONE[action], "success")
    return redirect(url_for(".edit_article", slug=current["slug"]))


@bp.post("/<slug>/tra-lai")
@desk_page("approver")
def return_article(slug):
    current = article_service.working_copy(slug)
    try:
        version = _version()
    except ApiError as error:
        return _render(current, _values_of(current), error.status, error.message)
    comment = request.form.get("comment", "")
    stepped = article_service.step(slug, version, "reject", {"comment": comment})
    if stepped.status == 412:
        return _render(current, _values_of(current), 409, conflict=_conflict_of(stepped, slug))
    if not stepped.ok:
        error = stepped.error()
        return _render(current, _values_of(current), stepped.status, error.message, error.field or "comment")
    flash("Đã trả lại bài viết cho người viết, kèm lời nhắn.", "success")
    return redirect(url_for("desk_dashboard.dashboard"))


@bp.post("/<slug>/go-bai")
@desk_page("approver")
def unpublish_article(slug):
    """A published or scheduled article back to a draft (its pending edit, if any, becomes the
    draft's content: nothing is lost)."""
    current = article_service.working_copy(slug)
    try:
        version = _version()
    except ApiError as error:
        return _render(current, _values_of(current), error.status, error.message)
    stepped = article_service.step(slug, version, "unpublish")
    if stepped.status == 412:
        return _render(current, _values_of(current), 409, conflict=_conflict_of(stepped, slug))
    if not stepped.ok:
        return _render(current, _values_of(current), stepped.status, stepped.error().message)
    flash("Đã gỡ bài viết xuống; bài trở thành bản nháp.", "success")
    return redirect(url_for(".edit_article", slug=slug))


# -- autosave (the editor's script) -------------------------------------------------------------


def _json_fields():
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiError(400, "Dữ liệu tự động lưu phải là một đối tượng JSON.")
    fields = {name: body[name] for name in FIELDS if isinstance(body.get(name), str)}
    return body, fields


def _autosaved(article):
    return jsonify(
        slug=article["slug"],
        version=article["version"],
        saved_at=timefmt.now().strftime("%H:%M:%S"),
        public_path=article_path(article["slug"]),
        edit_url=url_for(".edit_article", slug=article["slug"]),
        autosave_url=url_for(".autosave_article", slug=article["slug"]),
    )


def _refused(reply):
    error = reply.error()
    response = jsonify(error={"code": error.code, "message": error.message, "field": error.field})
    response.status_code = reply.status
    return response


@bp.post("/moi/tu-dong-luu")
@desk_page(*WRITERS)
def autosave_new():
    """The first autosave of a new article creates it as a draft."""
    _, fields = _json_fields()
    fields = {name: value for name, value in fields.items() if value or name in ("title", "category", "body_html")}
    reply = article_service.create({**fields, "status": "draft"})
    return _autosaved(reply.body) if reply.ok else _refused(reply)


@bp.post("/<slug>/tu-dong-luu")
@desk_page(*WRITERS)
def autosave_article(slug):
    body, fields = _json_fields()
    version = str(body.get("version", ""))
    if not (version.isascii() and version.isdigit()):
        raise ApiError(400, BAD_VERSION)
    current = article_service.working_copy(slug)
    changes = {name: value for name, value in fields.items() if value != (current.get(name) or "")}
    if not changes:
        return _autosaved(current) if current["version"] == int(version) else _autosave_conflict(slug, version, current)
    reply = article_service.update(slug, int(version), changes, autosave=True)
    if reply.status == 412:
        return _autosave_conflict(slug, version, current)
    return _autosaved(reply.body) if reply.ok else _refused(reply)


def _autosave_conflict(slug, version, current):
    link = url_for("desk_revisions.compare", slug=slug, a=version, b=current["version"])
    response = jsonify(
        error={
            "code": "precondition_failed",
            "message": "Bài viết vừa được người khác lưu; chưa tự động lưu bản của bạn. Hãy so sánh các phiên bản.",
            "compare_url": link,
        }
    )
    response.status_code = 409
    return response


# -- the preview --------------------------------------------------------------------------------


@bp.get("/<slug>/xem-truoc")
@route_policy(cache=cache_life.DESK)
@desk_page(*WRITERS)
def preview(slug):
    """The article exactly as readers will see it: the public article template, the site's
    layout, its related news; only the address is the desk's."""
    article = article_service.working_copy(slug)
    sections = layout.sections_with_layout({})
    sections["related"] = Section(value=article.get("related") or {"items": [], "pages": 0})
    names = {item["slug"]: item["name"] for item in sections["categories"].value} if sections["categories"].ok else {}
    return render_template(
        "news/article.html",
        s=sections,
        article=article,
        category={"slug": article["category"], "name": names.get(article["category"], "Tin tức")},
        pager_links=[],
        related_page=1,
        related_pages=(article.get("related") or {}).get("pages"),
    )
