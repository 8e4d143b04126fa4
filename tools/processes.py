"""Start the portal's processes under gunicorn and wait for them: used by `make run` and by the
tests that need real processes (fault, durability and browser tests)."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time

import requests

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

APPS = {
    "gateway": "gateway:create_app()",
    "articles": "services.articles:create_app()",
    "media": "services.media:create_app()",
    "exams": "services.exams:create_app()",
}
# Each process's gunicorn settings, as its Dockerfile uses them.
GUNICORN_CONFIGS = {name: "python:portal_common.gunicorn_conf" for name in APPS} | {
    "gateway": "python:gateway.gunicorn_conf"
}
DEFAULT_PORTS = {"gateway": 8000, "articles": 8001, "media": 8002, "exams": 8003}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def backend_urls(ports):
    return {f"{name.upper()}_URL": f"http://127.0.0.1:{ports[name]}" for name in ("articles", "media", "exams")}


class Process:
    def __init__(self, name, port, env, log_path=None):
        self.name, self.port, self.env, self.log_path = name, port, env, log_path
        self.popen = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        prom_dir = self.env.get("PROMETHEUS_MULTIPROC_DIR")
        if prom_dir:  # stale files from a killed run would skew the figures
            shutil.rmtree(prom_dir, ignore_errors=True)
            os.makedirs(prom_dir, exist_ok=True)
        output = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL
        self.popen = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", GUNICORN_CONFIGS[self.name], APPS[self.name]],
            cwd=ROOT,
            env={**self.env, "PORT": str(self.port)},
            stdout=output,
            stderr=output,
            start_new_session=True,  # Ctrl-C in the terminal reaches the runner, which stops us in order
        )
        return self

    def wait_healthy(self, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.popen.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.popen.returncode}; see {self.log_path}")
            try:
                if requests.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"{self.name} did not answer /healthz within {timeout} s")

    def signal(self, signum):
        if self.popen and self.popen.poll() is None:
            os.killpg(self.popen.pid, signum)

    def stop(self, timeout=20):
        if not self.popen or self.popen.poll() is not None:
            return
        self.signal(signal.SIGTERM)
        try:
            self.popen.wait(timeout)
        except subprocess.TimeoutExpired:
            self.signal(signal.SIGKILL)
            self.popen.wait()


def portal_environment(data_dir, admin_token, ports, extra=None):
    env = dict(os.environ)
    env.update(
        {
            "DATA_DIR": data_dir,
            "ADMIN_TOKEN": admin_token,
            "PYTHONPATH": ROOT,
            **backend_urls(ports),
        }
    )
    env.update(extra or {})
    return env


def start_portal(data_dir, admin_token, ports=None, extra_env=None, names=None, log_dir=None):
    """Start the named processes (all four by default) and wait until each answers /healthz."""
    ports = ports or DEFAULT_PORTS
    log_dir = log_dir or os.path.join(data_dir, "logs")
    os.makedirs(log_dir, exist_ok=True)
    processes = {}
    for name in names or APPS:
        env = portal_environment(data_dir, admin_token, ports, extra_env)
        env["PROMETHEUS_MULTIPROC_DIR"] = os.path.join(data_dir, "run", f"prometheus-{name}")
        processes[name] = Process(name, ports[name], env, os.path.join(log_dir, f"{name}.log")).start()
    try:
        for process in processes.values():
            process.wait_healthy()
    except Exception:
        for process in processes.values():
            process.stop()
        raise
    return processes
