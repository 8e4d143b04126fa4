"""The per-client limit on lookups (Flask-Limiter), so results stay public but not enumerable.

The client is the address the gateway saw, taken from X-Forwarded-For through werkzeug's
ProxyFix, trusting EXAMS_TRUSTED_PROXIES hops (1 = the gateway; add one per load balancer in
front of it). Counters live in RATELIMIT_STORAGE_URI: memory:// per worker by default, a shared
store (redis://… as compose sets, or mongodb://…) in production so that every worker and replica
counts together; while that store is down, each process counts on its own."""
from flask import current_app
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from werkzeug.middleware.proxy_fix import ProxyFix


def init_app(app, limited_blueprint):
    trusted = app.config["EXAMS_TRUSTED_PROXIES"]
    if trusted > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=trusted, x_proto=0, x_host=0, x_port=0, x_prefix=0)
    limiter = Limiter(
        key_func=get_remote_address,
        app=app,
        storage_uri=app.config["RATELIMIT_STORAGE_URI"],
        headers_enabled=True,
        strategy="fixed-window",
        key_prefix="exams",
        # Counter store down (Redis restarting): count in this process for a while rather than
        # fail every lookup on results day.
        in_memory_fallback_enabled=True,
        swallow_errors=True,
    )
    limiter.limit(lambda: current_app.config["EXAMS_LOOKUP_RATE_LIMIT"])(limited_blueprint)
    app.extensions["exams_limiter"] = limiter
    return limiter
