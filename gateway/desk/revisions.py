"""An article's revisions: the list (/quan-tri/bai-viet/<slug>/phien-ban), the difference of two
(…/so-sanh?a=&b=, lxml's htmldiff: words taken out struck through, words put in underlined) and
restoring one (a new revision with its content; the service's rules and If-Match apply)."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from lxml.html.diff import htmldiff
from markupsafe import Markup, escape

from portal_common.errors import ApiError
from portal_common.route_policy import route_policy

from .. import cache_life
from . import article_service
from .articles import WRITERS, category_names
from .session import desk_page

bp = Blueprint("desk_revisions", __name__, url_prefix="/quan-tri/bai-viet")

PER_PAGE = 30
ACTIONS = {
    "create": "Tạo bài",
    "update": "Lưu",
    "autosave": "Tự động lưu",
    "propose": "Đề xuất sửa bài đã đăng",
    "submit": "Gửi duyệt",
    "publish": "Xuất bản",
    "reject": "Trả lại",
    "unpublish": "Gỡ bài",
    "restore": "Khôi phục",
    "baseline": "Bản gốc",
}
# The fields compared, in the order shown.
COMPARED = (("title", "Tiêu đề"), ("category", "Chuyên mục"), ("summary", "Tóm tắt"), ("author", "Tác giả / chữ ký"))
BAD_NUMBER = "Số phiên bản không hợp lệ."


def _number(name):
    text = request.args.get(name, "")
    if not (text.isascii() and text.isdigit()) or len(text) > 12:
        raise ApiError(400, BAD_NUMBER)
    return int(text)


def text_diff(before, after):
    """Plain text (escaped first) compared word by word."""
    return Markup(htmldiff(str(escape(before or "")), str(escape(after or ""))))


def body_diff(before, after):
    """Bodies (sanitized by the articles service when saved) compared by htmldiff, their markup
    kept; the answer is the article's own HTML with <ins> and <del> added."""
    return Markup(htmldiff(before or "", after or ""))


@bp.get("/<slug>/phien-ban")
@route_policy(cache=cache_life.DESK)
@desk_page(*WRITERS)
def revision_list(slug):
    page = request.args.get("page", "1")
    page = int(page) if page.isascii() and page.isdigit() and 0 < int(page) < 100_000 else 1
    article = article_service.article(slug)
    found = article_service.revisions(slug, page, PER_PAGE)
    return render_template("desk/revisions/list.html", article=article, found=found)


@bp.get("/<slug>/phien-ban/so-sanh")
@route_policy(cache=cache_life.DESK)
@desk_page(*WRITERS)
def compare(slug):
    older_id, newer_id = sorted((_number("a"), _number("b")))
    article = article_service.article(slug)
    older, newer = article_service.revision(slug, older_id), article_service.revision(slug, newer_id)
    names = category_names()
    older["category"] = names.get(older["category"], older["category"])
    newer["category"] = names.get(newer["category"], newer["category"])
    fields = [
        (label, text_diff(older.get(name), newer.get(name)), older.get(name) != newer.get(name))
        for name, label in COMPARED
    ]
    return render_template(
        "desk/revisions/compare.html",
        article=article,
        older=older,
        newer=newer,
        fields=fields,
        body=body_diff(older.get("body_html"), newer.get("body_html")),
        actions=ACTIONS,
    )


@bp.post("/<slug>/phien-ban/<int:revision_id>/khoi-phuc")
@desk_page(*WRITERS)
def restore(slug, revision_id):
    version = request.form.get("version", "")
    if not (version.isascii() and version.isdigit()):
        raise ApiError(400, "Trang thiếu phiên bản bài viết; hãy tải lại trang.")
    reply = article_service.restore(slug, revision_id, int(version))
    if reply.status == 412:
        flash("Bài viết vừa được người khác lưu; hãy xem lại lịch sử rồi khôi phục lại.", "error")
        return redirect(url_for(".revision_list", slug=slug))
    if not reply.ok:
        raise reply.error()
    flash(f"Đã khôi phục nội dung của phiên bản {revision_id} thành một phiên bản mới.", "success")
    return redirect(url_for("desk_articles.edit_article", slug=reply.body["slug"]))
