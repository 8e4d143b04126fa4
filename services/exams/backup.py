"""The exams service's part of a backup (tools/backup): every exam with its statistics and
publication time, and the results of the generation it points at, read and written through its
store seam. Results go back through the importer's own loader (a fresh generation made active
in one step), so an exam has its old results or the restored ones, never a mix."""

from .settings import settings
from .store import open_store

SERVICE = "exams"
SQLITE_FILE = "exams.sqlite3"
# Whether the service keeps objects (bytes) besides its records.
HOLDS_OBJECTS = False
KINDS = ("exams", "results", "jobs")
# What each kind carries, by store (tests/backup/test_coverage.py); `*` matches a generation.
# An exam carries its statistics and its generation's percentile tables (ranks).
SQLITE_TABLES = {"exams": ("exams", "ranks"), "results": ("results_*", "generations"), "jobs": ("import_jobs",)}
MONGO_COLLECTIONS = {
    "exams": ("exams", "exam_ranks"),
    "results": ("exam_results_*", "exam_generations", "exam_counters"),
    "jobs": ("exam_import_jobs",),
}


def has_records(store):
    return bool(store.exams())


# Read by tools/backup/service_part.py.
__all__ = ["open_store", "settings"]
