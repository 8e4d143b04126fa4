"""First start: `flask --app services.accounts ensure-admin`, idempotent; and the service's
refusal to start without a signing key."""

import os
import subprocess
import sys

import pytest

from services.accounts import create_app
from tools.processes import ROOT

from .conftest import CHEAP_ARGON2, MACHINE, SIGNING_KEY, accounts_config, audit, make_user, sign_in


def password_file(app):
    return os.path.join(app.config["DATA_DIR"], "admin-password")


def kept_files(app):
    """Every file under DATA_DIR, with its bytes."""
    found = {}
    for folder, _dirs, names in os.walk(app.config["DATA_DIR"]):
        for name in names:
            with open(os.path.join(folder, name), "rb") as kept:
                found[os.path.join(folder, name)] = kept.read()
    return found


def test_ensure_admin_generates_and_shows_a_password_once_and_keeps_only_its_hash(app, runner, client):
    first = runner.invoke(args=["ensure-admin"])
    assert first.exit_code == 0, first.output
    password = first.output.split("Mật khẩu (chỉ hiện một lần, không lưu ở đâu): ")[1].split()[0]
    assert len(password) >= 20
    # The contract: only its hash is kept — no file and no database page holds the plaintext.
    assert not os.path.exists(password_file(app))
    assert not [path for path, content in kept_files(app).items() if password.encode() in content]
    answer = sign_in(client, "admin", password).get_json()
    assert answer["user"] == {"username": "admin", "display_name": "Quản trị", "roles": ["admin"]}
    again = runner.invoke(args=["ensure-admin"])
    assert again.exit_code == 0 and "không tạo thêm" in again.output and password not in again.output
    assert client.get("/api/v1/users", headers=MACHINE).get_json()["total"] == 1
    (created,) = audit(client, action="user.create")
    assert (created["target"], created["user"], created["detail"]["via"]) == ("admin", None, "ensure-admin")


def test_ensure_admin_takes_admin_password(embedded_config):
    app = create_app(accounts_config(embedded_config, ADMIN_PASSWORD="Quan-tri-Cong-2026"))
    result = app.test_cli_runner().invoke(args=["ensure-admin"])
    assert result.exit_code == 0 and "Quan-tri-Cong-2026" not in result.output
    assert not os.path.exists(password_file(app))
    assert sign_in(app.test_client(), "admin", "Quan-tri-Cong-2026").status_code == 200


def test_a_weak_admin_password_is_refused(embedded_config):
    app = create_app(accounts_config(embedded_config, ADMIN_PASSWORD="admin12345"))
    result = app.test_cli_runner().invoke(args=["ensure-admin"])
    assert result.exit_code != 0 and "ADMIN_PASSWORD" in result.output
    assert app.test_client().get("/api/v1/users", headers=MACHINE).get_json()["total"] == 0


def test_nothing_is_made_while_an_active_admin_exists(client, runner):
    make_user(client, "giam.doc", roles=["admin"])
    result = runner.invoke(args=["ensure-admin"])
    assert result.exit_code == 0 and "không tạo thêm" in result.output
    assert client.get("/api/v1/users/admin", headers=MACHINE).status_code == 404


def test_an_admin_account_that_is_no_admin_is_not_taken_over(client, runner):
    make_user(client, "admin", roles=["editor"])
    result = runner.invoke(args=["ensure-admin"])
    assert result.exit_code != 0 and "PATCH /api/v1/users/admin" in result.output


def test_the_flask_command_itself(tmp_path):
    env = {
        **os.environ,
        "DATA_DIR": str(tmp_path),
        "AUTH_SIGNING_KEY": SIGNING_KEY,
        "ADMIN_TOKEN": "x" * 24,
        "PYTHONPATH": ROOT,
        **{name: str(value) for name, value in CHEAP_ARGON2.items()},
    }
    env.pop("MONGO_URL", None)
    command = [sys.executable, "-m", "flask", "--app", "services.accounts", "ensure-admin"]
    first = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert first.returncode == 0, first.stderr
    assert "Đã tạo tài khoản quản trị: admin" in first.stdout and not (tmp_path / "admin-password").exists()
    second = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert second.returncode == 0 and "không tạo thêm" in second.stdout


@pytest.mark.parametrize("key", [None, "", "short-key"])
def test_the_service_refuses_to_start_without_a_usable_signing_key(embedded_config, key):
    config = {**embedded_config, "TESTING": False, "AUTH_SIGNING_KEY": key, **CHEAP_ARGON2}
    with pytest.raises(RuntimeError, match="AUTH_SIGNING_KEY"):
        create_app(config)


def test_under_testing_a_key_is_made_up(embedded_config):
    app = create_app({**embedded_config, **CHEAP_ARGON2})
    assert len(app.config["AUTH_SIGNING_KEY"]) >= 32
    with pytest.raises(RuntimeError, match="ACCESS_TOKEN_HOURS"):
        create_app({**embedded_config, **CHEAP_ARGON2, "ACCESS_TOKEN_HOURS": 0})
