"""Commands for ops: `flask --app services.accounts ensure-admin`.

First start: when no account is an active admin, create the account `admin` (role admin). Its
password is ADMIN_PASSWORD when set (refused if too weak); else one is generated, printed once and
written to DATA_DIR/admin-password (mode 600), as tools/run_portal.py keeps the admin token. That
file is removed when the password is changed. Run it again: nothing happens."""

import os
import secrets

import click

from portal_common import content_version
from portal_common.errors import ApiError
from portal_common.store import get_store

from . import accounts


def generated_password(checker):
    while True:
        password = secrets.token_urlsafe(18)  # 24 characters, 144 bits
        if checker.problem(password, accounts.ADMIN_USERNAME) is None:
            return password


def _keep(path, password):
    """Write `password` to `path`, readable by its owner only, all at once."""
    partial = path + ".partial"
    try:
        os.remove(partial)
    except FileNotFoundError:
        pass
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as kept:
        kept.write(password + "\n")
    os.replace(partial, path)


def ensure_admin(app):
    """Create `admin` if no active admin exists. Returns (created, password, path): the generated
    password and the file it was written to when one was generated, else None for both."""
    with app.app_context():
        store = get_store()
        if store.active_admin_count() > 0:
            return False, None, None
        if store.get_user(accounts.ADMIN_USERNAME) is not None:
            raise click.ClickException(
                "Không có quản trị viên nào đang hoạt động, nhưng đã có tài khoản 'admin' (bị khóa hoặc không có "
                "vai trò quản trị). Dùng mã máy để sửa: PATCH /api/v1/users/admin "
                '{"roles": ["admin"], "disabled": false}.'
            )
        checker = accounts.passwords()
        given = app.config.get("ADMIN_PASSWORD")
        if given:
            problem = checker.problem(given, accounts.ADMIN_USERNAME)
            if problem:
                raise click.ClickException(f"ADMIN_PASSWORD không dùng được: {problem}")
        password = given or generated_password(checker)
        fields = {
            "username": accounts.ADMIN_USERNAME,
            "password": password,
            "display_name": "Quản trị",
            "roles": ["admin"],
            "categories": None,
        }
        try:
            accounts.create(fields, actor=None, via="ensure-admin")
        except ApiError as error:
            if error.status == 409:  # another process made it a moment ago: nothing left to do
                return False, None, None
            raise
        content_version.bump(app, app.config["SERVICE_NAME"])
        if given:
            return True, None, None
        path = os.path.join(app.config["DATA_DIR"], accounts.ADMIN_PASSWORD_FILE)
        _keep(path, password)
        return True, password, path


def init_app(app):
    @app.cli.command("ensure-admin")
    def ensure_admin_command():
        """Create the account 'admin' (role admin) when no active admin exists (idempotent)."""
        created, password, path = ensure_admin(app)
        if not created:
            click.echo("Đã có quản trị viên đang hoạt động; không tạo thêm tài khoản.")
            return
        click.echo("Đã tạo tài khoản quản trị: admin")
        if password is None:
            click.echo("Mật khẩu: ADMIN_PASSWORD (như đã đặt).")
            return
        click.echo(f"Mật khẩu (chỉ hiện một lần): {password}")
        click.echo(f"Đã lưu vào {path} (chỉ chủ sở hữu đọc được; tự xóa khi đổi mật khẩu).")
