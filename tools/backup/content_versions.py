"""The services' content versions (portal_common/content_version.py): read when a backup ends,
and after a restore moved above both the restored portal's and the target's, so every running
gateway sees a new version and empties its caches."""

import os

from portal_common import content_version, sqlite
from portal_common.mongo import database_for


def read(config, names):
    return {name: content_version.current(config, name) for name in names}


def raise_above(config, recorded):
    """Each counter becomes max(recorded, current) + 1. content_version's seam has no way to set a
    counter, so it is lifted here in the same table or collection, then bumped through the seam."""
    for name, counter in recorded.items():
        if config.get("MONGO_URL"):
            collection = database_for(config["MONGO_URL"]).content_versions
            collection.update_one({"_id": name}, {"$max": {"counter": int(counter)}}, upsert=True)
        else:
            path = os.path.join(config["DATA_DIR"], content_version.SQLITE_FILE)
            conn = sqlite.connect(path, content_version.SQLITE_SCHEMA)
            try:
                with sqlite.transaction(conn):
                    conn.execute(
                        "INSERT INTO content_version (service, counter) VALUES (?, ?)"
                        " ON CONFLICT (service) DO UPDATE SET counter = max(counter, excluded.counter)",
                        (name, int(counter)),
                    )
            finally:
                conn.close()
        content_version.bump(config, name)
