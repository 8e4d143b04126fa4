"""The exams service: national exam results, lookups by candidate number, score statistics."""

from portal_common import content_version
from portal_common import openapi as openapi_seam
from portal_common import store as store_seam
from portal_common.app import create_base_app

from .settings import settings
from .store import open_store


def create_app(config=None):
    app = create_base_app(__name__, "exams", settings(), config)
    store_seam.init_app(app, open_store)

    from . import api, cli, ratelimit
    from .openapi import spec

    app.register_blueprint(api.bp)
    app.register_blueprint(api.lookup_bp)
    app.register_blueprint(openapi_seam.blueprint(spec))
    content_version.init_app(app)  # a blueprint: registered before the limits read every route's policy
    ratelimit.init_app(app)
    cli.init_app(app)
    return app
