"""Documents in MongoDB: the collection `documents`, one document per record with its words (a
multikey index), a unique index on the folded số ký hiệu, and `revision` for guarded updates."""

import re

import pymongo
from pymongo.errors import DuplicateKeyError

from portal_common.mongo import PooledMongoStore, database_for, prepare_once

from . import DuplicateNumber

ORDER = [("issued_on", pymongo.DESCENDING), ("sort_key", pymongo.DESCENDING), ("_id", pymongo.ASCENDING)]
LISTED = {"words": 0}


# `until`: ends_on, or a day past any real one when there is no end, so every status is a plain
# range on two fields (no matching on null, which MongoDB and its wire servers treat apart).
NO_END = "9999-12-31"


def _plain(document):
    if document is None:
        return None
    document = dict(document)
    document["id"] = document.pop("_id")
    document.pop("until", None)
    return document


def _with_until(fields):
    if "ends_on" in fields:
        return {**fields, "until": fields["ends_on"] or NO_END}
    return fields


def _status_filter(status, today):
    if status == "in_force":
        return {"starts_on": {"$lte": today}, "until": {"$gte": today}}
    if status == "not_yet":
        return {"starts_on": {"$gt": today}}
    if status == "expired":
        return {"starts_on": {"$lte": today}, "until": {"$lt": today}}
    return {}


class MongoDocumentStore(PooledMongoStore):
    def __init__(self, url):
        self.db = database_for(url)
        self.documents = self.db["documents"]
        prepare_once("documents", url, self._prepare)

    def _prepare(self):
        """Indexes."""
        self.documents.create_index([("number_key", pymongo.ASCENDING)], unique=True)
        self.documents.create_index([("words", pymongo.ASCENDING)])
        self.documents.create_index(ORDER[:2])

    def add(self, record):
        try:
            fields = _with_until({k: v for k, v in record.items() if k != "id"})
            self.documents.insert_one({"_id": record["id"], **fields})
        except DuplicateKeyError:
            raise DuplicateNumber(record["number"]) from None

    def get(self, document_id):
        return _plain(self.documents.find_one({"_id": document_id}))

    def get_many(self, ids):
        if not ids:
            return []
        return [_plain(doc) for doc in self.documents.find({"_id": {"$in": list(ids)}}, LISTED).sort(ORDER)]

    def update(self, document_id, revision, changes):
        changes = _with_until({name: value for name, value in changes.items() if name not in ("id", "_id", "revision")})
        try:
            result = self.documents.update_one(
                {"_id": document_id, "revision": revision}, {"$set": changes, "$inc": {"revision": 1}}
            )
        except DuplicateKeyError:
            raise DuplicateNumber(changes.get("number")) from None
        return result.matched_count == 1

    def delete(self, document_id):
        record = self.get(document_id)
        if record is None:
            return None
        if self.documents.delete_one({"_id": document_id}).deleted_count != 1:
            return None
        return record

    def referring_to(self, document_id):
        query = {"$or": [{"related": document_id}, {"replaces": document_id}]}
        return [_plain(doc) for doc in self.documents.find(query, LISTED).sort(ORDER)]

    def search(self, query, offset, limit):
        conditions = [_status_filter(query.status, query.today)]
        for name in ("type", "issuer", "field", "year"):
            if getattr(query, name) is not None:
                conditions.append({name: getattr(query, name)})
        if not query.searching:
            where = {"$and": conditions}
            cursor = self.documents.find(where, LISTED).sort(ORDER).skip(offset).limit(limit)
            return [_plain(doc) for doc in cursor], self.documents.count_documents(where)
        matches = []
        if query.number_key:
            matches.append({"number_key": {"$regex": re.escape(query.number_key)}})
        if query.words:
            matches.append({"words": {"$all": list(query.words)}})
        conditions.append({"$or": matches})
        projection = {"_id": 1, "number_key": 1, "issued_on": 1, "sort_key": 1}
        candidates = list(self.documents.find({"$and": conditions}, projection))

        def rank(doc):
            number_match = bool(query.number_key) and query.number_key in doc["number_key"]
            return (not number_match, _descending(doc["issued_on"]), -doc["sort_key"], doc["_id"])

        page = [doc["_id"] for doc in sorted(candidates, key=rank)[offset : offset + limit]]
        found = {doc["_id"]: _plain(doc) for doc in self.documents.find({"_id": {"$in": page}}, LISTED)} if page else {}
        return [found[i] for i in page if i in found], len(candidates)

    def facets(self):
        seen = {"type": set(), "issuer": set(), "field": set(), "year": set()}
        for doc in self.documents.find({}, {"_id": 0, "type": 1, "issuer": 1, "field": 1, "year": 1}):
            for name, values in seen.items():
                if doc.get(name) is not None:
                    values.add(doc[name])
        return {
            "types": sorted(seen["type"]),
            "issuers": sorted(seen["issuer"]),
            "fields": sorted(seen["field"]),
            "years": sorted(seen["year"], reverse=True),
        }

    def count(self):
        return self.documents.count_documents({})

    # backups (services/documents/backup.py): as the SQLite store gives them (words sorted)
    def export_records(self, kind):
        if kind != "documents":
            raise ValueError(f"no record kind {kind!r}")
        for document in self.documents.find({}).sort([("sort_key", pymongo.ASCENDING), ("_id", pymongo.ASCENDING)]):
            record = _plain(document)
            record["words"] = sorted(record.get("words") or [])
            yield record

    def import_records(self, kind, records):
        if kind != "documents":
            raise ValueError(f"no record kind {kind!r}")
        for record in records:
            self.add({**record, "words": record.get("words") or []})


def _descending(day):
    """A sort key that puts later ISO dates first."""
    return tuple(-ord(char) for char in day)
