"""A service's object store, one per process (the S3 client pools its connections), made from
the settings (portal_common.objects.object_store_from_config) and kept in app.extensions under
the service's own name; checked at start (which creates the bucket when missing) and on /readyz."""

import logging

from flask import current_app

from ..health import add_readiness_check
from . import object_store_from_config

log = logging.getLogger(__name__)


def init_app(app, extension):
    store = object_store_from_config(app.config)
    app.extensions[extension] = store
    add_readiness_check(app, "objects", lambda: objects_of(extension).check())
    try:
        store.check()
    except Exception as error:  # storage may come up after us; /readyz says so meanwhile
        log.warning("object storage not ready at start", extra={"fields": {"error": str(error)[:300]}})


def objects_of(extension):
    return current_app.extensions[extension]
