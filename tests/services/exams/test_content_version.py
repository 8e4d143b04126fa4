"""The exams service's content version (polled by the gateway to drop its caches): an import
changes it, over HTTP or from the command line; refused imports and lookups do not."""

import os

from tests.support.content_version import assert_polling_writes_no_access_log_line, version

from .conftest import FIXTURES


def test_an_import_over_http_changes_the_version(client, put_results):
    before = version(client)
    assert put_results("thpt-2025", "national_2025.csv").status_code == 200
    assert version(client) != before


def test_refused_imports_and_reads_leave_the_version(client, put_results):
    assert put_results("thpt-2025", "national_2025.csv").status_code == 200
    before = version(client)
    assert (
        client.put("/api/v1/exams/thpt-2025/results", data=b"sbd\n", headers={"Content-Type": "text/csv"}).status_code
        == 401
    )
    assert put_results("thpt-2025", b"ho_ten,ngay_sinh\nA,B\n").status_code in (400, 422)
    assert client.get("/api/v1/exams").status_code == 200
    assert client.get("/api/v1/exams/thpt-2025/results/99999999").status_code == 404
    assert version(client) == before


def test_the_command_line_import_and_demo_load_change_the_version(runner, client, tmp_path):
    before = version(client)
    imported = runner.invoke(args=["import-results", "thpt-2025", os.path.join(FIXTURES, "national_2025.csv")])
    assert imported.exit_code == 0, imported.output
    after_import = version(client)
    assert after_import != before
    junk = tmp_path / "junk.csv"
    junk.write_text("ho_ten,ngay_sinh\nA,B\n")
    assert runner.invoke(args=["import-results", "thpt-2025", str(junk)]).exit_code != 0
    assert version(client) == after_import
    assert runner.invoke(args=["load-demo"]).exit_code == 0
    assert version(client) != after_import


def test_polling_the_version_writes_no_access_log_line(client, caplog):
    assert_polling_writes_no_access_log_line(client, caplog)
