"""The media service: photo albums and video clips in object storage."""

from portal_common import audited_writes, content_version
from portal_common import openapi as openapi_seam
from portal_common import store as store_seam
from portal_common.app import create_base_app

from .settings import settings
from .store import open_store


def create_app(config=None):
    app = create_base_app(__name__, "media", settings(), config)
    store_seam.init_app(app, open_store)

    from . import api, cli, objects, openapi, serving

    objects.init_app(app)
    app.register_blueprint(api.bp)
    app.register_blueprint(serving.bp)
    app.register_blueprint(openapi_seam.blueprint(openapi.spec))
    content_version.init_app(app)
    audited_writes.init_app(app)  # every write, in the accounts service's audit log
    cli.init_app(app)
    return app
