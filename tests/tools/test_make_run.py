"""`make run`'s runner as a process: it starts the portal, stops every process it started on
SIGINT (Ctrl-C) even when started in the background with SIGINT ignored, and refuses to start
over a portal that is already running. With EDGE=1 it also starts nginx in front of the gateway
(and stops it), or says how to install nginx where there is none."""

import os
import select
import signal
import subprocess
import sys
import time

import pytest
import requests

from tools.processes import ROOT, free_port, free_ports

NAMES = ("GATEWAY", "ARTICLES", "MEDIA", "EXAMS", "ACCOUNTS", "DOCUMENTS")


def _without_terminal():
    """As for a job started with & in a script under a service manager: SIGINT ignored, and a
    session of its own, so no controlling terminal (/dev/tty cannot be opened)."""
    os.setsid()
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _read_until(runner, marker, timeout):
    """What the runner printed up to and including the line with `marker` (raw reads of its pipe,
    so nothing is left in a text buffer for the later communicate())."""
    seen, deadline = b"", time.monotonic() + timeout
    while marker.encode() not in seen or not seen.endswith(b"\n"):
        ready, _, _ = select.select([runner.stdout], [], [], max(0.0, deadline - time.monotonic()))
        chunk = os.read(runner.stdout.fileno(), 65536) if ready else b""
        if not chunk:
            raise AssertionError(f"no {marker!r} in the runner's output: {seen.decode(errors='replace')}")
        seen += chunk
    return seen.decode()


def _stop(runner):
    """A test that failed half-way: SIGTERM first, which the runner answers by stopping what it
    started (a SIGKILL would leave its gunicorns and nginx running, holding their ports)."""
    if runner.poll() is None:
        runner.terminate()
        try:
            runner.wait(timeout=40)
        except subprocess.TimeoutExpired:
            runner.kill()


def _start(env):
    return subprocess.Popen(
        [sys.executable, "-m", "tools.run_portal"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        preexec_fn=_without_terminal,
    )


def test_runner_stops_everything_on_ctrl_c_and_refuses_busy_ports(tmp_path):
    ports = dict(zip(NAMES, free_ports(len(NAMES)), strict=True))
    env = {
        **os.environ,
        "DATA_DIR": str(tmp_path),
        "GUNICORN_WORKERS": "1",
        **{f"{n}_PORT": str(p) for n, p in ports.items()},
    }
    env.pop("ADMIN_TOKEN", None)
    runner = _start(env)
    try:
        gateway = f"http://127.0.0.1:{ports['GATEWAY']}"
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                if requests.get(gateway + "/readyz", timeout=1).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.3)
        assert requests.get(gateway + "/", timeout=5).status_code == 200
        # No terminal: the generated password is shown once on the output (the contract: only its
        # hash is kept), and the admin signs in with it through the gateway.
        printed = _read_until(runner, "Mật khẩu của 'admin'", timeout=60)
        password = printed.split("đổi sau lần đăng nhập đầu): ")[1].split()[0]
        assert not (tmp_path / "admin-password").exists()
        signed_in = requests.post(
            gateway + "/api/v1/auth/token", json={"username": "admin", "password": password}, timeout=10
        )
        assert signed_in.status_code == 200 and signed_in.json()["user"]["roles"] == ["admin"]

        second = _start(env)
        output, _ = second.communicate(timeout=60)
        assert second.returncode != 0 and "Cổng đang bận" in output

        runner.send_signal(signal.SIGINT)
        output, _ = runner.communicate(timeout=30)
        output = printed + output
        for port in ports.values():
            try:
                requests.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
            except requests.ConnectionError:
                continue
            raise AssertionError(f"port {port} still answers after Ctrl-C")
        # Its output may end in a log file: it says where the kept secrets are, never the secrets;
        # the password, kept nowhere, is shown exactly once.
        token = (tmp_path / "admin-token").read_text().strip()
        key = (tmp_path / "auth-signing-key").read_text().strip()
        assert token not in output and key not in output and output.count(password) == 1
        assert f"cat {tmp_path / 'admin-token'}" in output
    finally:
        _stop(runner)


def test_edge_1_puts_nginx_in_front_and_stops_it_with_the_rest(tmp_path):
    from tools.processes import find_nginx

    if not find_nginx():
        pytest.skip("nginx is not installed (apt-get install nginx-light; `make test` installs it)")
    ports = dict(zip((*NAMES, "EDGE"), free_ports(len(NAMES) + 1), strict=True))
    env = {
        **os.environ,
        "DATA_DIR": str(tmp_path),
        "GUNICORN_WORKERS": "1",
        "EDGE": "1",
        **{f"{n}_PORT": str(p) for n, p in ports.items()},
    }
    runner = _start(env)
    try:
        edge = f"http://127.0.0.1:{ports['EDGE']}"
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                if requests.get(edge + "/_edge/healthz", timeout=1).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.3)
        page = requests.get(edge + "/", timeout=5)
        assert page.status_code == 200 and page.headers["X-Cache-Status"] in ("MISS", "HIT")
        lookup = requests.get(edge + "/api/v1/exams/thpt-2025/results/11000001", timeout=5)
        assert lookup.status_code == 200
        pid_file = tmp_path / "run" / "edge" / "nginx.pid"
        nginx_pid = int(pid_file.read_text())

        runner.send_signal(signal.SIGINT)
        output, _ = runner.communicate(timeout=30)
        assert f"http://127.0.0.1:{ports['EDGE']}/" in output
        for port in ports.values():
            try:
                requests.get(f"http://127.0.0.1:{port}/", timeout=1)
            except requests.ConnectionError:
                continue
            raise AssertionError(f"port {port} still answers after Ctrl-C")
        try:
            os.kill(nginx_pid, 0)
        except ProcessLookupError:
            pass
        else:
            raise AssertionError("nginx still runs after Ctrl-C")
    finally:
        _stop(runner)


def test_edge_1_without_nginx_says_how_to_install_it_and_starts_nothing(tmp_path):
    port = free_port()
    env = {**os.environ, "DATA_DIR": str(tmp_path), "EDGE": "1", "EDGE_NGINX": str(tmp_path / "no-nginx")}
    env["GATEWAY_PORT"] = str(port)
    runner = _start(env)
    output, _ = runner.communicate(timeout=60)
    assert runner.returncode != 0
    assert "apt-get install nginx-light" in output
    with pytest.raises(requests.ConnectionError):
        requests.get(f"http://127.0.0.1:{port}/healthz", timeout=1)


def test_ctrl_c_before_the_portal_is_up_stops_the_runner_and_everything_it_started(tmp_path):
    """Ctrl-C as soon as the demo content starts loading: the runner, started with SIGINT
    ignored, ends, and leaves nothing running — at once when no process had started yet, else
    once start_portal has returned what it started (the demo content can load faster than the
    signal arrives). Its handlers used to be set only once the portal was up, so this signal was
    lost and the portal ran on."""
    ports = dict(zip(NAMES, free_ports(len(NAMES)), strict=True))
    env = {
        **os.environ,
        "DATA_DIR": str(tmp_path),
        "GUNICORN_WORKERS": "1",
        **{f"{n}_PORT": str(p) for n, p in ports.items()},
    }
    runner = _start(env)
    try:
        _read_until(runner, "Nạp nội dung mẫu", timeout=60)
        runner.send_signal(signal.SIGINT)
        output, _ = runner.communicate(timeout=30)
        assert "Đã dừng trước khi khởi động." in output or "Đang dừng…" in output
        for port in ports.values():
            with pytest.raises(requests.ConnectionError):
                requests.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
    finally:
        _stop(runner)
