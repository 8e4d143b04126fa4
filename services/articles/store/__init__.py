"""The articles store: one narrow interface, SQLite (embedded default) or MongoDB behind it."""

import os


def open_store(config):
    if config.get("MONGO_URL"):
        from .mongo import MongoArticleStore

        return MongoArticleStore(config["MONGO_URL"])
    from .sqlite import SqliteArticleStore

    return SqliteArticleStore(os.path.join(config["DATA_DIR"], "articles.sqlite3"))
