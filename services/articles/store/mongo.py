"""Articles in MongoDB."""
from portal_common.mongo import database_for


class MongoArticleStore:
    def __init__(self, url):
        self.db = database_for(url)

    def ping(self):
        self.db.command("ping")
        return {"backend": "mongo"}

    def close(self):
        pass  # the client is shared by the process and pooled
