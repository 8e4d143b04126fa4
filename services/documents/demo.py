"""Demo content for `make run`: a handful of documents of our own, written as a Sở's office
issues them (among them 142/KH-BGDĐT, which the seed article cites), each with a small PDF made at
load time (demo_pdf.py) whose text search finds. Idempotent: a số ký hiệu already there is not
added again; one document replaces another, so the library shows all three statuses."""

import io
from dataclasses import dataclass

from portal_common.store import get_store

from . import catalog
from .demo_pdf import text_pdf
from .folding import number_key

SO = "Sở Giáo dục và Đào tạo"
BO = "Bộ Giáo dục và Đào tạo"
DOCUMENTS = (
    {
        "number": "142/KH-BGDĐT",
        "type": "Kế hoạch",
        "issuer": BO,
        "signer": "Nguyễn Văn Minh",
        "issued_on": "2019-02-26",
        "effective_on": "2019-02-26",
        "expires_on": "2019-12-31",
        "field": "Truyền thông",
        "summary": "Kế hoạch công tác truyền thông về giáo dục và đào tạo năm 2019",
        "file_name": "Kế hoạch 142-KH-BGDĐT truyền thông 2019.pdf",
    },
    {
        "number": "1024/QĐ-SGDĐT",
        "type": "Quyết định",
        "issuer": SO,
        "signer": "Trần Thị Hồng",
        "issued_on": "2024-03-15",
        "effective_on": "2024-03-15",
        "field": "Tuyển sinh",
        "summary": "Quyết định ban hành Kế hoạch tuyển sinh vào lớp 10 trung học phổ thông năm học 2024-2025",
        "file_name": "QĐ 1024 tuyển sinh lớp 10 năm học 2024-2025.pdf",
    },
    {
        "number": "1187/SGDĐT-GDTrH",
        "type": "Công văn",
        "issuer": SO,
        "signer": "Lê Quang Huy",
        "issued_on": "2024-08-20",
        "field": "Giáo dục trung học",
        "summary": "Hướng dẫn thực hiện nhiệm vụ giáo dục trung học năm học 2024-2025",
        "file_name": "Công văn 1187 hướng dẫn nhiệm vụ GDTrH.pdf",
    },
    {
        "number": "35/TB-SGDĐT",
        "type": "Thông báo",
        "issuer": SO,
        "signer": "Trần Thị Hồng",
        "issued_on": "2025-03-10",
        "expires_on": "2025-07-31",
        "field": "Thi cử",
        "summary": "Thông báo lịch tổ chức kỳ thi tốt nghiệp trung học phổ thông năm 2025 trên địa bàn tỉnh",
        "file_name": "Thông báo 35 lịch thi tốt nghiệp THPT 2025.pdf",
    },
    {
        "number": "2050/QĐ-SGDĐT",
        "type": "Quyết định",
        "issuer": SO,
        "signer": "Trần Thị Hồng",
        "issued_on": "2025-03-01",
        "effective_on": "2025-03-15",
        "field": "Tuyển sinh",
        "summary": "Quyết định ban hành Kế hoạch tuyển sinh vào lớp 10 trung học phổ thông năm học 2025-2026",
        "file_name": "QĐ 2050 tuyển sinh lớp 10 năm học 2025-2026.pdf",
        "replaces_numbers": ("1024/QĐ-SGDĐT",),
        "related_numbers": ("35/TB-SGDĐT",),
    },
    {
        "number": "29/2024/TT-BGDĐT",
        "type": "Thông tư",
        "issuer": BO,
        "signer": "Phạm Ngọc Thưởng",
        "issued_on": "2024-12-30",
        "effective_on": "2025-02-14",
        "field": "Quản lý giáo dục",
        "summary": "Thông tư quy định về dạy thêm, học thêm",
        "file_name": "Thông tư 29-2024-TT-BGDĐT dạy thêm học thêm.pdf",
    },
    {
        "number": "18/KH-SGDĐT",
        "type": "Kế hoạch",
        "issuer": SO,
        "signer": "Lê Quang Huy",
        "issued_on": "2026-11-20",
        "effective_on": "2027-01-05",
        "field": "Giáo dục thể chất",
        "summary": "Kế hoạch tổ chức Hội khỏe Phù Đổng cấp tỉnh năm 2027",
        "file_name": "Kế hoạch 18 Hội khỏe Phù Đổng 2027.pdf",
    },
)
FIELDS = ("number", "type", "issuer", "signer", "issued_on", "effective_on", "expires_on", "field", "summary")


@dataclass
class DemoFile:
    """What catalog expects of an uploaded part."""

    filename: str
    stream: io.BytesIO


def _pdf(item):
    return text_pdf(
        [
            [
                item["issuer"].upper(),
                f"Số: {item['number']}",
                f"Ngày {item['issued_on']}",
                "",
                item["type"].upper(),
                item["summary"],
                "",
                f"Lĩnh vực: {item['field']}",
                f"Người ký: {item['signer']}",
                "Văn bản mẫu của cổng thông tin (dữ liệu trình diễn).",
            ]
        ]
    )


def load_demo(app):
    store = get_store()
    existing, _ = store.search(_everything(), 0, 1000)
    ids = {record["number_key"]: record["id"] for record in existing}
    added = 0
    for item in DOCUMENTS:
        if number_key(item["number"]) in ids:
            continue
        values = {name: item.get(name) for name in FIELDS}
        values["related"] = [ids[number_key(n)] for n in item.get("related_numbers", ()) if number_key(n) in ids]
        values["replaces"] = [ids[number_key(n)] for n in item.get("replaces_numbers", ()) if number_key(n) in ids]
        record = catalog.create(values, [DemoFile(item["file_name"], io.BytesIO(_pdf(item)))])
        ids[record["number_key"]] = record["id"]
        added += 1
    return f"documents: {added} văn bản mới ({len(DOCUMENTS)} văn bản mẫu)"


def _everything():
    from . import statuses
    from .store import Query

    return Query(today=statuses.today())
