"""After any successful write through the gateway, every reader sees it within a second, whichever
gateway worker answers: real gunicorn processes, the gateway with two workers and its caches on
(page cache and backend answer cache, with lives far longer than the test), a write of each kind,
then reads on new connections (gunicorn hands them to either worker).

Without the content versions, the worker that did not take the write keeps its copy for
PAGE_CACHE_SECONDS (here 60 s) and this test fails."""

import io
import os
import time

import pytest
import requests

from tests.support.portal import RunningPortal

DEMO_MEDIA = os.path.join(os.path.dirname(__file__), "..", "..", "services", "media", "demo_data")
READS = 24  # per check: with two workers, both answer some of them (a miss is 2 × 2⁻²⁴)
VISIBLE_WITHIN = 1.0


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    running = RunningPortal(
        tmp_path_factory.mktemp("freshness"),
        extra_env={
            "GUNICORN_WORKERS": "2",
            "PAGE_CACHE_SECONDS": "60",
            "CACHE_TTL_ARTICLES": "60",
            "CACHE_TTL_MEDIA": "60",
            "CACHE_TTL_EXAMS": "600",
        },
    ).start()
    yield running
    running.stop()


def read_all(portal, path, pick):
    """`pick(response)` of READS reads, each on its own connection."""
    seen = []
    for _ in range(READS):
        response = requests.get(portal.url + path, timeout=10, headers={"Connection": "close"})
        assert response.status_code in (200, 404), (path, response.status_code, response.text[:200])
        seen.append(pick(response))
    return seen


def write(portal, method, path, headers=None, **kwargs):
    response = requests.request(
        method, portal.url + path, headers={**portal.auth, **(headers or {})}, timeout=60, **kwargs
    )
    assert response.status_code < 300, (method, path, response.status_code, response.text[:300])
    return response


def assert_seen_everywhere(portal, reads):
    """`reads`: (path, pick, expected). A second after the write, every read (caches warm on both
    workers before it) shows what was written."""
    time.sleep(VISIBLE_WITHIN)
    for path, pick, expected in reads:
        assert set(read_all(portal, path, pick)) == {expected}, path


def title_of(response):
    return response.json()["title"] if response.status_code == 200 else None


def test_an_article_edited_published_and_deleted_is_seen_by_every_worker(portal):
    created = write(
        portal,
        "POST",
        "/api/v1/articles",
        json={
            "title": "Bản nháp kế hoạch",
            "category": "van-phong",
            "body_html": "<p>Nội dung</p>",
            "status": "draft",
        },
    ).json()
    slug = created["slug"]
    json_path, page_path = f"/api/v1/articles/{slug}", f"/bai-viet/{slug}"

    def on_page(response):
        return "Kế hoạch tuyển sinh lớp 10" in response.text if response.status_code == 200 else None

    assert set(read_all(portal, json_path, title_of)) == {None}  # a draft is not public: 404, kept
    write(portal, "PATCH", json_path, json={"status": "published"})
    assert_seen_everywhere(portal, [(json_path, title_of, "Bản nháp kế hoạch")])

    read_all(portal, page_path, on_page)  # both workers keep the page now
    write(portal, "PATCH", json_path, json={"title": "Kế hoạch tuyển sinh lớp 10"})
    assert_seen_everywhere(portal, [(json_path, title_of, "Kế hoạch tuyển sinh lớp 10"), (page_path, on_page, True)])

    write(portal, "DELETE", json_path)
    assert_seen_everywhere(portal, [(json_path, title_of, None), (page_path, on_page, None)])


def test_an_album_and_its_new_photo_and_a_new_video_are_seen_by_every_worker(portal):
    def album_count(response):
        return response.json()["total"]

    before = read_all(portal, "/api/v1/albums", album_count)[0]
    album = write(portal, "POST", "/api/v1/albums", json={"title": "Hội nghị tổng kết năm học"}).json()
    assert_seen_everywhere(portal, [("/api/v1/albums", album_count, before + 1)])

    def image_count(response):
        return len(response.json()["images"])

    album_path = f"/api/v1/albums/{album['id']}"
    assert set(read_all(portal, album_path, image_count)) == {0}
    with open(os.path.join(DEMO_MEDIA, "rocket.jpg"), "rb") as photo:
        write(
            portal,
            "POST",
            f"{album_path}/images",
            files={"file": ("rocket.jpg", photo, "image/jpeg")},
            data={"title": "Khai mạc"},
        )
    assert_seen_everywhere(portal, [(album_path, image_count, 1)])

    def video_total(response):
        return response.json()["total"]

    videos_before = read_all(portal, "/api/v1/videos", video_total)[0]
    with open(os.path.join(DEMO_MEDIA, "sample-360p-8s.webm"), "rb") as clip:
        write(
            portal,
            "POST",
            "/api/v1/videos",
            files={"file": ("clip.webm", io.BytesIO(clip.read()), "video/webm")},
            data={"title": "Lễ khai giảng"},
        )
    assert_seen_everywhere(portal, [("/api/v1/videos", video_total, videos_before + 1)])


def test_an_exam_reimported_is_seen_by_every_worker(portal):
    header = "SBD,TOAN,VAN,NGOAI_NGU,LI,HOA,SINH,SU,DIA,GDCD,MA_NGOAI_NGU\n"
    path = "/api/v1/exams/thpt-2030/results/01000001"

    def math_score(response):
        return response.json()["scores"]["toan"] if response.status_code == 200 else None

    write(
        portal,
        "PUT",
        "/api/v1/exams/thpt-2030/results",
        data=(header + "01000001,7.5,8,,,,,,,,\n").encode(),
        headers={"Content-Type": "text/csv"},
    )
    assert_seen_everywhere(portal, [(path, math_score, 7.5)])
    write(
        portal,
        "PUT",
        "/api/v1/exams/thpt-2030/results",
        data=(header + "01000001,9.25,8,,,,,,,,\n").encode(),
        headers={"Content-Type": "text/csv"},
    )
    assert_seen_everywhere(portal, [(path, math_score, 9.25)])
