"""The exams store: one narrow interface, SQLite (embedded default) or MongoDB behind it."""

import os
from typing import NamedTuple, Optional


class Lookup(NamedTuple):
    """What a lookup reads in one step: whether the exam exists, the candidate's packed row (None:
    no such number), and the exam's published_at (None: published)."""

    exam_found: bool
    packed: Optional[bytes]
    published_at: Optional[str]


def open_store(config):
    if config.get("MONGO_URL"):
        from .mongo import MongoExamStore

        return MongoExamStore(config["MONGO_URL"])
    from .sqlite import SqliteExamStore

    return SqliteExamStore(os.path.join(config["DATA_DIR"], "exams.sqlite3"))
