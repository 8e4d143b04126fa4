"""The gateway: composes the services into the portal's HTML pages and the public JSON API."""

from portal_common import security
from portal_common.app import create_base_app

from . import backends, compose, freshness, http_caching, limits, page_cache
from .formatting import FILTERS
from .pages.layout import render_error_page
from .settings import settings
from .urls import TEMPLATE_GLOBALS


def create_app(config=None):
    app = create_base_app(__name__, "gateway", settings(), config, html_renderer=render_error_page)
    app.jinja_env.filters.update(FILTERS)
    app.jinja_env.globals.update(TEMPLATE_GLOBALS)
    backends.init_app(app)
    compose.init_app(app)

    from . import accounts, api, exams, media, news
    from .pages import home

    app.register_blueprint(home.bp)
    for domain in (news, media, exams):
        app.register_blueprint(domain.pages)
        app.register_blueprint(domain.api)
    app.register_blueprint(accounts.api)  # no pages (yet)
    app.register_blueprint(api.bp)
    from . import sections

    app.register_blueprint(sections.pages)  # Giới thiệu, Liên hệ, Hỏi đáp, English (gateway/sections/)
    app.register_blueprint(sections.api)
    from . import desk

    desk.init_app(app)  # the staff's back office, /quan-tri/ (gateway/desk/)
    from . import documents

    app.register_blueprint(documents.pages)  # Văn bản (gateway/documents/)
    app.register_blueprint(documents.api)
    # After the blueprints: the limits attach to the routes that declare one; caching and security
    # headers run on every answer (after_request runs last-registered first, so compose's
    # partial-page Cache-Control is applied after the declared one).
    # WSGI middleware, outermost last: the limits' ProxyFix (trusted proxies) wraps the content
    # version check, which wraps the page cache, so that a replayed answer is counted against
    # the visitor's own address and any request may run the due check; the page cache wraps the
    # lean lookup path, and keeps its answers.
    exams.lean_lookup.init_app(app)
    page_cache.init_app(app)
    freshness.init_app(app)
    limits.init_app(app)
    http_caching.init_app(app)
    security.init_app(app)
    return app
