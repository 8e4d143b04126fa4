"""The desk's "Kết quả thi" against a real accounts service and a real exams service (loopback
ports): an exam officer uploads a new exam's file as the desk's script sends it (the body, the
CSRF header), follows the job to its report with the rejected lines (and their CSV), sets the
publication time in Vietnam time and previews a candidate's embargoed result, which the public
cannot see yet; a member who is no exam officer gets the friendly 403; the upload without its
CSRF header is refused; the service's audit names the member."""

import time

import pytest
import requests

from services.exams import create_app as create_exams
from tests.conftest import TEST_ADMIN_TOKEN
from tests.gateway.desk import conftest as desk
from tests.gateway.desk.conftest import PASSWORD, SIGNING_KEY, meta_csrf_of, sign_in
from tests.gateway.news.dom import parse
from tests.services.exams.conftest import fixture_bytes
from tests.support.live import serve_app

# The desk's fixtures: a real accounts service with its staff, and a gateway pointed at it.
accounts_config, accounts_app, accounts_url, make_gateway = (
    desk.accounts_config,
    desk.accounts_app,
    desk.accounts_url,
    desk.make_gateway,
)
MACHINE = {"Authorization": f"Bearer {TEST_ADMIN_TOKEN}"}
OFFICER = next((name for name, (_, roles) in desk.STAFF.items() if roles == ["exam_officer"]), "khao-thi-2")
EDITOR = next((name for name, (_, roles) in desk.STAFF.items() if roles == ["editor"]), None)


@pytest.fixture
def exams_url(tmp_path, accounts_url):
    if OFFICER not in desk.STAFF:
        requests.post(
            f"{accounts_url}/api/v1/users",
            json={"username": OFFICER, "password": PASSWORD, "display_name": "Vũ Khảo Thí", "roles": ["exam_officer"]},
            headers=MACHINE,
            timeout=10,
        ).raise_for_status()
    service = create_exams(
        {
            "DATA_DIR": str(tmp_path / "exams"),
            "ADMIN_TOKEN": TEST_ADMIN_TOKEN,
            "AUTH_SIGNING_KEY": SIGNING_KEY,
            "ACCOUNTS_URL": accounts_url,
            "TESTING": True,
            "EXAMS_LOOKUP_RATE_LIMIT": "100000/minute",
        }
    )
    with serve_app(service) as url:
        yield url


@pytest.fixture
def officer(make_gateway, exams_url):
    client = make_gateway(EXAMS_URL=exams_url, CACHE_ENABLED=False).test_client()
    assert sign_in(client, OFFICER).status_code == 302
    return client


def _upload(client, query, body, token, content_type="text/csv"):
    return client.post(
        f"/quan-tri/ket-qua-thi/nhap?{query}",
        data=body,
        headers={"X-CSRFToken": token, "Accept": "application/json", "Content-Type": content_type},
    )


def _follow(client, page, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job = client.get(page, headers={"Accept": "application/json"}).json
        if job["state"] in ("done", "failed"):
            return job
        time.sleep(0.05)
    raise AssertionError("the job did not finish")


def test_an_officer_imports_a_file_with_bad_rows_and_reads_the_report(officer, accounts_url):
    listing = officer.get("/quan-tri/ket-qua-thi")
    assert listing.status_code == 200 and listing.headers["Cache-Control"] == "private, no-store"
    html = listing.get_data(as_text=True)
    assert "Kết quả thi" in html and "Chưa có kỳ thi nào" in html
    nav = [a.text() for a in parse(html).find("nav", class_="desk-nav").find_all("a")]
    assert "Kết quả thi" in nav
    token = meta_csrf_of(listing)
    started = _upload(officer, "exam=thpt-2026&name=Kỳ thi thử 2026", fixture_bytes("national_2025.csv"), token)
    assert started.status_code == 202, started.json
    page = started.json["page"]
    assert page == f"/quan-tri/ket-qua-thi/thpt-2026/lan-nhap/{started.json['job']}"
    job = _follow(officer, page)
    assert (job["state"], job["imported"], job["rejected_total"], job["rows"]) == ("done", 5, 4, 9)
    report = parse(officer.get(page).get_data(as_text=True))
    assert "Đã nhập 5 thí sinh; 4 dòng bị từ chối" in report.find("main").text()
    rejected = report.find("table", class_="exam-rejected")
    assert [row.find("td").text() for row in rejected.find("tbody").find_all("tr")] == ["7", "8", "9", "10"]
    csv_answer = officer.get(f"{page}/dong-bi-tu-choi.csv")
    assert csv_answer.status_code == 200 and csv_answer.mimetype == "text/csv"
    lines = csv_answer.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert lines[0] == "Dòng,Lý do" and lines[1].startswith("7,") and len(lines) == 5
    # The list of imports finds the job again (a tab closed meanwhile loses nothing).
    again = officer.get("/quan-tri/ket-qua-thi").get_data(as_text=True)
    assert page in again and "Kỳ thi thử 2026" in again
    # The service's audit names the member.
    audit = requests.get(f"{accounts_url}/api/v1/audit?target=thpt-2026", headers=MACHINE, timeout=10).json()
    assert OFFICER in {entry["user"] for entry in audit["items"]}


def test_publication_time_in_vietnam_time_and_a_preview_before_it(officer, exams_url):
    token = meta_csrf_of(officer.get("/quan-tri/ket-qua-thi"))
    page = _upload(officer, "exam=thpt-2026", fixture_bytes("national_2025.csv"), token).json["page"]
    _follow(officer, page)
    exam_page = officer.get("/quan-tri/ket-qua-thi/thpt-2026")
    assert exam_page.status_code == 200
    form_token = desk.csrf_of(exam_page)
    saved = officer.post(
        "/quan-tri/ket-qua-thi/thpt-2026/cong-bo",
        data={"csrf_token": form_token, "published_at": "2099-07-16T08:00", "action": "set"},
    )
    assert saved.status_code == 302
    assert requests.get(f"{exams_url}/api/v1/exams/thpt-2026", timeout=10).json()["published_at"] == (
        "2099-07-16T08:00:00+07:00"
    )
    shown = officer.get("/quan-tri/ket-qua-thi/thpt-2026").get_data(as_text=True)
    assert "Hẹn công bố lúc 08:00 ngày 16/07/2099" in shown and 'value="2099-07-16T08:00"' in shown
    # The public cannot see it yet; the officer previews it, percentiles and the exam's means too.
    public = requests.get(f"{exams_url}/api/v1/exams/thpt-2026/results/03028916", timeout=10)
    assert public.status_code == 404 and public.json()["error"]["code"] == "not_published"
    preview = parse(officer.get("/quan-tri/ket-qua-thi/thpt-2026?sbd=0302 8916").get_data(as_text=True))
    result = preview.find("section", id="ket-qua")
    assert "03028916" in result.find("h3").text()
    scores = result.find("table", class_="exam-scores")
    first = scores.find("tbody").find("tr")
    assert first.find("th").text() == "Toán" and "cao hơn" in first.text() and "điểm trung bình" in first.text()
    bad = officer.get("/quan-tri/ket-qua-thi/thpt-2026?sbd=12").get_data(as_text=True)
    assert "8 chữ số" in bad
    # A bad time is refused with a message; "Công bố ngay" lifts the embargo.
    officer.post(
        "/quan-tri/ket-qua-thi/thpt-2026/cong-bo",
        data={"csrf_token": form_token, "published_at": "mai", "action": "set"},
    )
    assert "Giờ công bố không hợp lệ" in officer.get("/quan-tri/ket-qua-thi/thpt-2026").get_data(as_text=True)
    officer.post("/quan-tri/ket-qua-thi/thpt-2026/cong-bo", data={"csrf_token": form_token, "action": "now"})
    assert requests.get(f"{exams_url}/api/v1/exams/thpt-2026/results/03028916", timeout=10).status_code == 200


def test_refusals_come_back_in_vietnamese_as_json(officer):
    token = meta_csrf_of(officer.get("/quan-tri/ket-qua-thi"))
    no_id = _upload(officer, "name=x", b"SBD,TOAN\n", token)
    assert no_id.status_code == 400 and "mã kỳ thi" in no_id.json["error"]["message"]
    bad_id = _upload(officer, "exam=THPT 2026", fixture_bytes("national_2025.csv"), token)
    assert bad_id.status_code == 400 and bad_id.json["error"]["field"] == "exam_id"
    # A file that is not a results file: the job fails and says why, nothing is created.
    page = _upload(officer, "exam=thpt-2027", b"hello\nworld\n", token).json["page"]
    failed = _follow(officer, page)
    assert failed["state"] == "failed" and failed["reason"]
    assert "Lượt nhập thất bại" in officer.get(page).get_data(as_text=True)
    assert officer.get("/quan-tri/ket-qua-thi/thpt-2027").status_code == 404
    # Without the CSRF header the upload is refused before it reaches the service.
    refused = officer.post(
        "/quan-tri/ket-qua-thi/nhap?exam=thpt-2026",
        data=fixture_bytes("national_2025.csv"),
        headers={"Accept": "application/json", "Content-Type": "text/csv"},
    )
    assert refused.status_code == 400 and refused.json["error"]["code"] == "csrf_failed"


def test_a_member_who_is_no_exam_officer_gets_the_friendly_403(make_gateway, exams_url):
    if EDITOR is None:
        pytest.skip("the desk's staff has no editor")
    client = make_gateway(EXAMS_URL=exams_url).test_client()
    assert sign_in(client, EDITOR).status_code == 302
    response = client.get("/quan-tri/ket-qua-thi")
    assert response.status_code == 403 and "không có quyền" in response.get_data(as_text=True)
    nav = client.get("/quan-tri/").get_data(as_text=True)
    assert "/quan-tri/ket-qua-thi" not in nav
    anonymous = make_gateway(EXAMS_URL=exams_url).test_client().get("/quan-tri/ket-qua-thi")
    assert anonymous.status_code == 302 and "/quan-tri/dang-nhap" in anonymous.headers["Location"]
