"""`make run`: the whole portal on the embedded default (SQLite and files under DATA_DIR), with
the demo content loaded once, until Ctrl-C. `EDGE=1 make run` also starts the edge (nginx, see
deploy/edge/) on 127.0.0.1:EDGE_PORT (8080) in front of the gateway."""

import os
import secrets
import signal
import socket
import sys
import time

from portal_common.config import env_bool, env_int, env_str

from .processes import (
    BEHIND_EDGE_ENV,
    DEFAULT_PORTS,
    EDGE,
    EDGE_DEFAULT_PORT,
    NGINX_MISSING,
    ROOT,
    find_nginx,
    start_portal,
)


def admin_token(data_dir):
    """ADMIN_TOKEN from the environment, else one made on first run and kept in DATA_DIR."""
    token = env_str("ADMIN_TOKEN")
    if token:
        return token
    path = os.path.join(data_dir, "admin-token")
    if os.path.exists(path):
        with open(path) as token_file:
            return token_file.read().strip()
    token = secrets.token_urlsafe(24)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as token_file:
        token_file.write(token + "\n")
    return token


def load_demo_content(data_dir, token, extra_config=None):
    """Each service loads its own demo content in-process; every loader is idempotent."""
    from importlib import import_module

    from services import articles, exams, media

    lines = []
    for service in (articles, media, exams):
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
    data_dir = os.path.abspath(env_str("DATA_DIR", os.path.join(ROOT, "var")))
    os.makedirs(data_dir, exist_ok=True)
    token = admin_token(data_dir)
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
            "GATEWAY_PORT, ARTICLES_PORT, MEDIA_PORT, EXAMS_PORT" + (", EDGE_PORT." if with_edge else ".")
        )
    print(f"Dữ liệu: {data_dir}", flush=True)
    print("Nạp nội dung mẫu…", flush=True)
    for line in load_demo_content(data_dir, token):
        print("  " + line, flush=True)
    extra = {"GUNICORN_WORKERS": env_str("GUNICORN_WORKERS", "2"), **(BEHIND_EDGE_ENV if with_edge else {})}
    names = [*DEFAULT_PORTS, *([EDGE] if with_edge else [])]
    processes = start_portal(data_dir, token, ports, extra_env=extra, names=names)
    edge_line = f"Qua edge (nginx, bộ đệm ngắn): http://127.0.0.1:{ports[EDGE]}/\n" if with_edge else ""
    print(
        f"\nCổng thông tin đang chạy: http://127.0.0.1:{ports['gateway']}/\n"
        f"{edge_line}"
        f"Mã quản trị (ADMIN_TOKEN): {token}\n"
        f"Nhật ký: {os.path.join(data_dir, 'logs')}\n"
        "Nhấn Ctrl-C để dừng.",
        flush=True,
    )
    stopping = []
    # Set explicitly: a runner started in the background of a script inherits SIGINT ignored,
    # and must still stop its processes on Ctrl-C, kill, or a closed terminal.
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, lambda *_: stopping.append(True))
    while not stopping:
        for process in processes.values():
            if process.popen.poll() is not None:
                print(f"{process.name} đã dừng (mã {process.popen.returncode}); dừng tất cả.", file=sys.stderr)
                stopping.append(True)
        time.sleep(0.5)
    print("\nĐang dừng…", flush=True)
    for process in reversed(processes.values()):  # the edge (started last) first
        process.stop()


if __name__ == "__main__":
    main()
