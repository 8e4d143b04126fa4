"""The desk's "Kết quả thi" in Chromium, against the running portal: an exam officer (the first
account, admin, holds every role) creates an exam by uploading a file with some bad rows, the
upload's progress bar reaching 100 %, follows the job's rows counting up on its page, reads the
report (the rejected lines with their reasons, downloadable as CSV), sets the publication time and
previews a candidate's result before it. axe-core finds no serious or critical violation on any
of these pages."""

import re

import pytest
from playwright.sync_api import expect

from .checks import assert_accessible

ROWS = 400_000
BAD_LINES = {ROWS + 2: "abc", ROWS + 3: "01000001"}  # a malformed number, a repeated one


def results_file(path):
    lines = ["sbd,toan,ngu_van,ngoai_ngu,vat_li,hoa_hoc"]
    lines += [f"{10_000_000 + n:08d},{n % 11},{(n * 7) % 11},{(n * 3) % 11},5,6" for n in range(ROWS)]
    lines += ["abc,5,5,5,5,5", f"{10_000_000:08d},5,5,5,5,5", "10999999,11,5,5,5,5"]
    path.write_text("\n".join(lines) + "\n")
    return str(path)


@pytest.fixture
def desk(new_context, portal):
    page = new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True, bypass_csp=True).new_page()
    page.goto("/quan-tri/dang-nhap")
    page.get_by_label("Tên đăng nhập").fill("admin")
    page.get_by_label("Mật khẩu").fill(portal.admin_password)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("navigation", name="Trang quản trị")).to_be_visible()
    return page


def test_an_exam_officer_imports_a_file_with_bad_rows_and_reads_the_report(desk, tmp_path):
    page = desk
    page.get_by_role("navigation", name="Trang quản trị").get_by_role("link", name="Kết quả thi").click()
    expect(page.locator("h1")).to_have_text("Kết quả thi")
    assert_accessible(page)

    # The upload's progress bar, as the page shows it, kept in sessionStorage (the page moves on).
    page.evaluate(
        """() => { const bar = document.querySelector('.exam-upload-bar');
            const seen = [];
            setInterval(() => { seen.push(bar.value); sessionStorage.setItem('bar', JSON.stringify(seen)); }, 5);
            new MutationObserver(() => { seen.push(bar.value); sessionStorage.setItem('bar', JSON.stringify(seen)); })
                .observe(bar, {attributes: true}); }"""
    )
    page.get_by_label("Mã kỳ thi").fill("thi-thu-2026")
    page.get_by_label("Tên kỳ thi").fill("Kỳ thi thử tốt nghiệp THPT 2026")
    page.get_by_label(re.compile("^Tệp kết quả")).set_input_files(results_file(tmp_path / "diem-thi-thu.csv"))
    page.get_by_role("button", name="Tải lên và nhập điểm").click()
    expect(page.locator("h1")).to_have_text("Lượt nhập điểm: thi-thu-2026")
    bar = page.evaluate("() => JSON.parse(sessionStorage.getItem('bar') || '[]')")
    assert bar and bar[-1] == 100, f"the upload's bar: {bar[-5:]}"

    # The job's page follows the rows read while the job runs, then shows its report.
    seen = []
    state = page.locator('[data-field="state"]')
    for _ in range(600):
        if page.locator("#bao-cao").count():
            break
        try:
            seen.append((state.inner_text(timeout=1000), page.locator('[data-field="rows"]').inner_text(timeout=1000)))
        except Exception:  # the page is reloading with the report
            pass
        page.wait_for_timeout(100)
    running = [int(rows.replace(".", "")) for label, rows in seen if label == "Đang nhập"]
    assert any(0 < rows < ROWS for rows in running), f"no progress seen while it ran: {seen[:20]}"
    assert running == sorted(running), "the rows only count up"
    report = page.locator("section[aria-labelledby='bao-cao']")
    expect(report).to_contain_text("Đã nhập 400.000 thí sinh; 3 dòng bị từ chối", timeout=60_000)
    rejected = report.locator("table.exam-rejected tbody tr")
    expect(rejected).to_have_count(3)
    expect(rejected.nth(0)).to_contain_text("số báo danh 'abc' không phải 8 chữ số")
    expect(rejected.nth(1)).to_contain_text("lặp lại")
    expect(rejected.nth(2)).to_contain_text("ngoài khoảng 0–10")
    assert_accessible(page)
    with page.expect_download() as download:
        report.get_by_role("link", name="Tải danh sách dòng bị từ chối (CSV)").click()
    lines = download.value.path().read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "Dòng,Lý do" and [line.split(",")[0] for line in lines[1:]] == ["400002", "400003", "400004"]

    # The exam is listed; an embargo set in Vietnam time; a candidate previewed before it.
    report.get_by_role("link", name=re.compile("^Xem kỳ thi")).click()
    expect(page.locator("h1")).to_have_text("Kỳ thi thử tốt nghiệp THPT 2026")
    page.get_by_label("Công bố lúc (giờ Việt Nam)").fill("2099-07-16T08:00")
    page.get_by_role("button", name="Lưu giờ công bố").click()
    expect(page.locator(".flash-success")).to_contain_text("Hẹn công bố lúc 08:00 ngày 16/07/2099")
    page.get_by_label("Số báo danh").fill("1000 0007")
    page.get_by_role("button", name="Xem trước").click()
    result = page.locator("#ket-qua")
    expect(result).to_contain_text("Kết quả thí sinh số báo danh 10000007")
    expect(result.locator("table.exam-scores")).to_contain_text("cao hơn")
    expect(result.locator("table.exam-blocks")).to_contain_text("A00")
    assert_accessible(page)


def test_the_public_cannot_see_an_embargoed_exam_the_desk_previews(page, desk):
    page.goto("/tra-cuu-diem-thi?exam=thi-thu-2026&sbd=10000007")
    main = page.locator("main")
    if "Kỳ thi thử" not in main.inner_text():
        pytest.skip("the exam of the test before is not there")
    expect(main).to_contain_text("Kết quả sẽ được công bố lúc 08:00 ngày 16/07/2099")
    assert not main.locator("table.exam-scores").count()
