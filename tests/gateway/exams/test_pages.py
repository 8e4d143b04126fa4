"""The lookup page and the phổ điểm page, read as HTML trees: the form works without JS (a GET
form landing on "#ket-qua", judged by the server alone), the result is a table of Vietnamese
subject names and scores plus block totals, errors are messages beside the field with the right
status, and each chart is inline SVG with the candidate's own score marked, theirs first."""

from urllib.parse import urlencode

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
    assert form.attrs["method"] == "get" and form.attrs["action"] == "/tra-cuu-diem-thi#ket-qua"
    # The browser must neither cut a pasted number nor answer in English: the server judges it.
    assert "novalidate" in form.attrs
    field = form.find("input", name="sbd")
    assert field.attrs["inputmode"] == "numeric"
    assert not {"maxlength", "pattern", "required"} & set(field.attrs)
    assert all("required" not in control.attrs for control in form.find_all("select"))
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
    scores = main.find("table", class_="exam-scores")
    assert [row[:2] for row in rows(scores)] == [
        ["Toán", "8"],
        ["Ngữ văn", "7,5"],
        ["Ngoại ngữ", "4,2"],
        ["Vật lí", "5,5"],
        ["Hóa học", "7,25"],
        ["Sinh học", "4,25"],
    ]
    # Each score's place: the share of the exam's candidates below it, then against the mean. In the
    # fixture, Toán is 4.5, 8, 7.2 and 4.5 for the four who took it: three below 8, mean 6,05.
    place = scores.find("td", class_="exam-place")
    shown = [span.text() for span in place.find_all("span") if "visually-hidden" not in span.attrs.get("class", "")]
    assert shown[0] == "cao hơn 75% thí sinh" and shown[-1] == "trên điểm trung bình (6,05)"
    # And among the candidates of the number's province (03): 4.5, 8 and 7.2 in Toán.
    assert shown[1] == "cao hơn 66,7% thí sinh cùng tỉnh"
    table = main.find("table", class_="exam-blocks")
    blocks = {row[0]: row[1:] for row in rows(table)}
    # No language column in the national file: "Ngoại ngữ" in the blocks as in the scores.
    assert blocks["A00 Toán, Vật lí, Hóa học"][0] == "20,75"
    assert blocks["D07 Toán, Hóa học, Ngoại ngữ"][0] == "19,45"
    assert blocks["A00 Toán, Vật lí, Hóa học"][1].startswith("cao hơn ")
    explanation = main.find("p", id=table.attrs["aria-describedby"])
    assert explanation.text().startswith("Tổ hợp (khối) xét tuyển là nhóm ba môn")
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


def test_distribution_page_has_the_candidates_charts_first_with_the_score_marked(client):
    response, tree = page(client, "/tra-cuu-diem-thi/pho-diem/thpt-2025?sbd=03028916")
    assert response.status_code == 200
    main = tree.find("main")
    groups = [h2.text() for h2 in main.find_all("h2")]
    assert groups == ["Các môn thi của bạn", "Các tổ hợp của bạn", "Các môn khác", "Các tổ hợp khác"]
    charts = [h3.text() for h3 in main.find_all("h3")]
    assert charts[:6] == [
        "Toán — điểm của bạn 8",
        "Ngữ văn — điểm của bạn 7,5",
        "Ngoại ngữ — điểm của bạn 4,2",
        "Vật lí — điểm của bạn 5,5",
        "Hóa học — điểm của bạn 7,25",
        "Sinh học — điểm của bạn 4,25",
    ]
    # Every block of the candidate: the service has a phổ điểm for each.
    own_blocks = main.find("section", **{"aria_labelledby": "to-hop-cua-ban"})
    own = [h3.text().split(" (")[0] for h3 in own_blocks.find_all("h3")]
    assert own == [f"Tổ hợp {code}" for code in ("A00", "A01", "A02", "B00", "B08", "C01", "C02", "D01", "D07", "D08")]
    assert own_blocks.find("ul", class_="blocks-without-chart") is None
    assert [h3.text().split(" (")[0] for h3 in main.find_all("h3")][-1] == "Tổ hợp C00"
    svgs = main.find_all("svg", class_="chart")
    assert len(svgs) == 10 + 10 + 1  # subjects in the file, the candidate's blocks, then C00
    toan = svgs[0]
    assert toan.attrs["role"] == "img" and "Toán" in toan.find("title").text()
    # No viewBox on the chart itself: its labels are CSS pixels at any width.
    assert "viewbox" not in toan.attrs and toan.attrs["width"] == "100%"
    table = toan.parent.find("table")
    counts = {
        row.find_all("td")[0].text(): int(row.find_all("td")[1].text()) for row in table.find("tbody").find_all("tr")
    }
    assert sum(counts.values()) == 4
    assert table.find("tr", class_="mine-row").find("td").text() == "8"
    assert toan.find("path", class_="mine") is not None
    assert "Điểm của bạn: 8" in toan.text()
    # Subjects the candidate did not take carry no mark.
    lich_su = main.find("svg", **{"aria_labelledby": "chart-mon-lich_su-title chart-mon-lich_su-desc"})
    assert lich_su.find("path", class_="mine") is None and lich_su.find("text", class_="mine-label") is None
    # The list of charts at the top leads to each of the candidate's, and to the other groups.
    index = main.find("nav", class_="chart-index")
    targets = [a.attrs["href"] for a in index.find_all("a")]
    assert targets[:6] == [
        "#mon-toan",
        "#mon-ngu_van",
        "#mon-ngoai_ngu",
        "#mon-vat_li",
        "#mon-hoa_hoc",
        "#mon-sinh_hoc",
    ]
    assert "#mon-khac" in targets and "#to-hop-khac" in targets and "#khoi-D08" in targets
    ids = {node.attrs.get("id") for node in tree.iter()}
    assert all(target[1:] in ids for target in targets)


def test_distribution_page_y_axis_has_round_integer_ticks(client):
    _, tree = page(client, "/tra-cuu-diem-thi/pho-diem/thpt-2025")
    for svg in tree.find("main").find_all("svg", class_="chart"):
        labels = [text.text().split()[0].replace(".", "") for text in svg.find_all("text", class_="count")]
        values = [int(label) for label in labels]  # integers only: never "2,5"
        steps = {b - a for a, b in zip([0, *values], values, strict=False)}
        assert len(steps) == 1 and next(iter(steps)) > 0, labels


def test_distribution_page_without_a_number_and_for_an_unknown_exam(client):
    response, tree = page(client, "/tra-cuu-diem-thi/pho-diem/ct2006-2024")
    assert response.status_code == 200 and tree.find("path", class_="mine") is None
    assert tree.find("h1").text() == "Phổ điểm: Kỳ thi chương trình 2006"
    assert [h2.text() for h2 in tree.find("main").find_all("h2")] == ["Các môn thi", "Tổng điểm theo tổ hợp"]
    response, tree = page(client, "/tra-cuu-diem-thi/pho-diem/khong-co")
    assert response.status_code == 404


def test_home_has_the_lookup_form(client):
    # The contract's home page has the "Tra cứu điểm thi" form (in its sidebar or its content).
    response, tree = page(client, "/")
    form = tree.find("form", class_="lookup-form")
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


def test_a_pasted_number_is_the_same_candidate(client):
    for typed in (" 03028916", "0302 8916", "03.028.916", "03-028-916", "０３０２８９１６", "03\u00a0028\u2009916 "):
        response, tree = page(client, "/tra-cuu-diem-thi?" + urlencode({"exam": "thpt-2025", "sbd": typed}))
        assert response.status_code == 200, typed
        result = tree.find("section", id="ket-qua")
        assert "03028916" in result.find("h2").text(), typed
        assert tree.find("input", id="sbd-main").attrs["value"] == "03028916"
    # The phổ điểm page takes it the same way.
    response, tree = page(client, "/tra-cuu-diem-thi/pho-diem/thpt-2025?" + urlencode({"sbd": "0302 8916"}))
    assert response.status_code == 200 and tree.find("path", class_="mine") is not None


def test_the_json_api_still_wants_exactly_8_digits(client):
    assert client.get("/api/v1/exams/thpt-2025/results/0302%208916").status_code == 400
    assert client.get("/api/v1/exams/thpt-2025/results/03028916").status_code == 200


def test_messages_stand_beside_the_field_and_the_form_is_the_target(client):
    for typed, status, words in (
        ("12a45", 400, "8 chữ số"),
        ("", 400, "Hãy nhập số báo danh"),
        ("99999999", 404, "99999999"),
    ):
        response, tree = page(client, "/tra-cuu-diem-thi?" + urlencode({"exam": "thpt-2025", "sbd": typed}))
        assert response.status_code == status
        form = tree.find("main").find("form")
        assert form.attrs.get("id") == "ket-qua", "the form and its message are where #ket-qua lands"
        message = form.find("p", class_="exam-message")
        assert words in message.text()
        field = form.find("input", name="sbd")
        assert message.attrs["id"] in field.attrs["aria-describedby"].split()
        assert ("aria-invalid" in field.attrs) == (status == 400)
