"""One service's part of a backup: what its module (services/<name>/backup.py) says of its own
data — SERVICE, SQLITE_FILE, HOLDS_OBJECTS, KINDS, SQLITE_TABLES, MONGO_COLLECTIONS, its
open_store and settings, has_records — and, where the module says nothing, what every service
does alike: records pass through the store seam unchanged, the config is the common settings
under the service's own, a service holding objects uses the object store its settings name, and
a record names no object. A module defines config, export_records, import_records, object_store
or object_keys only when its own differs (articles' import_records makes search words again)."""

from portal_common.config import common_settings
from portal_common.objects import object_store_from_config

# What a module may define to replace what every service does alike.
OVERRIDABLE = ("config", "export_records", "import_records", "object_store", "object_keys")


class ServicePart:
    def __init__(self, module):
        self.module = module
        for name in OVERRIDABLE:
            if hasattr(module, name):
                setattr(self, name, getattr(module, name))

    def __getattr__(self, name):
        # Everything else is the module's own (SERVICE, KINDS, open_store, has_records…).
        return getattr(self.module, name)

    def config(self):
        return {**common_settings(), **self.module.settings()}

    def export_records(self, store, kind):
        return store.export_records(kind)

    def import_records(self, store, kind, records):
        store.import_records(kind, records)

    def object_store(self, config):
        return object_store_from_config(config) if self.module.HOLDS_OBJECTS else None

    def object_keys(self, kind, record):
        return ()
