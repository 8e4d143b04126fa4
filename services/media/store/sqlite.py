"""media data in the embedded SQLite database."""
from portal_common import sqlite

SCHEMA = ()


class SqliteMediaStore:
    def __init__(self, path):
        self.conn = sqlite.connect(path, SCHEMA)

    def ping(self):
        self.conn.execute("SELECT 1")
        return {"backend": "sqlite"}

    def close(self):
        self.conn.close()
