"""Requests gunicorn refuses before any app sees them (a request line or headers too large, a
malformed request line, an unknown transfer coding) answer in the portal's JSON shape, in
Vietnamese, with no-store and nosniff — on a real gunicorn process."""

import json
import socket

import pytest

from tests.support.portal import RunningPortal


@pytest.fixture(scope="module")
def articles(tmp_path_factory):
    running = RunningPortal(tmp_path_factory.mktemp("server-errors"), demo=False).start(["articles"])
    yield running.service_url("articles")
    running.stop()


def raw_request(url, data):
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(data)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:])
    return int(lines[0].split(" ")[1]), headers, json.loads(body)


@pytest.mark.parametrize(
    "data, status",
    [
        (b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414),
        (b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"b" * 9000 + b"\r\n\r\n", 431),
        (b"GARBAGE\r\n\r\n", 400),
        (b"POST /api/v1/articles HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", 400),
    ],
)
def test_gunicorns_own_refusals_speak_the_portals_language(articles, data, status):
    answered, headers, body = raw_request(articles, data)
    assert answered == status
    assert headers["Content-Type"].startswith("application/json")
    assert headers["Cache-Control"] == "no-store" and headers["X-Content-Type-Options"] == "nosniff"
    assert set(body["error"]) == {"code", "message"} and not body["error"]["message"].isascii()
