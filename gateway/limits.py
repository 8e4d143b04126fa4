"""Per-client rate limits on the costly public reads: exam lookups and search (Flask-Limiter).

Limits are attached to routes by their URL rule after every blueprint is registered, so a domain
that adds a lookup or search route is covered without knowing about this module. Storage is
memory for the embedded default; in production RATELIMIT_STORAGE_URI names Redis (compose runs
one) so that gateway replicas share the counts. A 429 carries Retry-After and a JSON body on /api/, a page
elsewhere."""
import re

from flask import request
from flask_limiter import Limiter
from werkzeug.middleware.proxy_fix import ProxyFix


def client_address():
    return request.remote_addr or "unknown"


# (scope, setting name, URL rule pattern, applies to this request?)
RULES = (
    ("exam-lookup", "RATE_LIMIT_EXAM_LOOKUP", re.compile(r"^/api/v1/exams/<[^>]+>/results/<[^>]+>$"), lambda: True),
    ("exam-lookup", "RATE_LIMIT_EXAM_LOOKUP", re.compile(r"^/tra-cuu-diem-thi$"), lambda: bool(request.args.get("sbd"))),
    ("search", "RATE_LIMIT_SEARCH", re.compile(r"^/api/v1/articles$"), lambda: bool(request.args.get("q"))),
    ("search", "RATE_LIMIT_SEARCH", re.compile(r"^/tim-kiem$"), lambda: bool(request.args.get("q"))),
)


def _exempt_unless(applies):
    return lambda: request.method not in ("GET", "HEAD") or not applies()


def init_app(app):
    """Call after every blueprint is registered."""
    proxies = app.config["TRUSTED_PROXIES"]
    if proxies:
        # Behind a load balancer the client is in X-Forwarded-For; trust exactly that many hops.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
    app.config.setdefault("RATELIMIT_STORAGE_URI", "memory://")
    # One limiter per app: its storage is the app's own setting (memory, or Redis shared by replicas).
    limiter = Limiter(key_func=client_address, headers_enabled=True, strategy="moving-window", key_prefix="gateway")
    limiter.init_app(app)
    limited = []
    for rule in app.url_map.iter_rules():
        for scope, setting, pattern, applies in RULES:
            if pattern.match(rule.rule) and "GET" in rule.methods:
                view = app.view_functions[rule.endpoint]
                app.view_functions[rule.endpoint] = limiter.shared_limit(
                    app.config[setting], scope=scope, exempt_when=_exempt_unless(applies)
                )(view)
                limited.append(rule.rule)
    app.extensions["rate_limited_routes"] = limited
    return limiter
