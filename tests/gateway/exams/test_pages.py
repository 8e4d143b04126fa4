"""The lookup page and the phổ điểm page, read as HTML trees: the form works without JS (a GET
form), the result is a table of Vietnamese subject names and scores plus block totals, errors are
messages with the right status, and each subject's chart is inline SVG with the candidate's own
score marked."""

from tests.gateway.news.dom import parse

from .conftest import gateway_for


def page(client, path):
    response = client.get(path)
    return response, parse(response.get_data(as_text=True))


def rows(table):
    return [
        [cell.text() for cell in row.find_all() if cell.tag in ("th", "td")]
        for row in table.find("tbody").find_all("tr")
    ]


def test_form_lists_the_exams_and_submits_by_get(client):
    response, tree = page(client, "/tra-cuu-diem-thi")
    assert response.status_code == 200
    form = tree.find("main").find("form")
    assert form.attrs["method"] == "get" and form.attrs["action"] == "/tra-cuu-diem-thi"
    options = [(option.attrs["value"], option.text()) for option in form.find_all("option")]
    assert options == [("thpt-2025", "Kỳ thi tốt nghiệp THPT năm 2025"), ("ct2006-2024", "Kỳ thi chương trình 2006")]
    for field in ("exam", "sbd"):
        control = form.find(name=field)
        assert tree.find("label", for_=control.attrs["id"]) is not None
    # The sidebar does not repeat the form on this page.
    assert tree.find("aside") is None or tree.find("aside").find("form", class_="lookup-form") is None


def test_result_table_in_vietnamese_with_block_totals(client):
    response, tree = page(client, "/tra-cuu-diem-thi?exam=thpt-2025&sbd=03028916")
    assert response.status_code == 200
    main = tree.find("main")
    assert "03028916" in main.find("h2").text()
    assert "selected" in main.find("option", value="thpt-2025").attrs
    assert main.find("input", id="sbd-main").attrs["value"] == "03028916"
    assert rows(main.find("table", class_="exam-scores")) == [
        ["Toán", "8"],
        ["Ngữ văn", "7,5"],
        ["Ngoại ngữ", "4,2"],
        ["Vật lí", "5,5"],
        ["Hóa học", "7,25"],
        ["Sinh học", "4,25"],
    ]
    blocks = {code: (subjects, total) for code, subjects, total in rows(main.find("table", class_="exam-blocks"))}
    assert blocks["A00"] == ("Toán, Vật lí, Hóa học", "20,75")
    assert blocks["D07"] == ("Toán, Hóa học, Tiếng Anh", "19,45")
    link = [a.attrs["href"] for a in main.find_all("a") if "pho-diem" in a.attrs.get("href", "")]
    assert link == ["/tra-cuu-diem-thi/pho-diem/thpt-2025?sbd=03028916"]


def test_unknown_number_is_a_404_page_with_the_form_and_a_message(client):
    response, tree = page(client, "/tra-cuu-diem-thi?exam=thpt-2025&sbd=99999999")
    assert response.status_code == 404
    assert "99999999" in tree.find("p", class_="exam-message").text()
    assert tree.find("main").find("form") is not None and tree.find("table") is None


def test_malformed_number_is_a_400_page_without_asking_the_service(tmp_path, dead_backends):
    from tools.processes import free_port

    client = gateway_for(tmp_path, dead_backends, f"http://127.0.0.1:{free_port()}").test_client()
    response, tree = page(client, "/tra-cuu-diem-thi?exam=thpt-2025&sbd=12a45")
    assert response.status_code == 400
    assert "8 chữ số" in tree.find("p", class_="exam-message").text()


def test_exams_service_down_keeps_the_page_up_with_a_notice(tmp_path, dead_backends):
    client = gateway_for(tmp_path, dead_backends, dead_backends["EXAMS_URL"]).test_client()
    response = client.get("/tra-cuu-diem-thi?exam=thpt-2025&sbd=03028916")
    assert response.status_code == 200
    assert "Nội dung tạm thời không khả dụng" in response.get_data(as_text=True)
    assert "exams" in response.headers["X-Partial-Content"]


def test_distribution_page_has_one_svg_chart_per_subject_with_the_score_marked(client):
    response, tree = page(client, "/tra-cuu-diem-thi/pho-diem/thpt-2025?sbd=03028916")
    assert response.status_code == 200
    main = tree.find("main")
    headings = [h2.text() for h2 in main.find_all("h2")]
    assert headings[:3] == ["Toán", "Ngữ văn", "Ngoại ngữ"] and "Tổng điểm theo tổ hợp" in headings
    charts = main.find_all("svg")
    assert len(charts) == 10 + 5  # subjects in the file, then A00 A01 B00 C00 D01
    toan = charts[0]
    assert toan.attrs["role"] == "img" and "Toán" in toan.find("title").text()
    bars = toan.find_all("rect", class_="bar")
    assert sum(int(bar.find("title").text().split(": ")[1]) for bar in bars) == 4
    mine = toan.find_all("rect", class_="mine")
    assert len(mine) == 1 and mine[0].find("title").text().startswith("8:")
    assert "Điểm của bạn: 8" in toan.text()
    # Subjects the candidate did not take carry no mark.
    lich_su = main.find("svg", **{"aria_labelledby": "chart-lich_su-title chart-lich_su-desc"})
    assert lich_su.find("rect", class_="mine") is None
    # The numbers behind each chart are there as a table too.
    assert main.find("details").find("table") is not None


def test_distribution_page_without_a_number_and_for_an_unknown_exam(client):
    response, tree = page(client, "/tra-cuu-diem-thi/pho-diem/ct2006-2024")
    assert response.status_code == 200 and tree.find("rect", class_="mine") is None
    assert tree.find("h1").text() == "Phổ điểm: Kỳ thi chương trình 2006"
    response, tree = page(client, "/tra-cuu-diem-thi/pho-diem/khong-co")
    assert response.status_code == 404


def test_home_sidebar_has_the_lookup_form(client):
    response, tree = page(client, "/")
    form = tree.find("aside").find("form", class_="lookup-form")
    assert form is not None and form.find("option", value="thpt-2025") is not None


def test_over_the_service_limit_the_page_is_a_429_with_retry_after(tmp_path, dead_backends):
    from services.exams import create_app
    from tests.services.exams.conftest import ADMIN, fixture_bytes
    from tests.support.live import serve_app

    service = create_app(
        {"DATA_DIR": str(tmp_path / "s"), "ADMIN_TOKEN": "test-admin-token", "EXAMS_LOOKUP_RATE_LIMIT": "1/minute"}
    )
    service.test_client().put("/api/v1/exams/thpt-2025/results", data=fixture_bytes("national_2025.csv"), headers=ADMIN)
    with serve_app(service) as url:
        client = gateway_for(tmp_path, dead_backends, url).test_client()
        assert client.get("/tra-cuu-diem-thi?exam=thpt-2025&sbd=03000001").status_code == 200
        response, tree = page(client, "/tra-cuu-diem-thi?exam=thpt-2025&sbd=03028916")
    assert response.status_code == 429 and int(response.headers["Retry-After"]) > 0
    assert tree.find("p", class_="exam-message") is not None and tree.find("main").find("form") is not None
