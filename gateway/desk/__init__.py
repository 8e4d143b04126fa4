"""The desk (/quan-tri/): the back office where staff write, approve and publish, server-rendered
by the gateway (Jinja, progressive enhancement).

Each area is a module of this package exposing a blueprint `bp` under /quan-tri/, named in
DESK_AREAS (a new area adds its module's name: one additive edit) and, for the menu, in
nav.DESK_NAV. Every area gets the same session (session.py: desk_page, current_member,
member_headers), CSRF check (csrf.py) and error pages (errors.py)."""

import importlib
import logging
import secrets

from flask import current_app, request

from portal_common.errors import ApiError

from . import csrf, errors, session
from .nav import entries_for

log = logging.getLogger(__name__)

DESK_AREAS = (
    "signin",
    "dashboard",
    "articles",
    "revisions",
    "accounts",
    "audit",
    "media",
    "exams",
    "sections",
    "documents",
)
MIN_SECRET_CHARS = 32
NOT_CONFIGURED = "Trang quản trị chưa được cấu hình (thiếu DESK_SECRET_KEY). Xin báo cho bộ phận kỹ thuật."


def area_blueprints():
    return [importlib.import_module(f"{__name__}.{name}").bp for name in DESK_AREAS]


def _secret_key(app):
    key = app.config.get("DESK_SECRET_KEY")
    if key:
        if len(key) < MIN_SECRET_CHARS:
            raise RuntimeError(f"DESK_SECRET_KEY must be at least {MIN_SECRET_CHARS} characters long")
        return key
    if app.config.get("TESTING"):
        return secrets.token_urlsafe(32)
    log.warning("DESK_SECRET_KEY is not set: the desk (/quan-tri/) answers 503 until it is")
    return None


def init_app(app):
    key = _secret_key(app)
    app.secret_key = key
    session.init_app(app)
    blueprints = area_blueprints()
    names = {blueprint.name for blueprint in blueprints}
    for blueprint in blueprints:
        errors.install(blueprint)
        app.register_blueprint(blueprint)

    @app.before_request  # before the CSRF check, which needs the key
    def desk_needs_its_key():
        if request.blueprint in names and not current_app.secret_key:
            return session.render_desk_error(503, NOT_CONFIGURED)
        return None

    csrf.init_app(app, names)

    @app.context_processor
    def desk_template_context():
        if request.blueprint not in names:
            return {}
        return {"desk_member": _member_or_none, "desk_nav": lambda: entries_for(_member_or_none())}


def _member_or_none():
    """The member for the layout; None when even that cannot be known (the error page of an
    accounts service out of reach must still render)."""
    try:
        return session.current_member()
    except ApiError:
        return None
