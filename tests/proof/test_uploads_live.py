"""Big, slow, stalled and refused uploads through the real processes (gunicorn, embedded storage):

- a national-size results file (≥ 50 MB plain, and gzip) imports through the gateway, also when
  the service takes the body in slower than it arrives;
- a refusal (401) of a 20 MB body reaches a client that sends the whole body before reading;
- uploads that promise a big body and stall, or send a little and go away, neither hold the
  service's threads nor the gateway's calls: lookups and /healthz keep answering, and the stalled
  ones end with a 408 within the body timeout."""

import gzip
import random
import socket
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from tests.support.portal import RunningPortal

pytestmark = pytest.mark.slow

HEADER = (
    "SBD,TinhId,TOAN,VAN,NGOAI_NGU,LI,HOA,SINH,SU,DIA,GIAO_DUC_CONG_DAN,TIN_HOC,CN_CONG_NGHIEP,CN_NONG_NGHIEP,GDKT_PL\n"
)
BODY_TIMEOUT = 2.0


def national_size_csv(min_bytes):
    """A 2025-style national file of at least `min_bytes`, scores drawn like real ones."""
    rng = random.Random(2025)
    lines, size, number = [HEADER], len(HEADER), 1000000
    while size < min_bytes:
        number += 1
        scores = [f"{rng.randint(0, 40) / 4:g}" if rng.random() < 0.6 else "-1" for _ in range(13)]
        line = f"{number:08d},{number // 1000000:d},{','.join(scores)}\n"
        lines.append(line)
        size += len(line)
    return "".join(lines).encode(), len(lines) - 1


@pytest.fixture(scope="module")
def big_file():
    return national_size_csv(50 * 1024 * 1024)


def start(tmp_path_factory, name, **env):
    extra = {"BODY_READ_TIMEOUT": str(BODY_TIMEOUT), "GUNICORN_THREADS": "4", **env}
    return RunningPortal(tmp_path_factory.mktemp(name), extra_env=extra).start()


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    running = start(tmp_path_factory, "uploads")
    yield running
    running.stop()


def import_through_gateway(portal, exam_id, body, **headers):
    return requests.put(
        f"{portal.url}/api/v1/exams/{exam_id}/results",
        data=body,
        headers={**portal.auth, "Content-Type": "text/csv", **headers},
        timeout=300,
    )


def test_a_national_size_file_imports_through_the_gateway_plain_and_gzip(portal, big_file):
    body, rows = big_file
    started = time.monotonic()
    plain = import_through_gateway(portal, "thpt-2040", body)
    assert plain.status_code == 200, plain.text[:300]
    assert plain.json()["imported"] == rows
    plain_seconds = time.monotonic() - started
    packed = gzip.compress(body, compresslevel=5)
    gzipped = import_through_gateway(portal, "thpt-2041", packed, **{"Content-Encoding": "gzip"})
    assert gzipped.status_code == 200, gzipped.text[:300]
    assert gzipped.json()["imported"] == rows
    looked_up = requests.get(f"{portal.url}/api/v1/exams/thpt-2041/results/01000002", timeout=10)
    assert looked_up.status_code == 200
    print(f"{len(body) / 1e6:.1f} MB, {rows} rows through the gateway in {plain_seconds:.1f} s")


def test_a_service_slower_than_the_upload_still_gets_all_of_it(tmp_path_factory, big_file):
    body, rows = big_file
    slow = start(tmp_path_factory, "slow", PORTAL_TEST_SWITCHES="1", PORTAL_TEST_BODY_READ_DELAY_MS="1")
    try:
        part = body[: 8 * 1024 * 1024]
        part = part[: part.rindex(b"\n") + 1]
        answer = import_through_gateway(slow, "thpt-2042", part)
        assert answer.status_code == 200, answer.text[:300]
        assert answer.json()["imported"] == part.count(b"\n") - 1
    finally:
        slow.stop()


def test_a_refusal_of_a_big_body_reaches_a_client_that_sends_it_all_first(portal):
    body = b"0" * (20 * 1024 * 1024)
    request = urllib.request.Request(
        f"{portal.url}/api/v1/exams/thpt-2043/results", data=body, method="PUT", headers={"Content-Type": "text/csv"}
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=60)
    assert refused.value.code == 401
    assert refused.value.headers["Content-Type"].startswith("application/json")


def stalled_upload(url, path, send, token, close_after=None):
    """Open a PUT promising 100 MB, send `send` bytes, then keep quiet (or close after a while)."""
    host, port = url.removeprefix("http://").split(":")
    sock = socket.create_connection((host, int(port)), timeout=30)
    head = (
        f"PUT {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n"
        "Content-Type: text/csv\r\nContent-Length: 100000000\r\n\r\n"
    )
    sock.sendall(head.encode() + HEADER.encode() + b"0" * send)
    if close_after is not None:
        time.sleep(close_after)
        sock.close()
        return None
    return sock


def test_stalled_and_abandoned_uploads_hold_no_threads(portal):
    exams = portal.service_url("exams")
    lookup = f"{portal.url}/api/v1/exams/thpt-2043/results/01000002"
    import_through_gateway(portal, "thpt-2043", national_size_csv(10_000)[0])
    # Twelve quiet ones at the gateway, twelve straight at the service (more than its threads),
    # and twelve that go away.
    quiet = [stalled_upload(portal.url, "/api/v1/exams/thpt-2044/results", 1000, portal.token) for _ in range(12)]
    quiet += [stalled_upload(exams, "/api/v1/exams/thpt-2044/results", 1000, portal.token) for _ in range(12)]
    with ThreadPoolExecutor(12) as pool:
        list(
            pool.map(
                lambda _: stalled_upload(portal.url, "/api/v1/exams/thpt-2045/results", 1000, portal.token, 0.2),
                range(12),
            )
        )
    try:
        # While they hang, reads keep answering (the services keep threads for them) …
        for _ in range(5):
            assert requests.get(lookup, timeout=5).status_code == 200
            assert requests.get(exams + "/healthz", timeout=5).status_code == 200
        # … and each stalled one has its answer within the body timeout: a 408 when it was being
        # read, or at once a 503 with Retry-After when another import was already running.
        time.sleep(BODY_TIMEOUT + 1.0)
        answers = []
        for sock in quiet:
            sock.settimeout(10)
            try:
                answers.append(sock.recv(200).split(b"\r\n", 1)[0])
            except OSError:
                answers.append(b"closed")
        assert all(b" 408 " in line or b" 503 " in line for line in answers), answers
        assert any(b" 408 " in line for line in answers), answers
    finally:
        for sock in quiet:
            sock.close()
    assert requests.get(lookup, timeout=5).status_code == 200
