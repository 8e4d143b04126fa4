"""The exams store: one narrow interface, SQLite (embedded default) or MongoDB behind it."""

import os


def open_store(config):
    if config.get("MONGO_URL"):
        from .mongo import MongoExamStore

        return MongoExamStore(config["MONGO_URL"])
    from .sqlite import SqliteExamStore

    return SqliteExamStore(os.path.join(config["DATA_DIR"], "exams.sqlite3"))
