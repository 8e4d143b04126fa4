"""What the portal acknowledged survives a crash: articles written, updated and deleted, photos and
a video uploaded, exam results imported — all through the gateway's API on the real processes —
then every process is killed with SIGKILL (no shutdown code runs) and the portal is started again
on the same data folder. Every acknowledged write is there, byte for byte."""

import os
import signal

import pytest
import requests

from services.media.demo import __file__ as media_demo_file
from tests.services.media.images import jpeg
from tests.support.portal import RunningPortal

pytestmark = pytest.mark.slow
MEDIA_DEMO = os.path.join(os.path.dirname(media_demo_file), "demo_data")
EXAM = "durability-2025"
HEADER = (
    "SBD,TinhId,TOAN,VAN,NGOAI_NGU,LI,HOA,SINH,SU,DIA,GIAO_DUC_CONG_DAN,TIN_HOC,"
    "CN_CONG_NGHIEP,CN_NONG_NGHIEP,GDKT_PL,TONGDIEM"
)
ARTICLES = 5


class Acknowledged:
    """What the portal answered 2xx to, and what went wrong while writing (per domain)."""

    def __init__(self):
        self.articles, self.updated, self.deleted = [], {}, []
        self.images, self.video, self.exam_rows = [], None, {}
        self.bytes_before = {}
        self.errors = {"articles": [], "media": [], "exams": []}


def _write(portal, done, domain, method, path, **kwargs):
    response = requests.request(
        method, portal.url + path, headers={**portal.auth, **kwargs.pop("headers", {})}, timeout=60, **kwargs
    )
    if response.status_code >= 300:
        done.errors[domain].append(f"{method} {path} → {response.status_code} {response.text[:200]}")
        return None
    return response.json() if response.content else {}


def write_articles(portal, done):
    for number in range(ARTICLES):
        body = {
            "title": f"Bài kiểm tra độ bền số {number}",
            "category": "van-phong",
            "body_html": f"<p>Nội dung bài {number}: đã ghi nhận thì phải còn.</p>",
        }
        created = _write(portal, done, "articles", "POST", "/api/v1/articles", json=body)
        if created:
            done.articles.append(created)
    if len(done.articles) >= 2:
        first, last = done.articles[0]["slug"], done.articles[-1]["slug"]
        if (
            _write(portal, done, "articles", "PATCH", f"/api/v1/articles/{first}", json={"title": "Đã sửa sau khi ghi"})
            is not None
        ):
            done.updated[first] = "Đã sửa sau khi ghi"
        if _write(portal, done, "articles", "DELETE", f"/api/v1/articles/{last}") is not None:
            done.deleted.append(last)


def write_media(portal, done):
    album = _write(portal, done, "media", "POST", "/api/v1/albums", json={"title": "Album độ bền"})
    if not album:
        return
    for number, data in enumerate((jpeg(320, 240, (10, 20, 30)), jpeg(200, 300, (200, 100, 0)))):
        image = _write(
            portal,
            done,
            "media",
            "POST",
            f"/api/v1/albums/{album['id']}/images",
            files={"file": (f"anh-{number}.jpg", data, "image/jpeg")},
            data={"title": f"Ảnh {number}"},
        )
        if image:
            done.images.append((album["id"], image))
    with open(os.path.join(MEDIA_DEMO, "sample-360p-8s.webm"), "rb") as source:
        video_bytes = source.read()
    done.video = _write(
        portal,
        done,
        "media",
        "POST",
        "/api/v1/videos",
        files={"file": ("clip.webm", video_bytes, "video/webm")},
        data={"title": "Video độ bền"},
    )
    if done.video:  # as served (its location metadata blanked), not as sent
        done.bytes_before[done.video["url"]] = requests.get(done.video["url"], timeout=30).content
    for _, image in done.images:
        for url in image["urls"].values():
            done.bytes_before[url] = requests.get(url, timeout=30).content


def write_exam(portal, done):
    rows = {f"{11000000 + n:08d}": (5 + n * 0.25, 6.5) for n in range(1, 21)}
    lines = [HEADER] + [
        f"{sbd},11,{toan},{van},-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,{toan + van}" for sbd, (toan, van) in rows.items()
    ]
    report = _write(
        portal,
        done,
        "exams",
        "PUT",
        f"/api/v1/exams/{EXAM}/results",
        data=("\n".join(lines) + "\n").encode(),
        headers={"Content-Type": "text/csv"},
    )
    if report and report.get("imported") == len(rows):
        done.exam_rows = rows
    elif report:
        done.errors["exams"].append(f"import report: {report}")


@pytest.fixture(scope="module")
def crashed_and_restarted(tmp_path_factory):
    portal = RunningPortal(tmp_path_factory.mktemp("durability"), extra_env={"CACHE_ENABLED": "0"}).start()
    try:
        done = Acknowledged()
        write_articles(portal, done)
        write_media(portal, done)
        write_exam(portal, done)
        for process in portal.processes.values():
            process.signal(signal.SIGKILL)
        for process in portal.processes.values():
            process.popen.wait(10)
        portal.start()
        yield portal, done
    finally:
        portal.stop()


def get(portal, path, **kwargs):
    return requests.get(portal.url + path if path.startswith("/") else path, timeout=30, **kwargs)


def test_the_portal_is_ready_again(crashed_and_restarted):
    portal, _ = crashed_and_restarted
    assert get(portal, "/readyz").status_code == 200


def test_acknowledged_articles_are_there(crashed_and_restarted):
    portal, done = crashed_and_restarted
    assert done.errors["articles"] == [], "writes the portal refused"
    assert len(done.articles) == ARTICLES
    for article in done.articles:
        response = get(portal, f"/api/v1/articles/{article['slug']}")
        if article["slug"] in done.deleted:
            assert response.status_code == 404, f"deleted {article['slug']} came back"
            continue
        assert response.status_code == 200, f"{article['slug']}: {response.status_code}"
        assert response.json()["title"] == done.updated.get(article["slug"], article["title"])
        assert response.json()["body_html"] == article["body_html"]
        assert get(portal, f"/bai-viet/{article['slug']}").status_code == 200


def test_acknowledged_media_are_there_byte_for_byte(crashed_and_restarted):
    portal, done = crashed_and_restarted
    assert done.errors["media"] == [], "writes the portal refused"
    assert len(done.images) == 2 and done.video
    album_id = done.images[0][0]
    album = get(portal, f"/api/v1/albums/{album_id}").json()
    assert [image["id"] for image in album["images"]] == [image["id"] for _, image in done.images]
    videos = get(portal, "/api/v1/videos", params={"per_page": 100}).json()["items"]
    assert done.video["id"] in [video["id"] for video in videos]
    for url, data in done.bytes_before.items():
        response = get(portal, url)
        assert response.status_code == 200, url
        assert response.content == data, f"{url} changed across the crash"


def test_acknowledged_exam_results_are_there(crashed_and_restarted):
    portal, done = crashed_and_restarted
    assert done.errors["exams"] == [], "writes the portal refused"
    assert done.exam_rows
    for sbd, (toan, van) in done.exam_rows.items():
        response = get(portal, f"/api/v1/exams/{EXAM}/results/{sbd}")
        assert response.status_code == 200, f"{sbd}: {response.status_code}"
        assert response.json()["scores"] == {"toan": toan, "ngu_van": van}
