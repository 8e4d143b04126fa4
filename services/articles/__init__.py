"""The articles service: news by category, related news, search, feeds' data."""

from portal_common import content_version
from portal_common import store as store_seam
from portal_common.app import create_base_app

from .settings import settings
from .store import open_store


def create_app(config=None):
    app = create_base_app(__name__, "articles", settings(), config)
    store_seam.init_app(app, open_store)

    from portal_common.openapi import blueprint as openapi_blueprint

    from . import api, articles, cli, openapi, sections

    app.register_blueprint(api.bp)
    app.register_blueprint(openapi_blueprint(openapi.spec))
    content_version.init_app(app, extra=articles.latest_publication)
    cli.init_app(app)
    sections.init_app(app)  # site settings, static pages, Hỏi đáp (after every blueprint: its limit)
    return app
