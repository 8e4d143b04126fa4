"""What the edge keeps, proven by what reaches the processes behind it (their access logs, one
line per request they answered, found by the request ids the test sends): a second GET answered
by the edge, one request per missed key however many visitors ask at once, nothing kept for a
request with Authorization or a Cookie, no no-store or partial answer kept, text compressed,
static files and media bytes kept (Range answered from the kept bytes)."""

import signal
import threading
import time
import uuid

import pytest
import requests

from tests.edge.conftest import (
    edge_access_log,
    fresh_number,
    lookup_path,
    new_request_id,
    requests_seen,
    wait_until,
)


def probe_path(base="/"):
    """A page no one asked for yet (the query string makes it a key of its own)."""
    return f"{base}?edge-probe={uuid.uuid4().hex}"


def ask(client, path, **headers):
    request_id = new_request_id()
    response = client.get(path, headers={"X-Request-ID": request_id, **headers})
    return response, request_id


def test_a_second_get_is_answered_by_the_edge(edge, portal):
    client = edge.client()
    path = probe_path()
    first, first_id = ask(client, path)
    second, second_id = ask(client, path)
    assert first.status_code == second.status_code == 200
    assert first.headers["X-Cache-Status"] == "MISS"
    assert second.headers["X-Cache-Status"] == "HIT"
    assert second.text == first.text
    # The kept answer carries this visitor's own request id, not the first one's.
    assert second.headers["X-Request-ID"] == second_id
    assert [line["request_id"] for line in requests_seen(portal, "gateway", [first_id, second_id])] == [first_id]
    # The edge's own access log (JSON lines) says which it answered itself.
    logged = {
        line["request_id"]: line for line in edge_access_log(portal) if line["request_id"] in (first_id, second_id)
    }
    assert (logged[first_id]["cache"], logged[first_id]["upstream"]) == ("MISS", f"127.0.0.1:{portal.ports['gateway']}")
    assert (logged[second_id]["cache"], logged[second_id]["upstream"]) == ("HIT", "")
    assert logged[second_id]["client"] == client.address


def test_a_repeated_lookup_is_answered_by_the_edge_without_reaching_the_service(edge, portal):
    client = edge.client()
    path = lookup_path()
    first, first_id = ask(client, path)
    second, second_id = ask(client, path)
    assert (first.headers["X-Cache-Status"], second.headers["X-Cache-Status"]) == ("MISS", "HIT")
    assert second.json() == first.json()
    assert len(requests_seen(portal, "exams", [first_id, second_id])) == 1
    assert requests_seen(portal, "gateway", [first_id, second_id]) == []  # straight to the service


@pytest.mark.parametrize("make_path", [lookup_path, probe_path], ids=["lookup", "page"])
def test_one_kept_answer_serves_every_accept_encoding(edge, portal, make_path):
    """Browsers differ in what they accept (gzip; br; none from a script): the kept answer is the
    same bytes for all of them, compressed by the edge as each asks. Kept per Accept-Encoding (the
    services' Vary), visitors alternating between two browsers' values would each replace the
    other's copy and nearly every lookup would reach the service."""
    client = edge.client()
    path = make_path()
    encodings = ["gzip, deflate", "identity", "gzip, deflate, br, zstd", "identity", "gzip, deflate"]
    answers = [ask(client, path, **{"Accept-Encoding": encoding}) for encoding in encodings]
    assert [answer.headers["X-Cache-Status"] for answer, _ in answers] == ["MISS", "HIT", "HIT", "HIT", "HIT"]
    assert len({answer.content for answer, _ in answers}) == 1  # requests decodes the gzip ones
    assert answers[0][0].headers.get("Content-Encoding") == "gzip"
    assert "Content-Encoding" not in answers[1][0].headers
    backend = "exams" if make_path is lookup_path else "gateway"
    assert len(requests_seen(portal, backend, [request_id for _, request_id in answers])) == 1


def test_one_request_per_missed_key_however_many_ask_at_once(edge, portal):
    path = probe_path("/tra-cuu-diem-thi")
    crowd = 24
    clients = [edge.client() for _ in range(crowd)]
    start = threading.Barrier(crowd)
    answers = [None] * crowd

    def visit(index):
        start.wait()
        answers[index] = ask(clients[index], path)

    threads = [threading.Thread(target=visit, args=(index,)) for index in range(crowd)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert all(response.status_code == 200 for response, _ in answers)
    statuses = sorted(response.headers["X-Cache-Status"] for response, _ in answers)
    assert statuses.count("MISS") == 1, statuses
    reached = requests_seen(portal, "gateway", [request_id for _, request_id in answers])
    assert len(reached) == 1, reached


def test_answers_to_requests_with_authorization_or_a_cookie_are_never_kept(edge, portal):
    for credentials in ({"Authorization": f"Bearer {portal.token}"}, {"Cookie": "phien=abc"}):
        client = edge.client()
        path = probe_path("/api/v1/exams")
        with_credentials = [ask(client, path, **credentials) for _ in range(2)]
        assert [r.headers["X-Cache-Status"] for r, _ in with_credentials] == ["BYPASS", "BYPASS"]
        anonymous, anonymous_id = ask(client, path)
        assert anonymous.headers["X-Cache-Status"] == "MISS"  # nothing was kept from them
        ids = [request_id for _, request_id in with_credentials] + [anonymous_id]
        assert len(requests_seen(portal, "gateway", ids)) == 3

        # And what was kept for everyone is not what they get: they still reach the gateway.
        again, again_id = ask(client, path, **credentials)
        assert again.headers["X-Cache-Status"] == "BYPASS"
        assert len(requests_seen(portal, "gateway", [again_id])) == 1


def test_no_store_answers_are_not_kept(edge, portal):
    client = edge.client()
    path = probe_path("/trang-khong-co")
    answers = [ask(client, path) for _ in range(2)]
    assert all(response.status_code == 404 for response, _ in answers)
    assert all(response.headers["Cache-Control"] == "no-store" for response, _ in answers)
    assert [response.headers["X-Cache-Status"] for response, _ in answers] == ["MISS", "MISS"]
    assert len(requests_seen(portal, "gateway", [request_id for _, request_id in answers])) == 2


def test_a_partial_page_is_never_kept_and_the_whole_page_follows_its_backend_back(edge, portal):
    client = edge.client()
    path = probe_path()
    media = portal.processes["media"]
    media.signal(signal.SIGKILL)
    media.popen.wait(10)
    try:
        partial = [ask(client, path) for _ in range(3)]
        for response, _ in partial:
            assert response.status_code == 200
            assert response.headers["X-Partial-Content"] == "media"
            assert "max-age=5" in response.headers["Cache-Control"]
            assert response.headers["X-Cache-Status"] == "MISS"
        assert len(requests_seen(portal, "gateway", [request_id for _, request_id in partial])) == 3
    finally:
        portal.restart("media")
    back = time.monotonic()
    # The gateway takes the media service back after its breaker's cool-down (1 s here); the edge
    # holds nothing older: the whole page is there well within the partial page's own 5 s.
    assert wait_until(lambda: "X-Partial-Content" not in client.get(path).headers, timeout=5, every=0.1)
    assert time.monotonic() - back < 5
    assert client.get(path).headers["X-Cache-Status"] in ("HIT", "MISS")


def test_text_is_compressed(edge):
    client = edge.client()
    for path in (probe_path(), probe_path("/api/v1/exams"), "/static/portal.css"):
        compressed = client.get(path, headers={"Accept-Encoding": "gzip"})
        assert compressed.headers.get("Content-Encoding") == "gzip", path
        assert "Accept-Encoding" in compressed.headers["Vary"], path
        plain = client.get(path, headers={"Accept-Encoding": "identity"})
        assert "Content-Encoding" not in plain.headers, path
        assert plain.content == compressed.content  # requests decodes the gzip


def test_static_files_are_kept_and_their_revalidations_answered_by_the_edge(edge, portal):
    client = edge.client()
    path = f"/static/portal.css?v={uuid.uuid4().hex}"
    first, first_id = ask(client, path)
    assert first.status_code == 200 and first.headers["X-Cache-Status"] == "MISS"
    second, second_id = ask(client, path)
    assert second.headers["X-Cache-Status"] == "HIT" and second.content == first.content
    revalidated, revalidated_id = ask(client, path, **{"If-None-Match": first.headers["ETag"]})
    assert revalidated.status_code == 304
    assert len(requests_seen(portal, "gateway", [first_id, second_id, revalidated_id])) == 1


def test_media_bytes_are_kept_and_ranges_are_answered_from_them(edge, portal):
    client = edge.client()
    video = client.get("/api/v1/videos").json()["items"][0]
    path = "/media/" + video["url"].split("/media/", 1)[1] + f"?v={uuid.uuid4().hex}"
    direct = edge.client().session.get(portal.url + path.split("?")[0], timeout=20).content
    assert len(direct) == video["size"]

    first, first_id = ask(client, path, Range="bytes=1000-1999")
    assert first.status_code == 206 and first.headers["X-Cache-Status"] == "MISS"
    assert first.headers["Content-Range"] == f"bytes 1000-1999/{video['size']}"
    assert first.content == direct[1000:2000]
    assert "immutable" in first.headers["Cache-Control"]
    seek, seek_id = ask(client, path, Range=f"bytes={video['size'] - 100}-")
    assert seek.status_code == 206 and seek.headers["X-Cache-Status"] == "HIT"
    assert seek.content == direct[-100:]
    whole, whole_id = ask(client, path)
    assert whole.status_code == 200 and whole.headers["X-Cache-Status"] == "HIT"
    assert whole.content == direct
    # The video is under 1 MB: one slice, fetched once.
    assert len(requests_seen(portal, "gateway", [first_id, seek_id, whole_id])) == 1


def test_a_lookup_for_another_number_is_never_a_kept_answer(edge):
    client = edge.client()
    one, other = fresh_number(), fresh_number()
    assert client.get(lookup_path(one)).json()["sbd"] == one
    assert client.get(lookup_path(other)).json()["sbd"] == other


def test_a_repeated_lookup_is_kept_past_the_micro_cache_under_the_services_content_version(edge, portal):
    # A published lookup declares 60 s; keyed by the exams service's content version, the edge
    # keeps it that long (a page's micro-cache would have let it go after 1 s).
    client = edge.client()
    path = lookup_path()
    first, first_id = ask(client, path)
    time.sleep(2.5)
    second, second_id = ask(client, path)
    assert (first.headers["X-Cache-Status"], second.headers["X-Cache-Status"]) == ("MISS", "HIT")
    assert second.headers["Cache-Control"] == first.headers["Cache-Control"]
    assert len(requests_seen(portal, "exams", [first_id, second_id])) == 1


def _import(portal, exam_id, rows):
    answer = requests.put(
        f"{portal.url}/api/v1/exams/{exam_id}/results",
        params={"name": "Kỳ thi phúc khảo", "year": "2025", "published_at": "2025-07-16T08:00:00+07:00"},
        data=rows,
        headers={**portal.auth, "Content-Type": "text/csv"},
        timeout=60,
    )
    assert answer.status_code == 200, answer.text


def test_a_corrected_reimport_reaches_the_edges_readers_within_seconds(edge, portal):
    with open("services/exams/demo_data/thpt2025_sample.csv") as source:
        header, first_row, *rest = source.read().splitlines()[:30]
    number = first_row.split(",")[0]
    corrected = first_row.split(",")
    corrected[2] = "9.75"  # TOAN after phúc khảo
    # Letters only: digits in a random suffix can read as the exam's year ("…-2025-1234…").
    exam_id = "phuc-khao-" + uuid.uuid4().hex[:8].translate(str.maketrans("0123456789", "ghijklmnop"))
    _import(portal, exam_id, "\n".join([header, first_row, *rest]) + "\n")
    client = edge.client()
    path = lookup_path(number, exam=exam_id)

    def math_score():
        return client.get(path).json()["scores"]["toan"]

    assert math_score() == 3
    assert client.get(path).headers["X-Cache-Status"] == "HIT"  # kept, for the answer's 60 s
    _import(portal, exam_id, "\n".join([header, ",".join(corrected), *rest]) + "\n")
    changed_at = time.monotonic()
    assert wait_until(lambda: math_score() == 9.75, timeout=10, every=0.1)
    # The version is read at most VERSION_SECONDS (1 s) late; a reload of nginx is not needed.
    assert time.monotonic() - changed_at < 4
