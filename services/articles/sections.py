"""The sections a Sở GD&ĐT portal must carry besides news, kept by the articles service (the
contract's "Hỏi đáp (questions from the public) and the other sections"): the site settings
(site_settings.py), the static pages (site_pages.py) and the public's questions (questions.py),
with the per-address limit on questions (portal_common.ratelimit, QUESTIONS_RATE_LIMIT)."""

from portal_common import ratelimit

from . import questions, site_pages, site_settings


def init_app(app):
    for module in (site_settings, site_pages, questions):
        app.register_blueprint(module.bp)
    limits = ratelimit.init_app(
        app, app.config["RATELIMIT_STORAGE_URI"], "articles", app.config["ARTICLES_TRUSTED_PROXIES"]
    )
    limits.attach_declared(app, lambda scope: app.config["QUESTIONS_RATE_LIMIT"])
    questions.init_cli(app)
