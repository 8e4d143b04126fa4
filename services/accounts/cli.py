"""Commands for ops: `flask --app services.accounts ensure-admin`.

First start: when no account is an active admin, create the account `admin` (role admin). Its
password is ADMIN_PASSWORD when set (refused if too weak); else one is generated and shown once
(the contract: only its hash is kept, nowhere a plaintext copy). Run it again: nothing happens."""

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


def ensure_admin(app):
    """Create `admin` if no active admin exists. Returns (created, password): the password when
    one was generated now (for the caller to show once), else None."""
    with app.app_context():
        store = get_store()
        if store.active_admin_count() > 0:
            return False, None
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
                return False, None
            raise
        content_version.bump(app, app.config["SERVICE_NAME"])
        return True, None if given else password


def init_app(app):
    @app.cli.command("ensure-admin")
    def ensure_admin_command():
        """Create the account 'admin' (role admin) when no active admin exists (idempotent)."""
        created, password = ensure_admin(app)
        if not created:
            click.echo("Đã có quản trị viên đang hoạt động; không tạo thêm tài khoản.")
            return
        click.echo("Đã tạo tài khoản quản trị: admin")
        if password is None:
            click.echo("Mật khẩu: ADMIN_PASSWORD (như đã đặt).")
            return
        click.echo(f"Mật khẩu (chỉ hiện một lần, không lưu ở đâu): {password}")
        click.echo("Hãy ghi lại rồi đổi mật khẩu sau lần đăng nhập đầu.")
