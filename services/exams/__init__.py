"""The exams service: national exam results, lookups by candidate number, score statistics."""

from portal_common import audited_writes, conditional, content_version, security, timefmt
from portal_common import openapi as openapi_seam
from portal_common import store as store_seam
from portal_common.app import create_base_app

from .settings import settings
from .store import open_store


def create_app(config=None):
    app = create_base_app(__name__, "exams", settings(), config)
    # "Now" for the embargo (embargo.py); not from the environment: tests pass their own clock.
    app.config.setdefault("EXAMS_CLOCK", timefmt.now)
    store_seam.init_app(app, open_store)

    from . import api, cli, embargo, lean_lookup, ratelimit
    from .openapi import spec

    app.register_blueprint(api.bp)
    app.register_blueprint(api.lookup_bp)
    app.register_blueprint(openapi_seam.blueprint(spec))
    api.init_import_slots(app)
    # A blueprint: registered before the limits read every route's policy. The extra moves the
    # version when an embargo ends, with no write.
    content_version.init_app(app, extra=embargo.latest_publication)
    # Inside the trusted-proxy layer that ratelimit.init_app wraps around everything.
    lean_lookup.init_app(app)
    ratelimit.init_app(app)
    audited_writes.init_app(app)  # every write, in the accounts service's audit log
    # The edge sends lookups straight here (deploy/edge/): the same headers and CORS as the gateway.
    security.init_app(app)
    # Lookups reach visitors straight from here through the edge: ETag and 304 as the gateway's.
    conditional.init_app(app)
    cli.init_app(app)
    return app
