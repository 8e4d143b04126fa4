"""Media metadata in MongoDB: collections media_albums, media_images, media_videos, media_objects.

An album keeps its image count and next position as counters ($inc), so listing albums never
counts documents, and two uploads into one album get distinct positions. MongoDB has no
multi-collection transaction here: writes go objects first, then the record that points at them,
so an interrupted write leaves at worst unreferenced object rows, never a record without bytes."""

import pymongo
from pymongo import ReturnDocument

from portal_common.mongo import PooledMongoStore, database_for, prepare_once

from . import AlbumMissing, OrderMismatch

VIDEO_CHANGES = (
    "title",
    "content_type",
    "size",
    "duration",
    "checksum",
    "key",
    "poster_key",
    "width",
    "height",
    "event_date",
    "frame_key",
    "sources",
)


def _plain(document):
    if document is None:
        return None
    document = dict(document)
    document["id"] = document.pop("_id")
    document.pop("next_position", None)
    return document


class MongoMediaStore(PooledMongoStore):
    def __init__(self, url):
        self.db = database_for(url)
        self.albums = self.db["media_albums"]
        self.images = self.db["media_images"]
        self.videos = self.db["media_videos"]
        self.objects = self.db["media_objects"]
        prepare_once("media", url, self._prepare)

    def _prepare(self):
        """Indexes."""
        self.albums.create_index([("sort_key", pymongo.DESCENDING)])
        self.images.create_index([("album_id", pymongo.ASCENDING), ("position", pymongo.ASCENDING)])
        self.videos.create_index([("sort_key", pymongo.DESCENDING)])
        self.objects.create_index([("owner_id", pymongo.ASCENDING)])

    # albums
    def add_album(self, album):
        document = {k: v for k, v in album.items() if k != "id"}
        self.albums.insert_one(
            {
                "_id": album["id"],
                **document,
                "cover_image_id": album.get("cover_image_id"),
                "image_count": 0,
                "next_position": 1,
            }
        )

    def get_album(self, album_id):
        return _plain(self.albums.find_one({"_id": album_id}))

    def list_albums(self, offset, limit):
        cursor = (
            self.albums.find({})
            .sort([("sort_key", pymongo.DESCENDING), ("_id", pymongo.ASCENDING)])
            .skip(offset)
            .limit(limit)
        )
        return [_plain(doc) for doc in cursor], self.albums.count_documents({})

    def update_album(self, album_id, changes):
        allowed = {name: changes[name] for name in ("title", "cover_image_id", "event_date") if name in changes}
        return self._set(self.albums, album_id, allowed)

    def _set(self, collection, record_id, changes):
        """$set `changes` on one document; False when it is missing."""
        if not changes:
            return collection.find_one({"_id": record_id}, {"_id": 1}) is not None
        return collection.update_one({"_id": record_id}, {"$set": changes}).matched_count == 1

    def delete_album(self, album_id):
        if self.albums.find_one({"_id": album_id}, {"_id": 1}) is None:
            return None
        owners = [doc["_id"] for doc in self.images.find({"album_id": album_id}, {"_id": 1})]
        self.albums.delete_one({"_id": album_id})
        keys = self._drop_objects(owners)
        self.images.delete_many({"album_id": album_id})
        return keys

    def set_image_order(self, album_id, image_ids):
        present = {doc["_id"] for doc in self.images.find({"album_id": album_id}, {"_id": 1})}
        if len(image_ids) != len(present) or set(image_ids) != present:
            raise OrderMismatch(album_id)
        for position, image_id in enumerate(image_ids, start=1):
            self.images.update_one({"_id": image_id}, {"$set": {"position": position}})

    # images
    def add_image(self, image, objects):
        album = self.albums.find_one_and_update(
            {"_id": image["album_id"]},
            {"$inc": {"next_position": 1, "image_count": 1}},
            return_document=ReturnDocument.BEFORE,
        )
        if album is None:
            raise AlbumMissing(image["album_id"])
        image = {**image, "position": album["next_position"]}
        self._add_objects(objects)
        self.images.insert_one({"_id": image["id"], **{k: v for k, v in image.items() if k != "id"}})
        return image

    def get_image(self, image_id):
        return _plain(self.images.find_one({"_id": image_id}))

    def list_images(self, album_id):
        cursor = self.images.find({"album_id": album_id}).sort(
            [("position", pymongo.ASCENDING), ("created_at", pymongo.ASCENDING)]
        )
        return [_plain(doc) for doc in cursor]

    def first_image(self, album_id):
        cursor = self.images.find({"album_id": album_id}).sort([("position", pymongo.ASCENDING)]).limit(1)
        return next((_plain(doc) for doc in cursor), None)

    def update_image(self, image_id, changes):
        """`changes` may hold title and alt; False when the image is missing."""
        allowed = {name: changes[name] for name in ("title", "alt") if name in changes}
        return self._set(self.images, image_id, allowed)

    def delete_image(self, image_id):
        image = self.images.find_one({"_id": image_id}, {"album_id": 1})
        if image is None:
            return None
        self.images.delete_one({"_id": image_id})
        keys = self._drop_objects([image_id])
        self.albums.update_one({"_id": image["album_id"]}, {"$inc": {"image_count": -1}})
        self.albums.update_one(
            {"_id": image["album_id"], "cover_image_id": image_id}, {"$set": {"cover_image_id": None}}
        )
        return keys

    # videos
    def add_video(self, video, objects):
        self._add_objects(objects)
        self.videos.insert_one({"_id": video["id"], **{k: v for k, v in video.items() if k != "id"}})
        return self.get_video(video["id"])

    def update_video(self, video_id, changes, objects=(), dropped_keys=()):
        """As the SQLite store's: objects first, then the record that points at them, then the
        rows of objects nothing points at any more."""
        allowed = {name: changes[name] for name in VIDEO_CHANGES if name in changes}
        if self.videos.find_one({"_id": video_id}, {"_id": 1}) is None:
            return False
        self._add_objects(list(objects))
        found = self._set(self.videos, video_id, allowed)
        if dropped_keys:
            self.objects.delete_many({"_id": {"$in": list(dropped_keys)}})
        return found

    def get_video(self, video_id):
        return _plain(self.videos.find_one({"_id": video_id}))

    def list_videos(self, offset, limit):
        cursor = (
            self.videos.find({})
            .sort([("sort_key", pymongo.DESCENDING), ("_id", pymongo.ASCENDING)])
            .skip(offset)
            .limit(limit)
        )
        return [_plain(doc) for doc in cursor], self.videos.count_documents({})

    def delete_video(self, video_id):
        if self.videos.find_one({"_id": video_id}, {"_id": 1}) is None:
            return None
        self.videos.delete_one({"_id": video_id})
        return self._drop_objects([video_id])

    # objects
    def get_object(self, key):
        document = self.objects.find_one({"_id": key})
        if document is None:
            return None
        document = dict(document)
        document["key"] = document.pop("_id")
        return document

    def count_objects(self):
        return self.objects.count_documents({})

    def _add_objects(self, objects):
        if objects:
            self.objects.insert_many([{"_id": o["key"], **{k: v for k, v in o.items() if k != "key"}} for o in objects])

    def _drop_objects(self, owner_ids):
        if not owner_ids:
            return []
        keys = [doc["_id"] for doc in self.objects.find({"owner_id": {"$in": owner_ids}}, {"_id": 1})]
        self.objects.delete_many({"owner_id": {"$in": owner_ids}})
        return keys

    # backups (services/media/backup.py): every record of a kind in a store-neutral form (the
    # SQLite store's: `id`, objects by `key`, no counters), and the same records put back into an
    # empty store with the albums' counters made from their images
    def export_records(self, kind):
        collection, order = self._backup_collection(kind)
        for document in collection.find({}).sort(order):
            record = _plain(document)
            if kind == "albums":
                record.pop("image_count", None)
            if kind == "objects":
                record["key"] = record.pop("id")
            yield record

    def import_records(self, kind, records):
        collection, _order = self._backup_collection(kind)
        for record in records:
            if kind == "objects":
                self._add_objects([record])
                continue
            fields = {name: value for name, value in record.items() if name != "id"}
            if kind == "albums":
                fields.update(image_count=0, next_position=1)
            collection.insert_one({"_id": record["id"], **fields})
            if kind == "images":
                self.albums.update_one(
                    {"_id": record["album_id"]},
                    {"$inc": {"image_count": 1}, "$max": {"next_position": record["position"] + 1}},
                )

    def _backup_collection(self, kind):
        by_kind = {
            "albums": (self.albums, [("sort_key", 1), ("_id", 1)]),
            "images": (self.images, [("album_id", 1), ("position", 1), ("_id", 1)]),
            "videos": (self.videos, [("sort_key", 1), ("_id", 1)]),
            "objects": (self.objects, [("_id", 1)]),
        }
        if kind not in by_kind:
            raise ValueError(f"unknown record kind {kind!r}")
        return by_kind[kind]
