"""`make run`: the whole portal on the embedded default (SQLite and files under DATA_DIR), with
the demo content loaded once and the first staff account (`admin`) made once, until Ctrl-C.
`EDGE=1 make run` also starts the edge (nginx, see deploy/edge/) on 127.0.0.1:EDGE_PORT (8080) in
front of the gateway.

Its secrets (the machine token, the key staff tokens are signed with) are kept in files under
DATA_DIR readable by their owner only, and never printed: what it prints may end in a log file. It
says where each is kept and how to read it. A generated password of the first account is the
contract's exception: shown once and kept nowhere but as its hash — on the controlling terminal,
which a redirected output does not capture (show_once)."""

import os
import secrets
import signal
import socket
import sys
import time

import click

from portal_common.config import env_bool, env_int, env_str

from .processes import (
    BEHIND_EDGE_ENV,
    DEFAULT_PORTS,
    EDGE,
    EDGE_DEFAULT_PORT,
    NGINX_MISSING,
    ROOT,
    auth_signing_key,
    find_nginx,
    kept_secret,
    start_portal,
)

ADMIN_TOKEN_FILE = "admin-token"
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class StopBeforeStart(BaseException):
    """Ctrl-C, kill or a closed terminal before any process was started: nothing to stop. A
    BaseException, as KeyboardInterrupt is: the demo content's loading catches Exception in
    places, and a signal that lands there must not be taken for a failed row."""


class StopSignals:
    """Ctrl-C, kill and a closed terminal, honoured from the first moment. Set explicitly: a
    runner started in the background of a script inherits SIGINT ignored, and a signal that came
    before the handlers were set was lost, leaving the portal running (seen in tests/tools/
    test_make_run.py, whose Ctrl-C can come while the last processes are still starting).
    Before any process starts (the demo content, the first account) a signal ends the runner at
    once (StopBeforeStart); from then on it sets `requested`, and as soon as start_portal has
    returned what it started, the watch loop stops it all."""

    def __init__(self):
        self.requested = False
        self.processes_starting = False
        for signum in STOP_SIGNALS:
            signal.signal(signum, self._received)

    def _received(self, *_):
        self.requested = True
        if not self.processes_starting:
            raise StopBeforeStart


def admin_token(data_dir):
    """ADMIN_TOKEN from the environment, else one made on first run and kept in DATA_DIR."""
    return env_str("ADMIN_TOKEN") or kept_secret(
        os.path.join(data_dir, ADMIN_TOKEN_FILE), lambda: secrets.token_urlsafe(24)
    )


def ensure_admin(data_dir, token, signing_key, extra_config=None):
    """The first staff account, `admin`, made in-process before anything starts (the accounts
    service's own `ensure-admin`): (created, password). `password` is the one generated now, for
    show_once; None when ADMIN_PASSWORD was used or an active admin exists already."""
    from services.accounts import cli, create_app

    config = {"DATA_DIR": data_dir, "ADMIN_TOKEN": token, "AUTH_SIGNING_KEY": signing_key, **(extra_config or {})}
    return cli.ensure_admin(create_app(config))


def admin_lines(token_path, created, generated):
    """What the output is told of the secrets: where they are and how to read them, never
    themselves (the finding of #17: `make run`'s output may end in a log file)."""
    lines = []
    if token_path:
        lines.append(f"Mã quản trị (ADMIN_TOKEN): lưu trong {token_path} — xem bằng: cat {token_path}")
    else:
        lines.append("Mã quản trị (ADMIN_TOKEN): lấy từ biến môi trường ADMIN_TOKEN.")
    if generated:
        lines.append("Tài khoản quản trị 'admin' vừa được tạo với mật khẩu sinh ngẫu nhiên (hiện một lần, bên dưới).")
    elif created:
        lines.append("Tài khoản quản trị 'admin' vừa được tạo; mật khẩu: ADMIN_PASSWORD (như đã đặt).")
    return lines


def show_once(password, terminal="/dev/tty", fallback=None):
    """Show a generated first password once, where a person reads it and a log does not keep it:
    the controlling terminal when there is one (`make run > log` still shows it on the screen and
    keeps it out of the file). Without a terminal (a service manager, a pipeline) the output is the
    only place left; the README says to set ADMIN_PASSWORD there. Returns where it was shown."""
    line = (
        "Mật khẩu của 'admin' (chỉ hiện một lần, chỉ lưu bản băm; hãy ghi lại rồi đổi sau lần đăng nhập đầu): "
        f"{password}\n"
    )
    try:
        # Never created: only an existing terminal is written to.
        with open(os.open(terminal, os.O_WRONLY | os.O_NOCTTY), "w", encoding="utf-8") as screen:
            screen.write(line)
        return terminal
    except OSError:  # no controlling terminal
        out = fallback or sys.stdout
        out.write(line)
        out.flush()
        return "stdout"


def load_demo_content(data_dir, token, extra_config=None):
    """Each service loads its own demo content in-process; every loader is idempotent."""
    from importlib import import_module

    from services import articles, documents, exams, media

    lines = []
    for service in (articles, media, exams, documents):
        app = service.create_app({"DATA_DIR": data_dir, "ADMIN_TOKEN": token, **(extra_config or {})})
        with app.app_context():
            lines.append(import_module(service.__name__ + ".demo").load_demo(app))
    return lines


def busy_ports(ports):
    """The ports another program already listens on (a `make run` still running, say)."""
    busy = []
    for name, port in ports.items():
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                busy.append(f"{port} ({name})")
    return busy


def main():
    stops = StopSignals()
    try:
        processes = start(stops)
    except StopBeforeStart:
        print("\nĐã dừng trước khi khởi động.", flush=True)
        return
    while not stops.requested:
        for process in processes.values():
            if process.popen.poll() is not None:
                print(f"{process.name} đã dừng (mã {process.popen.returncode}); dừng tất cả.", file=sys.stderr)
                stops.requested = True
        time.sleep(0.5)
    print("\nĐang dừng…", flush=True)
    for process in reversed(processes.values()):  # the edge (started last) first
        process.stop()


def start(stops):
    """Everything up, its addresses printed: the processes by name."""
    data_dir = os.path.abspath(env_str("DATA_DIR", os.path.join(ROOT, "var")))
    os.makedirs(data_dir, exist_ok=True)
    token = admin_token(data_dir)
    token_path = None if env_str("ADMIN_TOKEN") else os.path.join(data_dir, ADMIN_TOKEN_FILE)
    signing_key = auth_signing_key(data_dir)
    ports = {name: env_int(f"{name.upper()}_PORT", port) for name, port in DEFAULT_PORTS.items()}
    with_edge = env_bool("EDGE", False)
    if with_edge:
        if not find_nginx():
            sys.exit(NGINX_MISSING)
        ports[EDGE] = env_int("EDGE_PORT", EDGE_DEFAULT_PORT)
    busy = busy_ports(ports)
    if busy:
        sys.exit(
            f"Cổng đang bận: {', '.join(busy)}. Cổng thông tin đã chạy ở nơi khác? Dừng nó, hoặc đặt "
            "GATEWAY_PORT, ARTICLES_PORT, MEDIA_PORT, EXAMS_PORT, ACCOUNTS_PORT, DOCUMENTS_PORT"
            + (", EDGE_PORT." if with_edge else ".")
        )
    print(f"Dữ liệu: {data_dir}", flush=True)
    print("Nạp nội dung mẫu…", flush=True)
    for line in load_demo_content(data_dir, token):
        print("  " + line, flush=True)
    try:
        created, password = ensure_admin(data_dir, token, signing_key)
    except click.ClickException as refused:  # a weak ADMIN_PASSWORD, or an `admin` that is locked
        sys.exit(refused.message)
    extra = {"GUNICORN_WORKERS": env_str("GUNICORN_WORKERS", "2"), **(BEHIND_EDGE_ENV if with_edge else {})}
    names = [*DEFAULT_PORTS, *([EDGE] if with_edge else [])]
    stops.processes_starting = True  # from here a signal is recorded, and the watch loop stops all
    processes = start_portal(data_dir, token, ports, extra_env=extra, names=names, signing_key=signing_key)
    lines = [
        "",
        f"Cổng thông tin đang chạy: http://127.0.0.1:{ports['gateway']}/",
        *([f"Qua edge (nginx, bộ đệm ngắn): http://127.0.0.1:{ports[EDGE]}/"] if with_edge else []),
        *admin_lines(token_path, created, password is not None),
        f"Trang quản trị: http://127.0.0.1:{ports['gateway']}/quan-tri/ (đăng nhập: admin)",
        'API: POST /api/v1/auth/token {"username": "admin", "password": "…"}',
        f"Nhật ký: {os.path.join(data_dir, 'logs')}",
        "Nhấn Ctrl-C để dừng.",
    ]
    print("\n".join(lines), flush=True)
    if password is not None:
        show_once(password)
    return processes


if __name__ == "__main__":
    main()
