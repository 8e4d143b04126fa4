"""The media service: photo albums and video clips in object storage."""

from portal_common import store as store_seam
from portal_common.app import create_base_app
from portal_common.file_service_app import wire_file_service

from .settings import settings
from .store import open_store


def create_app(config=None):
    app = create_base_app(__name__, "media", settings(), config)
    store_seam.init_app(app, open_store)

    from . import api, cli, objects, openapi, serving

    return wire_file_service(app, objects, (api.bp, serving.bp), openapi.spec, cli)
