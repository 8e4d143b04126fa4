"""The service's object store, one per process (the S3 client pools its connections), made from
the settings and checked at start (which creates the bucket when missing) and on /readyz."""

import logging

from flask import current_app

from portal_common.health import add_readiness_check
from portal_common.objects import object_store_from_config

log = logging.getLogger(__name__)


def init_app(app):
    store = object_store_from_config(app.config)
    app.extensions["media_objects"] = store
    add_readiness_check(app, "objects", lambda: get_objects().check())
    try:
        store.check()
    except Exception as error:  # storage may come up after us; /readyz says so meanwhile
        log.warning("object storage not ready at start", extra={"fields": {"error": str(error)[:300]}})


def get_objects():
    return current_app.extensions["media_objects"]
