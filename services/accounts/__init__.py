"""The accounts service: staff accounts and roles, sign-in and staff tokens, the revocation check
every service calls before a write, and the portal's append-only audit log."""

import secrets

from flask import request

from portal_common import content_version, ratelimit, staff_tokens
from portal_common import openapi as openapi_seam
from portal_common import store as store_seam
from portal_common.app import create_base_app
from portal_common.route_policy import policy_for

from .passwords import Passwords
from .settings import settings
from .store import open_store
from .throttle import SigninThrottle


def _signing_key(app):
    """Refuse to start without a usable AUTH_SIGNING_KEY; under TESTING, make one up."""
    if not app.config.get("AUTH_SIGNING_KEY") and app.config.get("TESTING"):
        app.config["AUTH_SIGNING_KEY"] = secrets.token_urlsafe(32)
    try:
        staff_tokens.check_signing_key(app.config.get("AUTH_SIGNING_KEY"))
    except ValueError as error:
        raise RuntimeError(f"{error} (the accounts service signs staff tokens with it)") from None
    if not app.config["ACCESS_TOKEN_HOURS"] > 0:
        raise RuntimeError("ACCESS_TOKEN_HOURS must be a positive number of hours")


def create_app(config=None):
    app = create_base_app(__name__, "accounts", settings(), config)
    _signing_key(app)
    store_seam.init_app(app, open_store)
    app.extensions["passwords"] = Passwords(app.config)
    limits = ratelimit.init_app(
        app, app.config["RATELIMIT_STORAGE_URI"], "accounts", app.config["ACCOUNTS_TRUSTED_PROXIES"]
    )
    app.extensions["signin_throttle"] = SigninThrottle(limits, app.config)

    from . import audit_api, auth_api, cli, users_api
    from .openapi import spec

    app.register_blueprint(auth_api.bp)
    app.register_blueprint(users_api.bp)
    app.register_blueprint(audit_api.bp)
    app.register_blueprint(openapi_seam.blueprint(spec))
    content_version.init_app(app)

    @app.after_request
    def never_kept_unless_said(response):
        # Tokens, accounts and the audit log: no cache may keep them. A route that may be kept
        # says so in its route policy (the roles list).
        if "Cache-Control" not in response.headers:
            declared = policy_for(app, request.endpoint).cache if response.status_code == 200 else None
            response.headers["Cache-Control"] = declared or "no-store"
        return response

    cli.init_app(app)
    return app
