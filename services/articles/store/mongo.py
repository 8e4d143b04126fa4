"""Articles in MongoDB.

Search: each article keeps its folded words as arrays (`words`: title, summary and body;
`title_words`: the title's), with a multikey index on `words`; a query asks for `$all` the query
words. Matches are ranked here with the same rule as the SQLite store: more query words in the
title first, then newest, then slug."""

import os
import threading

import pymongo

from portal_common.mongo import database_for

from .categories import SEED
from .errors import SlugTaken

_PUBLIC_PROJECTION = {"_id": 0, "words": 0, "title_words": 0}
_ORDER = [("published_ts", pymongo.DESCENDING), ("slug", pymongo.ASCENDING)]
_prepared = set()
_prepare_lock = threading.Lock()


def _public(now, **extra):
    return {"status": "published", "published_ts": {"$lte": now}, **extra}


class MongoArticleStore:
    def __init__(self, url):
        self.db = database_for(url)
        self.articles = self.db.articles
        self.categories_collection = self.db.article_categories
        self._prepare(url)

    def _prepare(self, url):
        """Indexes and the seeded categories, once per process and database."""
        key = (os.getpid(), url)
        if key in _prepared:
            return
        with _prepare_lock:
            if key in _prepared:
                return
            self.articles.create_index("slug", unique=True)
            self.articles.create_index([("status", 1), ("published_ts", -1), ("slug", 1)])
            self.articles.create_index([("category", 1), ("status", 1), ("published_ts", -1), ("slug", 1)])
            self.articles.create_index("words")
            for slug, name, order in SEED:
                self.categories_collection.update_one(
                    {"_id": slug}, {"$setOnInsert": {"name": name, "order": order}}, upsert=True
                )
            _prepared.add(key)

    def ping(self):
        self.db.command("ping")
        return {"backend": "mongo"}

    def close(self):
        pass  # the client is shared by the process and pooled

    # categories
    def categories(self):
        found = self.categories_collection.find().sort([("order", 1), ("_id", 1)])
        return [{"slug": doc["_id"], "name": doc["name"], "order": doc["order"]} for doc in found]

    def category(self, slug):
        doc = self.categories_collection.find_one({"_id": slug})
        return {"slug": doc["_id"], "name": doc["name"], "order": doc["order"]} if doc else None

    # one article
    def get(self, slug):
        return self.articles.find_one({"slug": slug}, _PUBLIC_PROJECTION)

    def slug_taken(self, slug):
        return self.articles.find_one({"slug": slug}, {"_id": 1}) is not None

    def insert(self, doc, search):
        try:
            self.articles.insert_one({**doc, "title_words": search["title"], "words": _all_words(search)})
        except pymongo.errors.DuplicateKeyError:
            raise SlugTaken(doc["slug"]) from None
        return self.get(doc["slug"])

    def update(self, slug, changes, search=None):
        sets = dict(changes)
        if search is not None:
            sets.update(title_words=search["title"], words=_all_words(search))
        try:
            result = self.articles.update_one({"slug": slug}, {"$set": sets}) if sets else None
        except pymongo.errors.DuplicateKeyError:
            raise SlugTaken(changes.get("slug")) from None
        if result is not None and result.matched_count == 0:
            return None
        return self.get(changes.get("slug", slug))

    def delete(self, slug):
        return self.articles.delete_one({"slug": slug}).deleted_count == 1

    # lists: each returns (docs, total)
    def _page(self, query, offset, limit):
        total = self.articles.count_documents(query)
        docs = list(self.articles.find(query, _PUBLIC_PROJECTION).sort(_ORDER).skip(offset).limit(limit))
        return docs, total

    def list_public(self, now, category=None, offset=0, limit=20):
        return self._page(_public(now, **({"category": category} if category else {})), offset, limit)

    def related(self, article, now, offset=0, limit=10):
        ts, slug = article["published_ts"], article["slug"]
        query = _public(
            now,
            category=article["category"],
            **{"$or": [{"published_ts": {"$lt": ts}}, {"published_ts": ts, "slug": {"$gt": slug}}]},
        )
        return self._page(query, offset, limit)

    def search(self, query_words, now, category=None, offset=0, limit=20):
        query = _public(now, words={"$all": list(query_words)}, **({"category": category} if category else {}))
        candidates = list(self.articles.find(query, {"_id": 0, "slug": 1, "published_ts": 1, "title_words": 1}))
        wanted = set(query_words)

        def rank(doc):
            return (-len(wanted.intersection(doc.get("title_words", ()))), -doc["published_ts"], doc["slug"])

        page = [doc["slug"] for doc in sorted(candidates, key=rank)[offset : offset + limit]]
        found = (
            {doc["slug"]: doc for doc in self.articles.find({"slug": {"$in": page}}, _PUBLIC_PROJECTION)}
            if page
            else {}
        )
        return [found[slug] for slug in page if slug in found], len(candidates)

    def latest_published_at(self, now):
        """The newest publication time (epoch seconds) among articles public at `now`, None when
        there are none; served by the (status, published_ts, slug) index."""
        doc = self.articles.find_one(
            _public(now), {"_id": 0, "published_ts": 1}, sort=[("published_ts", pymongo.DESCENDING)]
        )
        return doc["published_ts"] if doc else None

    def index_entries(self, now, offset=0, limit=1000):
        query = _public(now)
        projection = {"_id": 0, "slug": 1, "category": 1, "published_ts": 1, "updated_ts": 1}
        docs = list(self.articles.find(query, projection).sort(_ORDER).skip(offset).limit(limit))
        return docs, self.articles.count_documents(query)


def _all_words(search):
    return list(dict.fromkeys([*search["title"], *search["text"]]))
