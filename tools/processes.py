"""Start the portal's processes under gunicorn and wait for them: used by `make run` and by the
tests that need real processes (fault, durability, browser and edge tests). The edge (nginx in
front of the gateway, deploy/edge/) is one more process, started only when asked for."""

import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time

import requests

from portal_common.config import env_str

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

APPS = {
    "gateway": "gateway:create_app()",
    "articles": "services.articles:create_app()",
    "media": "services.media:create_app()",
    "exams": "services.exams:create_app()",
    "accounts": "services.accounts:create_app()",
    "documents": "services.documents:create_app()",
}
# Each process's gunicorn settings, as its Dockerfile uses them.
GUNICORN_CONFIGS = {name: "python:portal_common.gunicorn_conf" for name in APPS} | {
    "gateway": "python:gateway.gunicorn_conf"
}
DEFAULT_PORTS = {"gateway": 8000, "articles": 8001, "media": 8002, "exams": 8003, "accounts": 8004, "documents": 8005}
# The services every process may call: the gateway all of them, every service the accounts one
# (the revocation check before a write, the audit log after it).
SERVICES = ("articles", "media", "exams", "accounts", "documents")
# The edge: Debian's nginx (nginx-light) with the config deploy/edge/render.py makes.
EDGE = "edge"
EDGE_DEFAULT_PORT = 8080
NGINX_PATHS = ("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/local/nginx/sbin/nginx")
NGINX_MISSING = (
    "nginx không có trên máy này (cần cho EDGE=1): cài bằng `apt-get install nginx-light` "
    "(Debian/Ubuntu), hoặc chạy không có EDGE."
)
# What the gateway needs behind the edge: the edge appends the visitor to X-Forwarded-For (the
# exams service already trusts one hop, EXAMS_TRUSTED_PROXIES=1).
BEHIND_EDGE_ENV = {"TRUSTED_PROXIES": "1"}


class EdgeUnavailable(RuntimeError):
    """nginx is not installed."""


def find_nginx():
    """EDGE_NGINX when set (None if it is not an executable), else the nginx on PATH or Debian's;
    None when there is none."""
    chosen = os.environ.get("EDGE_NGINX")
    if chosen:
        return chosen if os.access(chosen, os.X_OK) else None
    found = shutil.which("nginx")
    if found:
        return found
    return next((path for path in NGINX_PATHS if os.access(path, os.X_OK)), None)


def free_port():
    return free_ports(1)[0]


def free_ports(count):
    """`count` distinct free loopback ports. Each is held until all are chosen: asked for one at a
    time, the kernel may hand the same port out twice, and two processes of one portal then
    share it (the second cannot bind, and the first answers in its place)."""
    with contextlib.ExitStack() as held:
        ports = []
        for _ in range(count):
            sock = held.enter_context(socket.socket())
            sock.bind(("127.0.0.1", 0))
            ports.append(sock.getsockname()[1])
        return ports


def backend_urls(ports):
    return {f"{name.upper()}_URL": f"http://127.0.0.1:{ports[name]}" for name in SERVICES if name in ports}


def public_base_url(ports):
    """Where visitors reach the portal on this machine: the edge when it runs, else the gateway.
    The gateway builds its absolute links from it (never from a request's Host)."""
    return f"http://127.0.0.1:{ports[EDGE] if EDGE in ports else ports['gateway']}"


def kept_secret(path, make):
    """The secret kept in `path`, or `make()`'s, written there first (readable by its owner only,
    created at once, never over another: two runners starting together keep the first)."""
    if os.path.exists(path):
        with open(path) as kept:
            return kept.read().strip()
    secret = make()
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return kept_secret(path, make)
    with os.fdopen(fd, "w") as kept:
        kept.write(secret + "\n")
    return secret


AUTH_SIGNING_KEY_FILE = "auth-signing-key"


def auth_signing_key(data_dir):
    """AUTH_SIGNING_KEY from the environment, else one made on first start and kept in
    DATA_DIR/auth-signing-key, as the admin token is: staff tokens then outlive a restart.
    HS256 wants at least 32 bytes; this is 43 characters, 256 bits."""
    return env_str("AUTH_SIGNING_KEY") or kept_secret(
        os.path.join(data_dir, AUTH_SIGNING_KEY_FILE), lambda: secrets.token_urlsafe(32)
    )


DESK_SECRET_KEY_FILE = "desk-secret-key"


def desk_secret_key(data_dir):
    """DESK_SECRET_KEY (the desk's session cookie key, gateway/desk/) from the environment, else
    one made on first start and kept in DATA_DIR/desk-secret-key, as the signing key is: every
    gateway worker signs and reads the same cookies, and sessions outlive a restart."""
    return env_str("DESK_SECRET_KEY") or kept_secret(
        os.path.join(data_dir, DESK_SECRET_KEY_FILE), lambda: secrets.token_urlsafe(32)
    )


class Process:
    health_path = "/healthz"

    def __init__(self, name, port, env, log_path=None):
        self.name, self.port, self.env, self.log_path = name, port, env, log_path
        self.popen = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def command(self):
        return [sys.executable, "-m", "gunicorn", "-c", GUNICORN_CONFIGS[self.name], APPS[self.name]]

    def start(self):
        prom_dir = self.env.get("PROMETHEUS_MULTIPROC_DIR")
        if prom_dir:  # stale files from a killed run would skew the figures
            shutil.rmtree(prom_dir, ignore_errors=True)
            os.makedirs(prom_dir, exist_ok=True)
        output = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL
        self.popen = subprocess.Popen(
            self.command(),
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
                if requests.get(self.url + self.health_path, timeout=1).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"{self.name} did not answer {self.health_path} within {timeout} s")

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


class EdgeProcess(Process):
    """nginx in front of the gateway, in the foreground: its config rendered at each start from the
    gateway's routes and settings (deploy/edge/render.py, run with the portal's environment), its
    pid, cache and temp files under `prefix`, its error log in `log_path` and its access log
    (JSON lines) beside it as edge-access.log."""

    health_path = "/_edge/healthz"  # answered by nginx itself, whatever the gateway's state

    def __init__(self, port, env, log_path, prefix, nginx=None):
        super().__init__(EDGE, port, env, log_path)
        self.prefix = prefix
        self.conf = os.path.join(prefix, "nginx.conf")
        self.nginx = nginx or find_nginx()
        if not self.nginx:
            raise EdgeUnavailable(NGINX_MISSING)

    @property
    def access_log_path(self):
        return os.path.join(os.path.dirname(self.log_path), "edge-access.log")

    def render(self):
        os.makedirs(self.prefix, exist_ok=True)
        rendered = subprocess.run(
            [sys.executable, "-m", "deploy.edge.render", "--out", self.conf, "--prefix", self.prefix]
            + ["--logs", os.path.dirname(self.log_path), "--listen", f"127.0.0.1:{self.port}"],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
        )
        if rendered.returncode != 0:
            raise RuntimeError(f"the edge's config could not be rendered:\n{rendered.stderr[-3000:]}")

    def command(self):
        return [self.nginx, "-p", self.prefix, "-c", self.conf, "-e", "stderr"]

    def start(self):
        self.render()
        return super().start()


def portal_environment(data_dir, admin_token, ports, extra=None, signing_key=None):
    """The environment of every process: the data folder, the machine token, the key staff tokens
    are signed and verified with (`signing_key`, else AUTH_SIGNING_KEY from the environment or
    `extra`), where each service is, and the portal's public address (`extra` wins)."""
    env = dict(os.environ)
    env.update(
        {
            "DATA_DIR": data_dir,
            "ADMIN_TOKEN": admin_token,
            "PYTHONPATH": ROOT,
            **backend_urls(ports),
        }
    )
    if "gateway" in ports and not env.get("PUBLIC_BASE_URL"):  # one of the caller's own wins
        env["PUBLIC_BASE_URL"] = public_base_url(ports)
    if signing_key:
        env["AUTH_SIGNING_KEY"] = signing_key
    if "gateway" in ports and not env.get("DESK_SECRET_KEY"):
        env["DESK_SECRET_KEY"] = desk_secret_key(data_dir)
    env.update(extra or {})
    return env


def start_portal(data_dir, admin_token, ports=None, extra_env=None, names=None, log_dir=None, signing_key=None):
    """Start the named processes (the five apps by default; EDGE too when named, on ports["edge"],
    in front of ports["gateway"]) and wait until each answers its health check. The gateway
    behind an edge needs BEHIND_EDGE_ENV in `extra_env`. Every process gets the same
    AUTH_SIGNING_KEY: `signing_key`, else `extra_env`'s, else auth_signing_key(data_dir)."""
    ports = ports or DEFAULT_PORTS
    os.makedirs(data_dir, exist_ok=True)
    if not (signing_key or (extra_env or {}).get("AUTH_SIGNING_KEY")):
        signing_key = auth_signing_key(data_dir)
    log_dir = log_dir or os.path.join(data_dir, "logs")
    os.makedirs(log_dir, exist_ok=True)
    names = list(names or APPS)
    edge = None
    if EDGE in names:  # before anything starts: no nginx, nothing started
        env = portal_environment(data_dir, admin_token, ports, extra_env, signing_key)
        env["GATEWAY_URL"] = f"http://127.0.0.1:{ports['gateway']}"
        prefix = os.path.join(data_dir, "run", EDGE)
        edge = EdgeProcess(ports.get(EDGE, EDGE_DEFAULT_PORT), env, os.path.join(log_dir, "edge.log"), prefix)
    processes = {}
    try:
        for name in names:
            if name == EDGE:
                processes[name] = edge.start()
                continue
            env = portal_environment(data_dir, admin_token, ports, extra_env, signing_key)
            env["PROMETHEUS_MULTIPROC_DIR"] = os.path.join(data_dir, "run", f"prometheus-{name}")
            processes[name] = Process(name, ports[name], env, os.path.join(log_dir, f"{name}.log")).start()
        for process in processes.values():
            process.wait_healthy()
    except Exception:
        for process in processes.values():
            process.stop()
        raise
    return processes
