"""Staff accounts, for admins: /quan-tri/tai-khoan/ (the list), /moi (create), /<username>/sua
(name, roles, categories), /<username>/khoa (disable or enable), /<username>/mat-khau (reset the
password). Every change goes to the accounts service with the admin's own token: it checks the
rules (password strength, the last active admin) and records who did it in the audit log."""

from flask import Blueprint, flash, redirect, render_template, request, url_for

from portal_common.errors import ApiError
from portal_common.route_policy import route_policy
from portal_common.staff_tokens import ROLES

from .. import cache_life
from ..news import client as news
from . import accounts_service
from .session import current_member, desk_page

bp = Blueprint("desk_accounts", __name__, url_prefix="/quan-tri/tai-khoan")

PER_PAGE = 50


def _page():
    text = request.args.get("page", "1")
    return int(text) if text.isascii() and text.isdigit() and 0 < int(text) < 100_000 else 1


def _chosen_roles():
    return [role for role in ROLES if role in request.form.getlist("roles")]


# The form had no categories to choose from (the articles service did not answer): keep them.
KEEP = object()


def _chosen_categories():
    """None (every category) unless the admin limits the account to some; KEEP when the form
    could not show them."""
    if request.form.get("categories_shown") != "1":
        return KEEP
    if request.form.get("limit_categories") != "1":
        return None
    return request.form.getlist("categories")


def _categories():
    """The article categories an account may be limited to; None when the articles service cannot
    say (the form still works: the account is then not limited)."""
    try:
        return news.categories()
    except ApiError:
        return None


def _form(template, status=200, **context):
    body = render_template(template, roles=ROLES, categories=_categories(), **context)
    return body, status


@bp.get("/")
@route_policy(cache=cache_life.DESK)
@desk_page("admin")
def account_list():
    found = accounts_service.users(_page(), PER_PAGE)
    return render_template("desk/accounts/list.html", found=found, roles=ROLES)


@bp.get("/moi")
@route_policy(cache=cache_life.DESK)
@desk_page("admin")
def new_account():
    return _form("desk/accounts/new.html", values={"roles": [], "categories": None})


@bp.post("/moi")
@desk_page("admin")
def create_account():
    values = {
        "username": request.form.get("username", "").strip(),
        "display_name": request.form.get("display_name", "").strip(),
        "roles": _chosen_roles(),
        "categories": _chosen_categories(),
    }
    if values["categories"] is KEEP:
        values["categories"] = None
    body = {**values, "password": request.form.get("password", "")}
    reply = accounts_service.create(body)
    if not reply.ok:
        error = reply.error()
        return _form("desk/accounts/new.html", reply.status, values=values, message=error.message, field=error.field)
    flash(f"Đã tạo tài khoản {reply.body['username']}.", "success")
    return redirect(url_for(".account_list"))


@bp.get("/<username>/sua")
@route_policy(cache=cache_life.DESK)
@desk_page("admin")
def edit_account(username):
    account = accounts_service.user(username)
    return _form("desk/accounts/edit.html", account=account, values=account)


@bp.post("/<username>/sua")
@desk_page("admin")
def save_account(username):
    account = accounts_service.user(username)
    changes = {
        "display_name": request.form.get("display_name", "").strip(),
        "roles": _chosen_roles(),
        "categories": _chosen_categories(),
    }
    changes = {name: value for name, value in changes.items() if value is not KEEP and value != account.get(name)}
    if not changes:
        flash("Không có thay đổi nào.", "info")
        return redirect(url_for(".edit_account", username=username))
    reply = accounts_service.update(username, changes)
    if not reply.ok:
        error = reply.error()
        values = {**account, **changes}
        return _form(
            "desk/accounts/edit.html",
            reply.status,
            account=account,
            values=values,
            message=error.message,
            field=error.field,
        )
    flash(f"Đã lưu tài khoản {username}.", "success")
    return redirect(url_for(".edit_account", username=username))


@bp.post("/<username>/khoa")
@desk_page("admin")
def toggle_disabled(username):
    disable = request.form.get("disabled") == "1"
    reply = accounts_service.update(username, {"disabled": disable})
    if not reply.ok:
        flash(reply.error().message, "error")
    elif disable:
        flash(f"Đã khóa tài khoản {username}: các phiên đăng nhập của tài khoản này kết thúc ngay.", "success")
    else:
        flash(f"Đã mở khóa tài khoản {username}.", "success")
    return redirect(url_for(".edit_account", username=username))


@bp.post("/<username>/mat-khau")
@desk_page("admin")
def reset_password(username):
    account = accounts_service.user(username)
    reply = accounts_service.update(username, {"password": request.form.get("password", "")})
    if not reply.ok:
        error = reply.error()
        return _form(
            "desk/accounts/edit.html",
            reply.status,
            account=account,
            values=account,
            password_message=error.message,
        )
    own = username == current_member().username
    flash(
        "Đã đặt mật khẩu mới; hãy đăng nhập lại."
        if own
        else f"Đã đặt mật khẩu mới cho {username}; hãy báo cho người dùng.",
        "success",
    )
    return redirect(url_for(".edit_account", username=username))
