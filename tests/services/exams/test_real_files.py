"""The real 2025 files (../shared/data/exams, skipped when absent), imported as they are."""

import csv
import gzip
import os

import pytest

from portal_common.store import get_store
from services.exams import create_app, packing
from services.exams.importer import import_results

# How many candidates took each subject, from SOURCES.md (value ≠ -1).
TAKEN_2025 = {
    "toan": 918_613,
    "ngu_van": 925_191,
    "ngoai_ngu": 251_687,
    "vat_li": 274_628,
    "hoa_hoc": 199_514,
    "sinh_hoc": 59_574,
    "lich_su": 419_652,
    "dia_li": 417_659,
    "gdcd": 3_447,
    "tin_hoc": 6_257,
    "cong_nghe_cong_nghiep": 2_171,
    "cong_nghe_nong_nghiep": 20_672,
    "gdkt_pl": 206_283,
}


def _exams(shared_data, name):
    return os.path.join(shared_data, "exams", name)


@pytest.fixture
def app(tmp_path):
    return create_app({"DATA_DIR": str(tmp_path), "ADMIN_TOKEN": "t", "EXAMS_LOOKUP_RATE_LIMIT": "100000/minute"})


def _import(app, exam_id, path):
    with app.app_context(), open(path, "rb") as stream:
        return import_results(get_store(), exam_id, stream)


@pytest.mark.slow
def test_national_2025_file_whole(app, shared_data):
    path = _exams(shared_data, "thpt2025_61tinh.csv.gz")
    report = _import(app, "thpt-2025", path)
    assert report["imported"] == 932_334 and report["rejected_total"] == 0
    client = app.test_client()
    stats = client.get("/api/v1/exams/thpt-2025/stats").json
    assert {key: value["count"] for key, value in stats["subjects"].items()} == TAKEN_2025
    # TONGDIEM is the sum of the subjects taken; our scores must add up to it, row by row.
    with gzip.open(path, "rt", newline="") as source:
        rows = csv.DictReader(source)
        for number, row in enumerate(rows):
            if number % 4001:
                continue
            scores = client.get(f"/api/v1/exams/thpt-2025/results/{row['SBD']}").json["scores"]
            assert round(sum(scores.values()) * 100) == round(float(row["TONGDIEM"]) * 100), row


def test_official_sheet_csv_and_xlsx_give_the_same_results(app, shared_data):
    csv_report = _import(app, "ct2006-csv", _exams(shared_data, "thpt2025_ct2006_official.csv.gz"))
    xlsx_report = _import(app, "ct2006-xlsx", _exams(shared_data, "thpt2025_ct2006_official.xlsx"))
    assert csv_report["imported"] == xlsx_report["imported"] == 22_090
    assert csv_report["rejected_total"] == xlsx_report["rejected_total"] == 0
    with app.app_context():
        store = get_store()
        with gzip.open(_exams(shared_data, "thpt2025_ct2006_official.csv.gz"), "rt", newline="") as source:
            for number, row in enumerate(csv.DictReader(source)):
                if number % 97:
                    continue
                sbd = int(row["SOBAODANH"])
                assert store.lookup("ct2006-csv", sbd).packed == store.lookup("ct2006-xlsx", sbd).packed
                scores, language = packing.unpack(store.lookup("ct2006-csv", sbd)[1])
                assert scores.get("toan", -1) == (round(float(row["Toán"]) * 100) if row["Toán"] else -1)
                assert language == (int(row["Mã môn ngoại ngữ"][1]) if row["Mã môn ngoại ngữ"] else 15)
    stats = app.test_client().get("/api/v1/exams/ct2006-csv/stats").json
    # The old scale: multiple-choice subjects fall on 0.2, Ngữ văn on 0.25.
    assert stats["subjects"]["ngu_van"]["step"] == 0.25
