"""Percentiles (the contract's `"percentiles"`) on a small file checked by hand — ties, a
candidate missing a subject, a language other than English — the statistics of every block, and
a re-import swapping both with the results. Also the import's column-wise block totals against
the per-candidate ones (subjects.block_totals), row by row."""

import random

import numpy as np
import pytest

from services.exams import packing
from services.exams.ranks import Ranking, encode, share_below
from services.exams.subjects import BLOCKS, SUBJECTS, block_total_columns, block_totals

from .conftest import ADMIN

# Five candidates; by hand (each value: the share of those with a score for it who scored lower):
#   Toán 8 8 6 9 5            → 40 40 20 80 0 (a tie: both 8s have the same two below them)
#   Ngữ văn 7 6 7 5 (– for 5) → 50 25 50 0; the fifth has no Ngữ văn, so no percentile for it
#   Ngoại ngữ 9 – 5 8 7       → 75 – 0 50 25
#   A00 (Toán Lí Hóa) 19 22 20 – 15    → 25 75 50 – 0 (the fourth has no Hóa)
#   A01 (Toán Lí Anh) 23 – – 25 16     → 33.3 – – 66.7 0 (the third took French)
#   C01 (Văn Toán Lí) 21 21 19 22 –    → 25 25 0 75 (a tie)
#   D01 (Toán Văn Anh) 24 – – 22 –     → 50 – – 0
#   D03 (Toán Văn Pháp) – – 18 – –     → 0
HAND_FILE = (
    "sbd,toan,ngu_van,ngoai_ngu,vat_li,hoa_hoc,ma_ngoai_ngu\n"
    "01000001,8,7,9,6,5,N1\n"
    "01000002,8,6,,7,7,N1\n"
    "01000003,6,7,5,6,8,N3\n"
    "01000004,9,5,8,8,,N1\n"
    "02000005,5,,7,4,6,N1\n"
    "02000006,abc,5,5,5,5,N1\n"  # a bad row: skipped, counts nowhere
).encode()


@pytest.fixture
def client(any_app):
    """On every document backend: the tables are stored with the generation by each store."""
    return any_app.test_client()


def put(client, body, exam_id="thi-thu-2025"):
    response = client.put(f"/api/v1/exams/{exam_id}/results", data=body, headers={**ADMIN, "Content-Type": "text/csv"})
    assert response.status_code == 200, response.json
    return response.json


def percentiles(client, sbd, exam_id="thi-thu-2025"):
    response = client.get(f"/api/v1/exams/{exam_id}/results/{sbd}")
    assert response.status_code == 200, response.json
    return response.json["percentiles"]


def test_percentiles_match_the_hand_count(client):
    assert put(client, HAND_FILE)["rejected_total"] == 1
    first = percentiles(client, "01000001")
    assert first["toan"] == 40.0 and first["ngu_van"] == 50.0 and first["ngoai_ngu"] == 75.0
    assert first["A00"] == 25.0 and first["A01"] == 33.3 and first["C01"] == 25.0 and first["D01"] == 50.0
    second = percentiles(client, "01000002")
    assert second["toan"] == 40.0  # the tie
    assert second["C01"] == 25.0 and second["A00"] == 75.0
    assert "ngoai_ngu" not in second and "A01" not in second and "D01" not in second  # no language score
    third = percentiles(client, "01000003")
    assert third["toan"] == 20.0 and third["ngoai_ngu"] == 0.0 and third["D03"] == 0.0
    assert "A01" not in third and "D01" not in third  # French: no English blocks
    fourth = percentiles(client, "01000004")
    assert fourth["toan"] == 80.0 and fourth["A01"] == 66.7 and fourth["D01"] == 0.0 and fourth["C01"] == 75.0
    assert "hoa_hoc" not in fourth and "A00" not in fourth
    fifth = percentiles(client, "02000005")
    assert fifth["toan"] == 0.0 and fifth["ngoai_ngu"] == 25.0 and fifth["A00"] == 0.0 and fifth["A01"] == 0.0
    assert "ngu_van" not in fifth
    # A key for every subject taken and every block total, and no other.
    for sbd in ("01000001", "01000002", "01000003", "01000004", "02000005"):
        result = client.get(f"/api/v1/exams/thi-thu-2025/results/{sbd}").json
        assert set(result["percentiles"]) == set(result["scores"]) | set(result["blocks"])
    assert client.get("/api/v1/exams/thi-thu-2025/results/01000003").json["language"] == "N3"


def test_province_percentiles_count_the_candidates_of_the_numbers_province(client):
    # Province 01 (the number's first two digits) holds the first four, province 02 the fifth.
    put(client, HAND_FILE)
    first = client.get("/api/v1/exams/thi-thu-2025/results/01000001").json
    assert set(first["province_percentiles"]) == set(first["percentiles"])
    assert first["province_percentiles"]["toan"] == 25.0  # 8 8 6 9 in province 01: only the 6 below
    assert first["province_percentiles"]["A01"] == 0.0 and first["percentiles"]["A01"] == 33.3
    fourth = client.get("/api/v1/exams/thi-thu-2025/results/01000004").json["province_percentiles"]
    assert fourth["toan"] == 75.0 and fourth["A01"] == 50.0
    fifth = client.get("/api/v1/exams/thi-thu-2025/results/02000005").json
    assert set(fifth["province_percentiles"].values()) == {0.0}  # alone in province 02
    assert fifth["percentiles"]["ngoai_ngu"] == 25.0


def test_statistics_cover_every_block_a_candidate_has(client):
    put(client, HAND_FILE)
    stats = client.get("/api/v1/exams/thi-thu-2025/stats").json
    assert {"A00", "A01", "C01", "C02", "D01", "D03"} <= set(stats["blocks"])
    for sbd in ("01000001", "01000002", "01000003", "01000004", "02000005"):
        blocks = client.get(f"/api/v1/exams/thi-thu-2025/results/{sbd}").json["blocks"]
        assert set(blocks) <= set(stats["blocks"])
    assert stats["blocks"]["A01"]["count"] == 3 and stats["blocks"]["D03"]["count"] == 1
    assert stats["blocks"]["C01"]["mean"] == 20.75


def test_a_reimport_swaps_the_percentiles_with_the_results(client):
    put(client, HAND_FILE)
    assert percentiles(client, "01000001")["toan"] == 40.0  # now kept by this worker
    # A re-marking: the third candidate's 6 in Toán becomes 10, so only the 5 is below the first's 8.
    put(client, HAND_FILE.replace(b"01000003,6,", b"01000003,10,"))
    assert percentiles(client, "01000001")["toan"] == 20.0
    assert percentiles(client, "01000003")["toan"] == 80.0
    put(client, b"sbd,toan\n01000001,8\n01000002,9\n")
    assert percentiles(client, "01000001") == {"toan": 0.0}
    assert percentiles(client, "01000002") == {"toan": 50.0}
    again = client.get("/api/v1/exams/thi-thu-2025/results/01000002").json
    assert again["province_percentiles"] == {"toan": 50.0}


def test_share_below_rounds_half_up_exactly():
    assert share_below(1, 16) == 6.3  # 6.25: round() would give 6.2
    assert share_below(1, 3) == 33.3 and share_below(2, 3) == 66.7
    assert share_below(0, 7) == 0.0 and share_below(7, 7) == 100.0
    assert share_below(931_000, 932_334) == 99.9


def test_rankings_read_back_what_was_counted():
    counts = np.zeros(1001, dtype=np.int64)
    counts[500], counts[700], counts[1000] = 2, 1, 1
    by_province = np.zeros((100, 1001), dtype=np.uint32)
    by_province[11, 500], by_province[11, 1000], by_province[44, 500], by_province[44, 700] = 1, 1, 1, 1
    ranking = Ranking(encode({"toan": counts}, {"toan": by_province}))
    assert ranking.percentiles({"toan": 500}) == {"toan": 0.0}
    assert ranking.percentiles({"toan": 700, "vat_li": 500}) == {"toan": 50.0}
    assert ranking.percentile("toan", 1000) == 75.0
    assert ranking.province_percentiles(11, {"toan": 1000}) == {"toan": 50.0}
    assert ranking.province_percentiles(44, {"toan": 700, "vat_li": 1}) == {"toan": 50.0}
    assert ranking.province_percentiles(12, {"toan": 700}) == {}
    # Tables made before provinces were counted read as national only.
    assert Ranking(encode({"toan": counts})).province_percentiles(11, {"toan": 700}) == {}


def _random_row(rng):
    scores = [rng.choice((packing.NOT_TAKEN, rng.randrange(0, 1001))) for _ in SUBJECTS]
    return scores, rng.choice((0, 1, 2, 3, 4, 5, 6, 7, 15))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_column_wise_block_totals_equal_the_per_candidate_ones(seed):
    rng = random.Random(seed)
    rows = [_random_row(rng) for _ in range(3000)]
    scores = np.array([row for row, _ in rows], dtype=np.int32)
    languages = np.array([language for _, language in rows], dtype=np.uint8)
    columns = block_total_columns(scores, languages, packing.NOT_TAKEN)
    assert set(columns) == set(BLOCKS)
    for index, (row, language) in enumerate(rows):
        taken = {key: value for key, value in zip(SUBJECTS, row, strict=True) if value >= 0}
        expected = block_totals(taken, language)
        got = {code: int(column[index]) for code, column in columns.items() if column[index] >= 0}
        assert got == expected
