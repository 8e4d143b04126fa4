"""`make run`'s demo content (idempotent) and the ops command line import."""

import os

from services.exams.demo import DEMO_EXAM, load_demo

from .conftest import FIXTURES


def test_demo_loads_the_2025_slice_once(app, client):
    with app.app_context():
        assert "2000" in load_demo(app)
        assert "already" in load_demo(app)
    exams = client.get("/api/v1/exams").json["items"]
    assert [(exam["id"], exam["name"], exam["year"], exam["candidates"]) for exam in exams] == [
        (DEMO_EXAM, "Kỳ thi tốt nghiệp THPT năm 2025", 2025, 2000)
    ]
    result = client.get(f"/api/v1/exams/{DEMO_EXAM}/results/11000001").json
    assert result["scores"] == {"toan": 3, "ngu_van": 7.75, "lich_su": 7, "dia_li": 6.25}
    assert result["blocks"]["C00"] == 21


def test_cli_import_reports_rows_and_refuses_a_non_results_file(runner, client, tmp_path):
    outcome = runner.invoke(
        args=["import-results", "thpt-2025", os.path.join(FIXTURES, "national_2025.csv"), "--name", "Thi thử"]
    )
    assert outcome.exit_code == 0, outcome.output
    assert "5 imported, 4 rejected" in outcome.output and "line 7:" in outcome.output
    assert client.get("/api/v1/exams/thpt-2025").json["name"] == "Thi thử"
    junk = tmp_path / "junk.csv"
    junk.write_text("ho_ten,ngay_sinh\nA,B\n")
    refused = runner.invoke(args=["import-results", "thpt-2025", str(junk)])
    assert refused.exit_code != 0 and "số báo danh" in refused.output
    assert client.get("/api/v1/exams/thpt-2025").json["candidates"] == 5
