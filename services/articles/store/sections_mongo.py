"""The sections' part of the MongoDB articles store (a mixin of MongoArticleStore): the site
settings and the static pages as versioned records (`site_records`, a compare-and-set on
`version`), the logo as a small binary document (`site_images`), and the public's questions
(`questions`, numbered (`id`) from a counter document, with their folded words as an array as articles
keep theirs).

The contract of these methods is in sections_sqlite.py."""

import bson
import pymongo

from .errors import VersionConflict

QUESTION_FIELDS = ("name", "email", "title", "question", "answer", "status", "asked_ts", "answered_ts", "answered_by")
_ORDER = {
    "answered": [("answered_ts", pymongo.DESCENDING), ("id", pymongo.DESCENDING)],
    "pending": [("asked_ts", pymongo.ASCENDING), ("id", pymongo.ASCENDING)],
}
COUNTER = "questions"


def _question(doc):
    return {"id": doc["id"], **{name: doc.get(name) for name in QUESTION_FIELDS}}


class SectionsMongo:
    def _prepare_sections(self):
        """Indexes of the sections' collections (called once per process by _prepare)."""
        self.db.questions.create_index("id", unique=True)
        self.db.questions.create_index([("status", 1), ("answered_ts", -1), ("id", -1)])
        self.db.questions.create_index("asked_ts")
        self.db.questions.create_index("words")

    # -- versioned records ---------------------------------------------------------------------
    def site_record(self, key):
        doc = self.db.site_records.find_one({"_id": key})
        if doc is None:
            return None
        return {"record": doc["record"], "version": doc["version"], "updated_ts": doc["updated_ts"]}

    def save_site_record(self, key, record, updated_ts, version=None):
        if version is None:
            self.db.site_records.update_one(
                {"_id": key},
                {"$set": {"record": record, "updated_ts": updated_ts}, "$inc": {"version": 1}},
                upsert=True,
            )
            return self.site_record(key)
        if version == 0:
            try:
                self.db.site_records.insert_one({"_id": key, "record": record, "version": 1, "updated_ts": updated_ts})
            except pymongo.errors.DuplicateKeyError:
                raise VersionConflict(self.site_record(key)) from None
            return self.site_record(key)
        result = self.db.site_records.update_one(
            {"_id": key, "version": version},
            {"$set": {"record": record, "updated_ts": updated_ts}, "$inc": {"version": 1}},
        )
        if result.matched_count == 0:
            raise VersionConflict(self.site_record(key) or {"version": 0})
        return self.site_record(key)

    # -- small files ---------------------------------------------------------------------------
    def site_file(self, key):
        doc = self.db.site_images.find_one({"_id": key})
        if doc is None:
            return None
        return {name: doc[name] for name in ("content_type", "etag", "width", "height", "updated_ts")} | {
            "data": bytes(doc["data"])
        }

    def site_file_info(self, key):
        doc = self.db.site_images.find_one({"_id": key}, {"data": 0})
        return (
            None
            if doc is None
            else {name: doc[name] for name in ("content_type", "etag", "width", "height", "updated_ts")}
        )

    def save_site_file(self, key, file):
        self.db.site_images.update_one({"_id": key}, {"$set": {**file, "data": bson.Binary(file["data"])}}, upsert=True)

    def delete_site_file(self, key):
        return self.db.site_images.delete_one({"_id": key}).deleted_count > 0

    # -- questions -----------------------------------------------------------------------------
    def question(self, question_id):
        doc = self.db.questions.find_one({"id": question_id})
        return _question(doc) if doc else None

    def insert_question(self, doc, words):
        counter = self.db.counters.find_one_and_update(
            {"_id": COUNTER}, {"$inc": {"n": 1}}, upsert=True, return_document=pymongo.ReturnDocument.AFTER
        )
        question_id = counter["n"]
        self.db.questions.insert_one(
            {"id": question_id, **{name: doc.get(name) for name in QUESTION_FIELDS}, "words": list(words)}
        )
        return self.question(question_id)

    def update_question(self, question_id, changes, words):
        result = self.db.questions.update_one({"id": question_id}, {"$set": {**changes, "words": list(words)}})
        return self.question(question_id) if result.matched_count else None

    def delete_question(self, question_id):
        return self.db.questions.delete_one({"id": question_id}).deleted_count > 0

    def list_questions(self, status, words=(), offset=0, limit=20):
        query = {"status": status}
        if words:
            query["words"] = {"$all": list(words)}
        total = self.db.questions.count_documents(query)
        found = self.db.questions.find(query, {"_id": 0, "words": 0}).sort(_ORDER[status]).skip(offset).limit(limit)
        return [_question(doc) for doc in found], total

    def purge_questions(self, asked_before):
        deleted = self.db.questions.delete_many({"status": "pending", "asked_ts": {"$lt": asked_before}}).deleted_count
        erased = self.db.questions.update_many(
            {"asked_ts": {"$lt": asked_before}, "email": {"$ne": None}}, {"$set": {"email": None}}
        ).modified_count
        return deleted, erased

    # -- backups (services/articles/backup.py): the sections' records, store-neutral -------------
    def export_section_records(self, kind):
        if kind == "site_records":
            for doc in self.db.site_records.find({}).sort([("_id", 1)]):
                yield {
                    "key": doc["_id"],
                    "record": doc["record"],
                    "version": doc["version"],
                    "updated_ts": doc["updated_ts"],
                }
        elif kind == "site_files":
            for doc in self.db.site_images.find({}, {"_id": 1}).sort([("_id", 1)]):
                yield {"key": doc["_id"], **self.site_file(doc["_id"])}
        elif kind == "questions":
            for doc in self.db.questions.find({}).sort([("id", 1)]):
                yield _question(doc)
        else:
            raise ValueError(f"unknown record kind {kind!r}")

    def import_section_records(self, kind, records):
        """As exported; a question also carries `words` (its folded words, as insert_question takes them)."""
        last = 0
        for record in records:
            if kind == "site_records":
                fields = {name: record[name] for name in ("record", "version", "updated_ts")}
                self.db.site_records.insert_one({"_id": record["key"], **fields})
            elif kind == "site_files":
                self.save_site_file(record["key"], {name: value for name, value in record.items() if name != "key"})
            elif kind == "questions":
                fields = {name: record.get(name) for name in QUESTION_FIELDS}
                self.db.questions.insert_one({"id": record["id"], **fields, "words": list(record["words"])})
                last = max(last, record["id"])
            else:
                raise ValueError(f"unknown record kind {kind!r}")
        if kind == "questions":  # new questions are numbered after the restored ones
            self.db.counters.update_one({"_id": COUNTER}, {"$max": {"n": last}}, upsert=True)
