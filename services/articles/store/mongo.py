"""Articles in MongoDB.

Search: each article keeps its folded words as arrays (`words`: title, summary and body;
`title_words`: the title's), with a multikey index on `words`; a query asks for `$all` the query
words. Matches are ranked here with the same rule as the SQLite store: more query words in the
title first, then newest, then slug.

Revisions are documents of `article_revisions`, keyed by the article's `key` (a random id given
at insert, which a slug change leaves alone) and the revision's number, under a unique index. A
save is a compare-and-set on the article's `version` (one update_one whose filter names it: of
two saves on one version only one matches), then its revision is written under the new number,
which only the save that moved the article there can hold.

Articles stored before the workflow get a version and a key on first use (`_prepare`)."""

import uuid

import pymongo

from portal_common.mongo import PooledMongoStore, database_for, prepare_once

from . import with_defaults
from .categories import SEED
from .errors import SlugTaken, VersionConflict
from .sections_mongo import SectionsMongo

_PUBLIC_PROJECTION = {"_id": 0, "words": 0, "title_words": 0, "key": 0}
_REVISION_PROJECTION = {"_id": 0, "article": 0}
_ORDER = [("published_ts", pymongo.DESCENDING), ("slug", pymongo.ASCENDING)]


def _public(now, **extra):
    return {"status": "published", "published_ts": {"$lte": now}, **extra}


# The desk's lists: which articles each view holds, in which order (store.STAFF_VIEWS).
_STAFF_VIEWS = {
    "draft": lambda now: {"status": "draft", "review": None},
    "returned": lambda now: {"status": "draft", "review": {"$ne": None}},
    "pending": lambda now: {"$or": [{"status": "pending"}, {"status": "published", "pending": {"$ne": None}}]},
    "scheduled": lambda now: {"status": "published", "published_ts": {"$gt": now}},
    "published": lambda now: {"status": "published", "published_ts": {"$lte": now}},
    "all": lambda now: {},
}
_RECENT = [("updated_ts", pymongo.DESCENDING), ("slug", pymongo.ASCENDING)]
_STAFF_ORDER = {
    "draft": _RECENT,
    "returned": _RECENT,
    "pending": _RECENT,
    "scheduled": [("published_ts", pymongo.ASCENDING), ("slug", pymongo.ASCENDING)],
    "published": _ORDER,
    "all": _RECENT,
}


class MongoArticleStore(SectionsMongo, PooledMongoStore):
    def __init__(self, url):
        self.db = database_for(url)
        self.articles = self.db.articles
        self.categories_collection = self.db.article_categories
        self.revisions_collection = self.db.article_revisions
        prepare_once("articles", url, self._prepare)

    def _prepare(self):
        """Indexes and the seeded categories."""
        self.articles.create_index("slug", unique=True)
        self.articles.create_index([("status", 1), ("published_ts", -1), ("slug", 1)])
        self.articles.create_index([("category", 1), ("status", 1), ("published_ts", -1), ("slug", 1)])
        self.articles.create_index("words")
        self.revisions_collection.create_index([("article", 1), ("id", 1)], unique=True)
        self._migrate()
        self._prepare_sections()
        self.articles.create_index("key")
        for slug, name, order in SEED:
            self.categories_collection.update_one(
                {"_id": slug}, {"$setOnInsert": {"name": name, "order": order}}, upsert=True
            )

    def _migrate(self):
        """Articles stored before the workflow: version 1, and a key for their revisions."""
        self.articles.update_many({"version": {"$exists": False}}, {"$set": {"version": 1}})
        for doc in self.articles.find({"key": {"$exists": False}}, {"_id": 1}):
            self.articles.update_one(
                {"_id": doc["_id"], "key": {"$exists": False}}, {"$set": {"key": uuid.uuid4().hex}}
            )

    # categories
    def categories(self):
        found = self.categories_collection.find().sort([("order", 1), ("_id", 1)])
        return [{"slug": doc["_id"], "name": doc["name"], "order": doc["order"]} for doc in found]

    def category(self, slug):
        doc = self.categories_collection.find_one({"_id": slug})
        return {"slug": doc["_id"], "name": doc["name"], "order": doc["order"]} if doc else None

    # one article
    def get(self, slug):
        doc = self.articles.find_one({"slug": slug}, _PUBLIC_PROJECTION)
        return with_defaults(doc) if doc else None

    def slug_taken(self, slug):
        return self.articles.find_one({"slug": slug}, {"_id": 1}) is not None

    def _key(self, slug):
        """The article's key (None: no such article); one stored before the workflow gets its key
        and version here if `_migrate` has not given them yet."""
        doc = self.articles.find_one({"slug": slug}, {"_id": 1, "key": 1, "version": 1})
        if doc is None:
            return None
        if "key" in doc and "version" in doc:
            return doc["key"]
        self.articles.update_one({"_id": doc["_id"], "version": {"$exists": False}}, {"$set": {"version": 1}})
        self.articles.update_one({"_id": doc["_id"], "key": {"$exists": False}}, {"$set": {"key": uuid.uuid4().hex}})
        found = self.articles.find_one({"_id": doc["_id"]}, {"_id": 0, "key": 1})
        return None if found is None else found["key"]

    def insert(self, doc, search, revision=None):
        doc = with_defaults(doc)
        key = uuid.uuid4().hex
        try:
            self.articles.insert_one({**doc, "key": key, "title_words": search["title"], "words": _all_words(search)})
        except pymongo.errors.DuplicateKeyError:
            raise SlugTaken(doc["slug"]) from None
        if revision is not None:
            self._keep_revision(key, doc["version"], revision)
        return self.get(doc["slug"])

    def save(self, slug, version, changes, search, revision, baseline=None, replaces=False):
        key = self._key(slug)
        if key is None:
            return None
        sets = {name: value for name, value in changes.items() if name != "version"}
        sets["version"] = version + 1
        if search is not None:
            sets.update(title_words=search["title"], words=_all_words(search))
        try:
            result = self.articles.update_one({"key": key, "version": version}, {"$set": sets})
        except pymongo.errors.DuplicateKeyError:
            raise SlugTaken(changes.get("slug")) from None
        if result.matched_count == 0:
            current = self.get(slug)
            if current is None:
                return None
            raise VersionConflict(current)
        if baseline is not None:
            self._keep_revision(key, version, baseline, if_absent=True)
        self._keep_revision(key, version + 1, revision)
        if replaces:  # the revision this save supersedes (an autosave) leaves the history
            self.revisions_collection.delete_one({"article": key, "id": version})
        return self.get(changes.get("slug", slug))

    def delete(self, slug, version=None):
        key = self._key(slug)
        if key is None:
            return False
        query = {"key": key} if version is None else {"key": key, "version": version}
        if self.articles.delete_one(query).deleted_count != 1:
            current = self.get(slug)
            if current is None:
                return False
            raise VersionConflict(current)
        self.revisions_collection.delete_many({"article": key})
        return True

    # revisions
    def _keep_revision(self, key, number, revision, if_absent=False):
        try:
            self.revisions_collection.insert_one({**revision, "article": key, "id": number})
        except pymongo.errors.DuplicateKeyError:
            if not if_absent:
                raise

    def revisions(self, slug, offset=0, limit=20):
        key = self._key(slug)
        if key is None:
            return None
        query = {"article": key}
        projection = {"_id": 0, "id": 1, "ts": 1, "user": 1, "title": 1}
        found = self.revisions_collection.find(query, projection).sort([("id", pymongo.DESCENDING)])
        items = [
            {"id": doc["id"], "ts": doc["ts"], "user": doc.get("user"), "title": doc["title"]}
            for doc in found.skip(offset).limit(limit)
        ]
        return items, self.revisions_collection.count_documents(query)

    def revision(self, slug, revision_id):
        key = self._key(slug)
        if key is None:
            return None
        doc = self.revisions_collection.find_one({"article": key, "id": revision_id}, _REVISION_PROJECTION)
        if doc is None:
            return None
        return {
            "id": doc["id"],
            "ts": doc["ts"],
            "user": doc.get("user"),
            "title": doc["title"],
            **{name: doc.get(name) for name in ("display_name", "action", "comment", "restored_from", "fields")},
        }

    # lists: each returns (docs, total)
    def _page(self, query, offset, limit):
        total = self.articles.count_documents(query)
        docs = list(self.articles.find(query, _PUBLIC_PROJECTION).sort(_ORDER).skip(offset).limit(limit))
        return [with_defaults(doc) for doc in docs], total

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
        return [with_defaults(found[slug]) for slug in page if slug in found], len(candidates)

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

    # the desk's lists (store.STAFF_VIEWS)
    def staff_list(self, view, now, owner=None, offset=0, limit=20):
        query = dict(_STAFF_VIEWS[view](now))
        if owner is not None:
            query["owner"] = owner
        found = self.articles.find(query, _PUBLIC_PROJECTION).sort(_STAFF_ORDER[view]).skip(offset).limit(limit)
        return [with_defaults(doc) for doc in found], self.articles.count_documents(query)

    # backups (services/articles/backup.py): every record of a kind in a store-neutral form, and
    # the same records put back into an empty store
    def export_records(self, kind):
        if kind == "categories":
            yield from self.categories()
        elif kind == "articles":
            for doc in self.articles.find({}, _PUBLIC_PROJECTION).sort([("_id", pymongo.ASCENDING)]):
                yield with_defaults(doc)
        elif kind == "revisions":
            slugs = {doc["key"]: doc["slug"] for doc in self.articles.find({}, {"_id": 0, "key": 1, "slug": 1})}
            found = self.revisions_collection.find({}, {"_id": 0}).sort([("article", 1), ("id", 1)])
            for doc in found:
                if doc["article"] in slugs:
                    yield {**doc, "article": slugs[doc["article"]]}
        else:  # the sections' kinds (sections_*.py)
            yield from self.export_section_records(kind)

    def import_records(self, kind, records):
        """`records` of one kind as export_records gives them; an article also carries `search`
        (its folded words, as `insert` takes them)."""
        if kind not in ("categories", "articles", "revisions"):  # the sections' kinds (sections_*.py)
            return self.import_section_records(kind, records)
        keys = {}
        for record in records:
            if kind == "categories":
                self.categories_collection.update_one(
                    {"_id": record["slug"]}, {"$set": {"name": record["name"], "order": record["order"]}}, upsert=True
                )
            elif kind == "articles":
                doc = with_defaults({name: value for name, value in record.items() if name != "search"})
                search = record["search"]
                words = {"title_words": search["title"], "words": _all_words(search)}
                self.articles.insert_one({**doc, "key": uuid.uuid4().hex, **words})
            elif kind == "revisions":
                slug = record["article"]
                if slug not in keys:
                    found = self.articles.find_one({"slug": slug}, {"_id": 0, "key": 1})
                    keys[slug] = found["key"] if found else None
                if keys[slug] is not None:
                    self._keep_revision(keys[slug], record["id"], {k: v for k, v in record.items() if k != "article"})
            else:
                raise ValueError(f"unknown record kind {kind!r}")


def _all_words(search):
    return list(dict.fromkeys([*search["title"], *search["text"]]))
