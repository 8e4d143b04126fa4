"""The media store: one narrow interface, SQLite (embedded default) or MongoDB behind it."""
import os


def open_store(config):
    if config.get("MONGO_URL"):
        from .mongo import MongoMediaStore

        return MongoMediaStore(config["MONGO_URL"])
    from .sqlite import SqliteMediaStore

    return SqliteMediaStore(os.path.join(config["DATA_DIR"], "media.sqlite3"))
