"""`make run`'s runner as a process: it starts the portal, stops every process it started on
SIGINT (Ctrl-C) even when started in the background with SIGINT ignored, and refuses to start
over a portal that is already running."""

import os
import signal
import subprocess
import sys
import time

import requests

from tools.processes import ROOT, free_port

NAMES = ("GATEWAY", "ARTICLES", "MEDIA", "EXAMS")


def _start(env):
    # preexec restores nothing: SIGINT stays ignored, as for a job started with & in a script.
    return subprocess.Popen(
        [sys.executable, "-m", "tools.run_portal"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),
    )


def test_runner_stops_everything_on_ctrl_c_and_refuses_busy_ports(tmp_path):
    ports = {name: free_port() for name in NAMES}
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

        second = _start(env)
        output, _ = second.communicate(timeout=60)
        assert second.returncode != 0 and "Cổng đang bận" in output

        runner.send_signal(signal.SIGINT)
        runner.wait(30)
        for port in ports.values():
            try:
                requests.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
            except requests.ConnectionError:
                continue
            raise AssertionError(f"port {port} still answers after Ctrl-C")
    finally:
        if runner.poll() is None:
            runner.kill()
