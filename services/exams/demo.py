"""Demo content for `make run`: a slice of the real 2025 results as exam `thpt-2025`."""

import os

from portal_common.store import get_store

from .importer import import_results

HERE = os.path.dirname(os.path.abspath(__file__))
DEMO_FILE = os.path.join(HERE, "demo_data", "thpt2025_sample.csv")
DEMO_EXAM = "thpt-2025"
DEMO_NAME = "Kỳ thi tốt nghiệp THPT năm 2025"


def load_demo(app):
    store = get_store()
    existing = store.exam(DEMO_EXAM)
    if existing and existing["candidates"]:
        return f"exams: {DEMO_EXAM} already has {existing['candidates']} candidates"
    with open(DEMO_FILE, "rb") as stream:
        report = import_results(store, DEMO_EXAM, stream, name=DEMO_NAME, year=2025, tmp_dir=app.config["DATA_DIR"])
    return f"exams: {DEMO_EXAM} loaded with {report['imported']} candidates"
