"""The edge's tests: Debian's nginx with the project's config (deploy/edge/) in front of the real
processes (gunicorn, embedded storage, demo content), started once for the package.

Each test speaks as its own client: a fresh loopback source address (127.0.0.0/8 is all ours on
Linux), so per-client limits never carry over from one test to the next and the address a service
saw can be checked. `door` runs a test once against the gateway directly and once through the
edge: what the gateway does must hold the same through the edge."""

import itertools
import json
import re
import socket
import time
import uuid

import pytest
import requests
from requests.adapters import HTTPAdapter

from tests.support.portal import RunningPortal
from tools.processes import find_nginx

# Small limits, so that a test can use one up; every test has its own client address.
LOOKUP_LIMIT = 5
PORTAL_ENV = {
    "RATE_LIMIT_EXAM_LOOKUP": f"{LOOKUP_LIMIT}/minute",
    "EXAMS_LOOKUP_RATE_LIMIT": f"{LOOKUP_LIMIT}/minute;1000/hour",
    "BACKEND_READ_TIMEOUT": "1.0",
    "BREAKER_COOLDOWN": "1",
    # The gateway's answer cache would hide a dead backend (a partial page) for its TTL.
    "CACHE_ENABLED": "0",
    "GUNICORN_THREADS": "16",
}
EXAM = "thpt-2025"
_addresses = itertools.count(10)
_numbers = itertools.count(11000001)  # the demo exam's candidates: 11000001 … 11002000


NO_NGINX = "nginx is not installed (apt-get install nginx-light; `make test` installs it)"


class _SourceAddress(HTTPAdapter):
    def __init__(self, address, **kwargs):
        self.address = address
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


class Client:
    """One visitor: its own address, talking to one door."""

    def __init__(self, base_url, address):
        self.base_url, self.address = base_url, address
        self.session = requests.Session()
        self.session.mount("http://", _SourceAddress(address))

    def request(self, method, path, **kwargs):
        kwargs.setdefault("timeout", 20)
        kwargs.setdefault("allow_redirects", False)
        return self.session.request(method, self.base_url + path, **kwargs)

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)


def fresh_address():
    n = next(_addresses)
    return f"127.0.{n // 250}.{n % 250 + 1}"


def fresh_number():
    return str(next(_numbers))


def lookup_path(number=None, exam=EXAM):
    return f"/api/v1/exams/{exam}/results/{number or fresh_number()}"


class Door:
    def __init__(self, name, url):
        self.name, self.url = name, url

    def client(self):
        return Client(self.url, fresh_address())

    def __repr__(self):
        return self.name


@pytest.fixture(scope="session")
def nginx():
    found = find_nginx()
    if not found:
        pytest.skip(NO_NGINX)
    return found


@pytest.fixture(scope="session")
def portal(tmp_path_factory, nginx):
    running = RunningPortal(tmp_path_factory.mktemp("edge"), extra_env=PORTAL_ENV, edge=True).start()
    yield running
    running.stop()


@pytest.fixture(params=["gateway", "edge"])
def door(request, portal):
    return Door(request.param, portal.url if request.param == "gateway" else portal.edge_url)


@pytest.fixture
def edge(portal):
    return Door("edge", portal.edge_url)


def log_lines(portal, name):
    """The JSON lines of a process's log (gunicorn's own lines skipped)."""
    lines = []
    for line in portal.log(name).splitlines():
        if line.startswith("{"):
            try:
                lines.append(json.loads(line))
            except ValueError:
                continue
    return lines


def edge_access_log(portal):
    with open(portal.processes["edge"].access_log_path) as log_file:
        return [json.loads(line) for line in log_file if line.strip()]


def requests_seen(portal, name, request_ids, settle=0.3):
    """The access log lines `name` wrote for any of `request_ids`."""
    time.sleep(settle)  # the processes write their line as the answer goes out
    wanted = set(request_ids)
    return [line for line in log_lines(portal, name) if line.get("request_id") in wanted and "route" in line]


def new_request_id():
    return "t-" + uuid.uuid4().hex


def wait_until(predicate, timeout=20, every=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(every)
    return False


def raw_answers(port, data, timeout=5, source=None):
    """Bytes on a socket (requests no HTTP library would send, or many pipelined on one
    connection); the answers as [(status, headers, body)], read to the connection's end."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout, source_address=source) as sock:
        sock.sendall(data)
        received = b""
        try:
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                received += chunk
        except socket.timeout:
            pass
    answers = []
    while received:
        head, _, rest = received.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(re.match(r"HTTP/1\.[01] (\d{3})", lines[0]).group(1))
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers.setdefault(name.strip().lower(), value.strip())
        length = int(headers.get("content-length", len(rest)))
        answers.append((status, headers, rest[:length]))
        received = rest[length:]
    return answers


def raw_request(port, data, timeout=5):
    """One request's bytes on a socket; its answer as (status, headers, body)."""
    return raw_answers(port, data, timeout)[0]
