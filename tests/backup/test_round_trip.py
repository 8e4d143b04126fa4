"""Backups on the real processes: the demo content plus articles (with revisions), photos, a video,
an exam with results and a publication time, a staff account and the audit log; a writer keeps
writing while `make backup` (the real command) runs; the data folder is wiped, `make restore`
puts the archive back, and the portal started again answers every page, JSON answer, media byte,
lookup and audit entry acknowledged before the backup began exactly as before. The same archive
restored into MongoDB (nx-27017) and S3 (SeaweedFS) gives the same answers; a truncated or an
edited archive is refused and leaves the target empty; an encrypted archive goes back with its
passphrase and is refused with a wrong one."""

import gzip
import io
import os
import re
import shutil
import subprocess
import tarfile
import threading
import time
import uuid

import pymongo
import pytest
import requests

from services.media.demo import __file__ as media_demo_file
from tests.services.documents.files import text_pdf
from tests.services.media.images import jpeg
from tests.support.portal import RunningPortal
from tools.processes import ROOT

pytestmark = pytest.mark.slow
MEDIA_DEMO = os.path.join(os.path.dirname(media_demo_file), "demo_data")
EXAM = "sao-luu-2025"
CANDIDATES = 300
HEADER = (
    "SBD,TinhId,TOAN,VAN,NGOAI_NGU,LI,HOA,SINH,SU,DIA,GIAO_DUC_CONG_DAN,TIN_HOC,"
    "CN_CONG_NGHIEP,CN_NONG_NGHIEP,GDKT_PL,TONGDIEM"
)
STAFF = {"username": "lan.nguyen", "password": "Sao-luu-khong-mat-2025!", "display_name": "Nguyễn Thị Lan"}
# Lookups are counted per client; this test is one client asking for every candidate.
LIFTED_LIMITS = {"RATE_LIMIT_EXAM_LOOKUP": "100000/minute", "EXAMS_LOOKUP_RATE_LIMIT": "100000/minute"}


def make(target, env, *args):
    return subprocess.run(
        ["make", "--no-print-directory", target, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )


def exit_code(result):
    """The tool's own exit code: make ends with 2 on any failed recipe and names the code."""
    found = re.search(r"\] Error (\d+)$", result.stderr.strip())
    return int(found.group(1)) if found else result.returncode


def tool_env(data_dir, backup_dir, **extra):
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("S3_", "MONGO_", "BACKUP_", "RESTORE_")) and name != "DATA_DIR"
    }
    return {**env, "DATA_DIR": str(data_dir), "BACKUP_DIR": str(backup_dir), **extra}


def call(portal, method, path, **kwargs):
    headers = {**portal.auth, **kwargs.pop("headers", {})}
    response = requests.request(method, portal.url + path, headers=headers, timeout=60, **kwargs)
    assert response.status_code < 300, f"{method} {path} → {response.status_code} {response.text[:300]}"
    return response.json() if response.content else {}


def add_content(portal):
    """What the portal is asked to keep, beyond the demo content; returns what to look at after."""
    slugs = []
    for number in range(3):
        body = {
            "title": f"Tin sao lưu số {number}",
            "category": "tin-tuc-su-kien",
            "body_html": f"<p>Bài {number}.</p>",
        }
        slugs.append(call(portal, "POST", "/api/v1/articles", json=body)["slug"])
    call(portal, "PATCH", f"/api/v1/articles/{slugs[0]}", json={"title": "Tin sao lưu đã sửa"})
    album = call(portal, "POST", "/api/v1/albums", json={"title": "Album sao lưu"})
    for number, color in enumerate(((10, 20, 30), (200, 100, 0))):
        call(
            portal,
            "POST",
            f"/api/v1/albums/{album['id']}/images",
            files={"file": (f"anh-{number}.jpg", jpeg(320, 240, color), "image/jpeg")},
            data={"title": f"Ảnh sao lưu {number}"},
        )
    with open(os.path.join(MEDIA_DEMO, "sample-360p-8s.webm"), "rb") as source:
        video = call(
            portal,
            "POST",
            "/api/v1/videos",
            files={"file": ("clip.webm", source.read(), "video/webm")},
            data={"title": "Video sao lưu"},
        )
    rows = [f"{11000000 + n:08d}" for n in range(1, CANDIDATES + 1)]
    lines = [HEADER] + [
        f"{sbd},11,{5 + (n % 20) / 4},6.5,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,{11.5 + (n % 20) / 4}"
        for n, sbd in enumerate(rows)
    ]
    call(
        portal,
        "PUT",
        f"/api/v1/exams/{EXAM}/results",
        data=("\n".join(lines) + "\n").encode(),
        headers={"Content-Type": "text/csv"},
    )
    call(portal, "PATCH", f"/api/v1/exams/{EXAM}", json={"published_at": "2025-07-16T08:00:00+07:00"})
    call(portal, "POST", "/api/v1/users", json={**STAFF, "roles": ["editor"]})
    document = call(
        portal,
        "POST",
        "/api/v1/documents",
        data={
            "number": "77/KH-SGDĐT",
            "type": "Kế hoạch",
            "issuer": "Sở Giáo dục và Đào tạo",
            "signer": "Trần Văn An",
            "issued_on": "2025-03-01",
            "field": "Khảo thí",
            "summary": "Kế hoạch sao lưu hồ sơ thi tốt nghiệp năm 2025",
        },
        files={"file": ("Kế hoạch 77.pdf", text_pdf([["Ke hoach sao luu ho so thi"]]), "application/pdf")},
    )
    return {"slugs": slugs, "album": album["id"], "video": video["id"], "sbds": rows, "document": document["id"]}


def paged(portal, path, headers=None):
    items, page = [], 1
    while True:
        answer = requests.get(
            portal.url + path, params={"page": page, "per_page": 100}, headers=headers, timeout=30
        ).json()
        items += answer["items"]
        if page >= answer["pages"]:
            return items
        page += 1


def normalized(portal, text):
    """An answer as any portal on any port would give it: its own address, the page's CSP nonce
    and the question form's token (it carries the time the page was made) are the only parts that
    differ between two runs."""
    text = re.sub(r'name="form_token" value="[^"]*"', 'name="form_token" value=""', text)
    return re.sub(r'nonce="[^"]*"', 'nonce=""', text.replace(portal.url, "http://portal"))


def answers(portal, content):
    """Every page, JSON answer, media byte and lookup the test compares, by what was asked."""
    got = {}

    def text(path, headers=None):
        response = requests.get(portal.url + path, headers=headers, timeout=30)
        got[path] = (response.status_code, normalized(portal, response.text))
        return response

    for path in ("/", "/chuyen-muc/tin-tuc-su-kien", "/hinh-anh", "/video", "/rss.xml", "/sitemap.xml"):
        text(path)
    text("/api/v1/categories")
    got["articles"] = normalized(portal, repr(paged(portal, "/api/v1/articles")))
    for slug in content["slugs"]:
        text(f"/api/v1/articles/{slug}")
        text(f"/bai-viet/{slug}")
        text(f"/api/v1/articles/{slug}/revisions", headers=portal.auth)
    text("/api/v1/albums")
    album = text(f"/api/v1/albums/{content['album']}").json()
    text(f"/hinh-anh/{content['album']}")
    videos = text("/api/v1/videos").json()["items"]
    text(f"/video/{content['video']}")
    urls = [url for image in album["images"] for url in image["urls"].values()]
    urls += [video[name] for video in videos for name in ("url", "poster") if video.get(name)]
    for url in urls:
        response = requests.get(url, timeout=30)
        got[url.replace(portal.url, "")] = (response.status_code, response.content)
    for path in ("/api/v1/exams", f"/api/v1/exams/{EXAM}", f"/api/v1/exams/{EXAM}/stats", "/api/v1/exams/thpt-2025"):
        text(path)
    for sbd in content["sbds"]:
        text(f"/api/v1/exams/{EXAM}/results/{sbd}")
    text(f"/tra-cuu-diem-thi?exam={EXAM}&sbd={content['sbds'][7]}")
    # Văn bản (its file's bytes, and found by the text inside its PDF) and the sections.
    document = text(f"/api/v1/documents/{content['document']}").json()
    for path in (
        "/api/v1/documents",
        "/api/v1/documents?q=sao+luu+ho+so",
        "/van-ban",
        f"/van-ban/{content['document']}",
    ):
        text(path)
    for file in document["files"]:
        response = requests.get(file["url"], timeout=30)
        got[file["url"].replace(portal.url, "")] = (response.status_code, response.content)
    for path in ("/api/v1/site", "/api/v1/questions", "/gioi-thieu", "/lien-he", "/hoi-dap", "/en"):
        text(path)
    got["users"] = repr(paged(portal, "/api/v1/users", headers=portal.auth))
    got["audit"] = paged(portal, "/api/v1/audit", headers=portal.auth)
    return got


def is_lookup(key):
    """A candidate's answer: the JSON lookup, or the lookup page."""
    return "/results/" in key or key.startswith("/tra-cuu-diem-thi?")


def assert_same(before, after, which=lambda key: True):
    """Every answer taken before the backup (those `which` names) given alike after it. Audit
    entries by id: the writer's later ones are there too, and their order is the API's concern."""
    compared = 0
    for key, value in before.items():
        if key != "audit" and which(key):
            assert after.get(key) == value, f"{key} differs after the restore"
            compared += 1
    assert compared, "nothing compared"
    if which("audit"):
        assert before["audit"], "no audit entries to compare"
        restored = {entry["id"]: entry for entry in after["audit"]}
        for entry in before["audit"]:
            assert restored.get(entry["id"]) == entry, f"audit entry {entry['id']} differs after the restore"


class Writer(threading.Thread):
    """Keeps saving drafts (not public, so the compared pages stay as they were) while the
    backup runs; remembers when each save was acknowledged."""

    def __init__(self, portal):
        super().__init__(daemon=True)
        self.portal, self.stop, self.acknowledged, self.failures = portal, threading.Event(), [], []

    def run(self):
        number = 0
        while not self.stop.is_set():
            number += 1
            body = {"title": f"Bản nháp trong lúc sao lưu {number}", "category": "van-phong", "status": "draft"}
            body["body_html"] = f"<p>Nháp {number}</p>"
            response = requests.post(
                self.portal.url + "/api/v1/articles", json=body, headers=self.portal.auth, timeout=60
            )
            if response.status_code == 201:
                self.acknowledged.append((time.monotonic(), response.json()["slug"]))
            else:
                self.failures.append(f"{response.status_code} {response.text[:200]}")


def sign_in(portal):
    return requests.post(
        portal.url + "/api/v1/auth/token",
        json={"username": STAFF["username"], "password": STAFF["password"]},
        timeout=30,
    )


@pytest.fixture(scope="module")
def backed_up(tmp_path_factory):
    """The portal filled, its answers taken, `make backup` run while a writer writes."""
    root = tmp_path_factory.mktemp("backup")
    data_dir, backups = root / "data", root / "backups"
    portal = RunningPortal(data_dir, extra_env=LIFTED_LIMITS).start()
    try:
        content = add_content(portal)
        before = answers(portal, content)
        writer = Writer(portal)
        writer.start()
        time.sleep(0.5)
        began = time.monotonic()
        made = make("backup", tool_env(data_dir, backups))
        writer.stop.set()
        writer.join(60)
    finally:
        portal.stop()
    assert made.returncode == 0, made.stdout + made.stderr
    archive = made.stdout.strip().splitlines()[-1]
    assert os.path.isfile(archive) and os.path.dirname(archive) == str(backups), made.stdout
    drafts = [slug for at, slug in writer.acknowledged if at < began]
    assert drafts and not writer.failures, writer.failures
    return {
        "portal": portal,
        "data_dir": data_dir,
        "archive": archive,
        "backups": backups,
        "content": content,
        "before": before,
        "drafts": drafts,
        "root": root,
    }


def restarted(data_dir, token, signing_key, extra_env=None):
    portal = RunningPortal(data_dir, extra_env={**LIFTED_LIMITS, **(extra_env or {})}, demo=False)
    portal.token, portal.signing_key = token, signing_key
    return portal.start()


def test_the_archive_is_beside_the_data_folder_with_its_checksum(backed_up):
    archive = backed_up["archive"]
    assert os.path.basename(archive).startswith("portal-backup-") and archive.endswith(".tar.gz")
    assert not str(archive).startswith(str(backed_up["data_dir"]))
    assert os.path.exists(archive + ".sha256")
    assert os.stat(archive).st_mode & 0o077 == 0, "an archive holds personal data: its owner's only"


def test_restored_into_sqlite_and_files_answers_as_before(backed_up):
    data_dir, original = backed_up["data_dir"], backed_up["portal"]
    shutil.rmtree(data_dir)
    restored = make("restore", tool_env(data_dir, backed_up["backups"]), f"BACKUP={backed_up['archive']}")
    assert restored.returncode == 0, restored.stdout + restored.stderr
    again = make("restore", tool_env(data_dir, backed_up["backups"]), f"BACKUP={backed_up['archive']}")
    assert exit_code(again) == 4 and "--force" in again.stderr, "a second restore onto the data must be refused"
    portal = restarted(data_dir, original.token, original.signing_key)
    try:
        assert_same(backed_up["before"], answers(portal, backed_up["content"]))
        for slug in backed_up["drafts"]:
            found = requests.get(f"{portal.url}/api/v1/articles/{slug}/revisions", headers=portal.auth, timeout=30)
            assert found.status_code == 200, f"draft {slug}, acknowledged before the backup, is missing"
        assert sign_in(portal).status_code == 200, "the staff account's password must still work"
    finally:
        portal.stop()


@pytest.fixture(scope="module")
def in_production(backed_up, mongo_server, s3_server):
    """The same archive restored into MongoDB and S3, the portal started on them, its answers."""
    data_dir, original = backed_up["root"] / "production", backed_up["portal"]
    bucket = f"media-{uuid.uuid4().hex[:8]}"
    production = {
        "MONGO_URL": mongo_server.url(f"portal_{uuid.uuid4().hex[:8]}"),
        **{name: str(value) for name, value in s3_server.config(bucket).items() if value is not False},
    }
    env = tool_env(data_dir, backed_up["backups"], **production)
    restored = make("restore", env, f"BACKUP={backed_up['archive']}")
    assert restored.returncode == 0, restored.stdout + restored.stderr
    portal = restarted(data_dir, original.token, original.signing_key, extra_env=production)
    try:
        after = answers(portal, backed_up["content"])
        # Production's own backup, of MongoDB and S3 while the portal runs (before the sign-in
        # below adds an audit entry).
        backup = make("backup", {**env, "BACKUP_DIR": str(backed_up["root"] / "production-backups")})
        signed_in = sign_in(portal).status_code
    finally:
        portal.stop()
    again = make("restore", env, f"BACKUP={backed_up['archive']}")
    return {"after": after, "signed_in": signed_in, "again": exit_code(again), "backup": backup}


def test_the_same_archive_restored_into_mongodb_and_s3_answers_the_same(backed_up, in_production):
    assert_same(backed_up["before"], in_production["after"], which=lambda key: not is_lookup(key))
    assert in_production["signed_in"] == 200
    assert in_production["again"] == 4, "a non-empty database and bucket must be refused"


def test_a_backup_of_mongodb_and_s3_holds_the_same_records_and_objects(backed_up, in_production):
    made = in_production["backup"]
    assert made.returncode == 0, made.stdout + made.stderr
    assert "(mongo)" in made.stdout and "(s3)" in made.stdout
    production_archive = made.stdout.strip().splitlines()[-1]
    assert _records(production_archive, {}) == _records(backed_up["archive"], {})


def test_exam_lookups_restored_into_mongodb_answer_the_same(backed_up, in_production):
    """Scores, block totals and percentiles (each generation's percentile tables) of every candidate."""
    assert_same(backed_up["before"], in_production["after"], which=is_lookup)


def _edited_copy(archive, target):
    """The archive with one record changed and its manifest left as it was."""
    with tarfile.open(archive, "r:gz") as source, tarfile.open(target, "w:gz") as out:
        for member in source:
            data = source.extractfile(member).read()
            if member.name.startswith("records/articles/articles/"):
                data = data.replace("Tin sao lưu".encode(), "Tin giả mạo".encode(), 1)
                member.size = len(data)
            out.addfile(member, io.BytesIO(data))


def _empty_target(data_dir, mongo_url):
    leftovers = [name for name in os.listdir(data_dir) if name != "tmp"] if os.path.isdir(data_dir) else []
    database = pymongo.MongoClient(mongo_url, serverSelectionTimeoutMS=3000).get_default_database()
    return leftovers == [] and database.list_collection_names() == []


def test_a_truncated_or_edited_archive_is_refused_and_changes_nothing(backed_up, mongo_server, tmp_path):
    archive = backed_up["archive"]
    with open(archive, "rb") as whole:
        data = whole.read()
    truncated = tmp_path / "cut.tar.gz"
    truncated.write_bytes(data[: len(data) * 2 // 3])
    edited = tmp_path / "edited.tar.gz"
    _edited_copy(archive, edited)
    not_gzip = tmp_path / "not-gzip.tar.gz"
    not_gzip.write_bytes(gzip.decompress(data)[:5000])
    for damaged in (truncated, edited, not_gzip):
        for target in ({}, {"MONGO_URL": mongo_server.url(f"refused_{uuid.uuid4().hex[:8]}")}):
            data_dir = tmp_path / f"target-{uuid.uuid4().hex[:6]}"
            result = make("restore", tool_env(data_dir, tmp_path, **target), f"BACKUP={damaged}")
            assert exit_code(result) == 3, result.stdout + result.stderr
            assert "hỏng" in result.stderr
            url = target.get("MONGO_URL") or mongo_server.url(f"never_{uuid.uuid4().hex[:8]}")
            assert _empty_target(data_dir, url), f"{damaged.name} changed the target"


def test_an_encrypted_archive_round_trips_and_a_wrong_passphrase_is_refused(backed_up, tmp_path):
    source = tmp_path / "source"
    shutil.copytree(backed_up["data_dir"], source, ignore=shutil.ignore_patterns("logs", "run"))
    env = tool_env(source, tmp_path / "backups", BACKUP_PASSPHRASE="một câu mật khẩu dài cho bản sao lưu")
    made = make("backup", env)
    assert made.returncode == 0, made.stdout + made.stderr
    archive = made.stdout.strip().splitlines()[-1]
    assert archive.endswith(".tar.gz.enc")
    with open(archive, "rb") as encrypted:
        assert "Tin sao lưu".encode() not in encrypted.read()
    wrong = make(
        "restore", {**env, "DATA_DIR": str(tmp_path / "wrong"), "BACKUP_PASSPHRASE": "sai"}, f"BACKUP={archive}"
    )
    assert exit_code(wrong) == 5 and "mật khẩu" in wrong.stderr
    assert not os.path.exists(tmp_path / "wrong") or os.listdir(tmp_path / "wrong") == []
    target = tmp_path / "target"
    restored = make("restore", {**env, "DATA_DIR": str(target)}, f"BACKUP={archive}")
    assert restored.returncode == 0, restored.stdout + restored.stderr
    checked = make("backup", {**env, "DATA_DIR": str(target), "BACKUP_DIR": str(tmp_path / "again")})
    assert checked.returncode == 0
    assert _records(archive, env) == _records(checked.stdout.strip().splitlines()[-1], env)


def _records(archive, env):
    """The archive's records and object checksums, as `verify` lists them."""
    from tools.backup.restore import verify

    manifest = verify(archive, env.get("BACKUP_PASSPHRASE"))
    return {name: part["counts"] for name, part in manifest["services"].items()}, sorted(
        (entry["name"], entry["sha256"]) for entry in manifest["members"] if entry["name"].startswith("objects/")
    )
