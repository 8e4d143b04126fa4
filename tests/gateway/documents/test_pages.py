"""The Văn bản pages, parsed: /van-ban's table (Số/Ký hiệu, Ngày ban hành, Trích yếu, Tình trạng,
Tải về), its filters as a GET form filled from the values in use, the pager; a document's page
with every field, its files and sizes, the replaced and replacing documents; and a documents
service that is down costing only its own section."""

import io

import pytest

from services.documents.demo_pdf import text_pdf
from tests.gateway.news.dom import pager_of, parse

from .conftest import ADMIN, gateway_for


def _page(client, path, status=200):
    response = client.get(path)
    assert response.status_code == status, (path, response.status_code)
    assert response.mimetype == "text/html"
    return parse(response.get_data(as_text=True)), response


def _fields(definitions):
    """{term: description} of a <dl>."""
    terms, descriptions = definitions.find_all("dt"), definitions.find_all("dd")
    return dict(zip([dt.text() for dt in terms], [dd.text() for dd in descriptions], strict=True))


def test_the_table(client):
    tree, _ = _page(client, "/van-ban")
    assert tree.find("h1").text() == "Văn bản"
    table = tree.find("table", class_="doc-table")
    assert [th.text() for th in table.find("thead").find_all("th")] == [
        "Số/Ký hiệu",
        "Ngày ban hành",
        "Trích yếu",
        "Tình trạng",
        "Tải về",
    ]
    rows = table.find("tbody").find_all("tr")
    assert len(rows) == 7
    cells = {row.find("th").text(): row for row in rows}
    row = cells["142/KH-BGDĐT"]
    assert [td.text() for td in row.find_all("td")][:3] == [
        "26/02/2019",
        "Kế hoạch Kế hoạch công tác truyền thông về giáo dục và đào tạo năm 2019",
        "Hết hiệu lực",
    ]
    download = row.find_all("td")[3].find("a")
    assert download.attrs["href"].endswith("/tep/1") and "PDF" in download.text() and "KB" in row.text()
    assert row.find("th").find("a").attrs["href"].startswith("/van-ban/")
    statuses = {r.find_all("td")[2].text() for r in rows}
    assert statuses == {"Còn hiệu lực", "Chưa có hiệu lực", "Hết hiệu lực"}


def test_filters_form_and_search(client):
    tree, _ = _page(client, "/van-ban?q=142+KH+BGDDT")
    form = tree.find("form", class_="doc-filters")
    assert form.attrs["method"] == "get" and form.attrs["action"] == "/van-ban"
    assert tree.find("input", id="doc-q").attrs["value"] == "142 KH BGDDT"
    for name in ("type", "issuer", "field", "year", "status"):
        select = tree.find("select", id=f"doc-{name}")
        assert select.attrs["name"] == name and tree.find("label", for_=f"doc-{name}") is not None
    types = [option.text() for option in tree.find("select", id="doc-type").find_all("option")]
    assert types[0] == "Tất cả" and "Thông tư" in types and "Quyết định" in types
    assert [r.find("th").text() for r in tree.find("tbody").find_all("tr")] == ["142/KH-BGDĐT"]
    tree, response = _page(client, "/van-ban?type=Quy%E1%BA%BFt+%C4%91%E1%BB%8Bnh&status=in_force")
    assert [r.find("th").text() for r in tree.find("tbody").find_all("tr")] == ["2050/QĐ-SGDĐT"]
    options = tree.find("select", id="doc-type").find_all("option")
    assert [option.text() for option in options if "selected" in option.attrs] == ["Quyết định"]
    assert tree.find("meta", name="robots").attrs["content"] == "noindex"  # filtered lists are not indexed
    tree, _ = _page(client, "/van-ban?q=khong+co+van+ban+nao+nhu+vay")
    assert "Không tìm thấy văn bản nào" in tree.find("p", class_="empty").text()
    tree, _ = _page(client, "/van-ban?year=19")  # refused by the service: said beside the form
    assert "Năm phải là 4 chữ số" in tree.find("p", class_="notice").text()


def test_the_pager(tmp_path, fresh_documents):
    client = gateway_for(tmp_path, fresh_documents).test_client()
    for n in range(1, 46):
        form = {
            "number": f"{n}/CV-SGDĐT",
            "type": "Công văn",
            "issuer": "Sở Giáo dục và Đào tạo",
            "issued_on": f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}",
            "summary": f"Công văn số {n}",
            "file": [(io.BytesIO(text_pdf([[f"Cong van {n}"]])), f"{n}.pdf")],
        }
        assert (
            client.post("/api/v1/documents", data=form, headers=ADMIN, content_type="multipart/form-data").status_code
            == 201
        )
    tree, _ = _page(client, "/van-ban?type=C%C3%B4ng+v%C4%83n")
    labels = [label for label, _, _ in pager_of(tree)]
    assert labels == ["Trang đầu", "1", "2", "3", "Trang sau", "Trang cuối"]
    links = {label: href for label, href, _ in pager_of(tree)}
    assert "type=C%C3%B4ng+v%C4%83n" in links["Trang sau"] and "page=2" in links["Trang sau"]
    tree, _ = _page(client, "/van-ban?page=3")
    assert len(tree.find("tbody").find_all("tr")) == 5
    assert [label for label, _, current in pager_of(tree) if current] == ["3"]
    _page(client, "/van-ban?page=4", status=404)
    _page(client, "/van-ban?page=abc", status=400)


def test_a_document_page(client):
    listed = client.get("/api/v1/documents", query_string={"q": "2050 QD SGDDT"}).json["items"][0]
    tree, _ = _page(client, f"/van-ban/{listed['id']}")
    assert tree.find("h1").text() == "Quyết định số 2050/QĐ-SGDĐT"
    fields = tree.find("dl", class_="doc-fields")
    pairs = _fields(fields)
    assert pairs["Số/Ký hiệu"] == "2050/QĐ-SGDĐT"
    assert pairs["Cơ quan ban hành"] == "Sở Giáo dục và Đào tạo"
    assert pairs["Người ký"] == "Trần Thị Hồng"
    assert (pairs["Ngày ban hành"], pairs["Ngày có hiệu lực"]) == ("01/03/2025", "15/03/2025")
    assert pairs["Ngày hết hiệu lực"] == "Không thời hạn" and pairs["Lĩnh vực"] == "Tuyển sinh"
    assert pairs["Tình trạng"] == "Còn hiệu lực"
    files = tree.find("ul", class_="doc-files").find_all("li")
    assert "QĐ 2050 tuyển sinh lớp 10 năm học 2024-2025.pdf" not in files[0].text()
    assert files[0].text().startswith("QĐ 2050 tuyển sinh lớp 10 năm học 2025-2026.pdf") and "KB)" in files[0].text()
    headings = [h.text() for h in tree.find_all("h2", class_="doc-subheading")]
    assert headings == ["Tệp đính kèm", "Văn bản bị thay thế", "Văn bản liên quan"]
    replaced_link = tree.find("ul", class_="doc-links").find("a")
    replaced, _ = _page(client, replaced_link.attrs["href"])
    assert "1024/QĐ-SGDĐT" in replaced.find("h1").text()
    ended = _fields(replaced.find("dl", class_="doc-fields"))
    assert ended["Ngày hết hiệu lực"] == "14/03/2025 (bị thay thế)" and ended["Tình trạng"] == "Hết hiệu lực"
    assert "Được thay thế bởi" in [h.text() for h in replaced.find_all("h2", class_="doc-subheading")]
    _page(client, "/van-ban/" + "0" * 32, status=404)


@pytest.mark.parametrize("path", ["/van-ban", "/van-ban?q=142", "/van-ban/" + "a" * 32])
def test_a_dead_documents_service_costs_only_its_section(dead_client, path):
    tree, response = _page(dead_client, path)
    assert response.headers["X-Partial-Content"].split(",").count("documents") == 1
    assert response.headers["Cache-Control"] == "public, max-age=5"
    assert tree.find("p", class_="notice").text() == "Nội dung tạm thời không khả dụng."
    assert tree.find("h1").text() == "Văn bản"


def test_a_dead_documents_service_in_json_and_files(dead_client):
    response = dead_client.get("/api/v1/documents")
    assert response.status_code == 503 and response.json["error"]["code"] == "unavailable"
    assert dead_client.get("/van-ban/" + "a" * 32 + "/tep/1").status_code == 503
    ready = dead_client.get("/readyz")
    assert ready.status_code == 503 and "documents" in ready.get_data(as_text=True)
