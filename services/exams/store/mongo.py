"""Exams in MongoDB.

`exams` holds one document per exam (metadata, stored statistics, the active generation). Each
import writes a fresh collection `exam_results_<generation>` ({_id: SBD as int, p: packed row});
one single-document update then points the exam at it (atomic in MongoDB), and the old collection
is dropped. A lookup that read the old pointer and finds its collection gone reads the pointer
again, so it answers from the old import or the new, never a mix. An exam document written before
`published_at` existed has no such field: it reads as None (published).

A generation's percentile tables (ranks.py) are a document of `exam_ranks` ({_id: generation,
data}), written before the pointer moves to it and dropped with it. Import jobs are documents of
`exam_import_jobs` ({_id: job id, …the job}); a state change is one conditional update.
"""

import pymongo
from bson import Binary

from portal_common.mongo import database_for

from . import Lookup, restore_records

EXAM_FIELDS = {"name": 1, "year": 1, "candidates": 1, "subjects": 1, "imported_at": 1, "published_at": 1}
UPDATABLE = ("name", "year", "published_at")


def _collection_name(generation):
    return f"exam_results_{int(generation)}"


def _exam(doc):
    return {
        "id": doc["_id"],
        "name": doc["name"],
        "year": doc["year"],
        "candidates": doc["candidates"],
        "subjects": doc["subjects"],
        "imported_at": doc["imported_at"],
        "published_at": doc.get("published_at"),
    }


def _job(doc):
    if doc is None:
        return None
    doc.pop("_id", None)
    return doc


class MongoExamStore:
    def __init__(self, url):
        self.db = database_for(url)

    def ping(self):
        self.db.command("ping")
        return {"backend": "mongo"}

    def close(self):
        pass  # the client is shared by the process and pooled

    def exams(self):
        docs = self.db.exams.find({}, EXAM_FIELDS).sort([("year", pymongo.DESCENDING), ("_id", pymongo.ASCENDING)])
        return [_exam(doc) for doc in docs]

    def exam(self, exam_id):
        doc = self.db.exams.find_one({"_id": exam_id}, EXAM_FIELDS)
        return _exam(doc) if doc else None

    def stats(self, exam_id):
        doc = self.db.exams.find_one({"_id": exam_id}, {"stats": 1})
        return doc["stats"] if doc else None

    def lookup(self, exam_id, sbd):
        """A Lookup: whether the exam exists, the packed row or None, the exam's published_at."""
        exams = self.db.exams
        pointer = {"generation": 1, "published_at": 1}
        doc = exams.find_one({"_id": exam_id}, pointer)
        for _ in range(5):
            if doc is None:
                return Lookup(False, None, None)
            found = self.db[_collection_name(doc["generation"])].find_one({"_id": sbd})
            if found is not None:
                return Lookup(True, bytes(found["p"]), doc.get("published_at"), doc["generation"])
            again = exams.find_one({"_id": exam_id}, pointer)
            if again is not None and again["generation"] == doc["generation"]:
                return Lookup(True, None, again.get("published_at"), again["generation"])
            doc = again
        return Lookup(True, None, doc.get("published_at") if doc else None)

    def ranks(self, generation):
        """The percentile tables of `generation` (bytes), None when it has none or is gone."""
        doc = self.db.exam_ranks.find_one({"_id": generation})
        return bytes(doc["data"]) if doc else None

    def create_job(self, job):
        self.db.exam_import_jobs.insert_one({"_id": job["job"], **job})

    def job(self, job_id):
        return _job(self.db.exam_import_jobs.find_one({"_id": job_id}))

    def update_job(self, job_id, changes, states=None):
        """Set `changes` on the job, only while its state is one of `states` (None: any). → the
        job after, or None when there is no such job or its state was not one of them."""
        query = {"_id": job_id} if states is None else {"_id": job_id, "state": {"$in": list(states)}}
        doc = self.db.exam_import_jobs.find_one_and_update(
            query, {"$set": dict(changes)}, return_document=pymongo.ReturnDocument.AFTER
        )
        return _job(doc)

    def jobs(self, exam_id=None, limit=20):
        """The latest jobs, newest first (of one exam when `exam_id` is given)."""
        query = {"exam": exam_id} if exam_id else {}
        docs = self.db.exam_import_jobs.find(query).sort([("created_at", pymongo.DESCENDING)]).limit(limit)
        return [_job(doc) for doc in docs]

    def update_exam(self, exam_id, changes):
        """Set some of name, year, published_at; the exam after, or None when there is none."""
        fields = {key: changes[key] for key in UPDATABLE if key in changes}
        if not fields:
            return self.exam(exam_id)
        doc = self.db.exams.find_one_and_update(
            {"_id": exam_id}, {"$set": fields}, EXAM_FIELDS, return_document=pymongo.ReturnDocument.AFTER
        )
        return _exam(doc) if doc else None

    # backups (services/exams/backup.py): every record of a kind in a store-neutral form, and
    # the same records put back into an empty store through the importer's own loader
    def export_records(self, kind):
        if kind == "exams":
            fields = {**EXAM_FIELDS, "stats": 1, "generation": 1}
            for doc in self.db.exams.find({}, fields).sort([("_id", pymongo.ASCENDING)]):
                yield {**_exam(doc), "stats": doc["stats"], "ranks": self.ranks(doc["generation"])}
        elif kind == "jobs":
            for doc in self.db.exam_import_jobs.find({}).sort([("created_at", 1), ("_id", 1)]):
                yield _job(doc)
        elif kind == "results":
            pointers = list(self.db.exams.find({}, {"generation": 1}).sort([("_id", pymongo.ASCENDING)]))
            for pointer in pointers:
                found = self.db[_collection_name(pointer["generation"])].find({}).sort([("_id", pymongo.ASCENDING)])
                for doc in found:
                    yield {"exam": pointer["_id"], "sbd": doc["_id"], "p": bytes(doc["p"])}
                # A re-import while these were read dropped their collection: some may be missing.
                again = self.db.exams.find_one({"_id": pointer["_id"]}, {"generation": 1})
                if again is not None and again["generation"] != pointer["generation"]:
                    raise RuntimeError(f"exam {pointer['_id']} was imported again during the backup; run it again")
        else:
            raise ValueError(f"unknown record kind {kind!r}")

    def import_records(self, kind, records):
        """Exams first (each made with no results yet), then results grouped by exam: each exam's
        go into a fresh generation that is then made active, as an import does."""
        restore_records(self, kind, records)

    def begin_import(self, exam_id):
        return _Loader(self.db, exam_id)


class _Loader:
    def __init__(self, db, exam_id):
        self.db = db
        self.exam_id = exam_id
        counter = db.exam_counters.find_one_and_update(
            {"_id": "generation"},
            {"$inc": {"n": 1}},
            upsert=True,
            return_document=pymongo.ReturnDocument.AFTER,
        )
        self.generation = counter["n"]
        db.exam_generations.insert_one({"_id": self.generation, "exam": exam_id})
        self.collection = db[_collection_name(self.generation)]

    def add(self, rows):
        """`rows`: a list of (sbd, packed)."""
        self.collection.insert_many(({"_id": sbd, "p": Binary(packed)} for sbd, packed in rows), ordered=False)

    def commit(self, meta):
        meta = dict(meta)
        ranks = meta.pop("ranks", None)
        if ranks is not None:
            # $set with upsert, not replace_one: the wire server of the tests drops a replacement's _id.
            self.db.exam_ranks.update_one({"_id": self.generation}, {"$set": {"data": Binary(ranks)}}, upsert=True)
        self.db.exams.update_one(
            {"_id": self.exam_id},
            {"$set": {**meta, "generation": self.generation}},
            upsert=True,
        )
        self._drop_older()

    def abort(self):
        self.collection.drop()
        self.db.exam_ranks.delete_one({"_id": self.generation})
        self.db.exam_generations.delete_one({"_id": self.generation})

    def _drop_older(self):
        """This exam's collections older than the active one: the previous import's and any left
        by an interrupted one. Newer ones belong to an import still running."""
        older = self.db.exam_generations.find({"exam": self.exam_id, "_id": {"$lt": self.generation}})
        for doc in list(older):
            self.db.drop_collection(_collection_name(doc["_id"]))
            self.db.exam_ranks.delete_one({"_id": doc["_id"]})
            self.db.exam_generations.delete_one({"_id": doc["_id"]})
