"""Per-client rate limits on the costly public reads: exam lookups and search.

Built on `limits`, the engine inside Flask-Limiter, used directly: one counter hit per limited
request in one before_request hook. Flask-Limiter's own per-request machinery (resolving,
filtering and re-checking limits, injecting headers on every answer) cost about a fifth of the
gateway's CPU per lookup in the results-day benchmark.

Limits attach to routes by their URL rule, so a domain that adds a lookup or search route under
these rules is covered without knowing about this module. Storage is memory for the embedded
default; in production RATELIMIT_STORAGE_URI names Redis (compose runs one) so that gateway
replicas share the counts. A 429 carries Retry-After and a JSON body on /api/, a page elsewhere.
If the shared storage is down, requests are let through (and logged): on results day an outage of
the counters must not become an outage of the lookup."""
import logging
import math
import re
import time

from flask import request
from limits import parse_many, storage, strategies
from werkzeug.middleware.proxy_fix import ProxyFix

from portal_common.errors import ApiError

log = logging.getLogger(__name__)

# (scope, setting name, URL rule pattern, applies to this request?)
RULES = (
    ("exam-lookup", "RATE_LIMIT_EXAM_LOOKUP", re.compile(r"^/api/v1/exams/<[^>]+>/results/<[^>]+>$"), lambda: True),
    ("exam-lookup", "RATE_LIMIT_EXAM_LOOKUP", re.compile(r"^/tra-cuu-diem-thi$"), lambda: bool(request.args.get("sbd"))),
    ("search", "RATE_LIMIT_SEARCH", re.compile(r"^/api/v1/articles$"), lambda: bool(request.args.get("q"))),
    ("search", "RATE_LIMIT_SEARCH", re.compile(r"^/tim-kiem$"), lambda: bool(request.args.get("q"))),
)


class RateLimits:
    def __init__(self, storage_uri):
        self.storage = storage.storage_from_string(storage_uri)
        # Fixed windows cost one counter per client and window; a moving window keeps every hit.
        self.strategy = strategies.FixedWindowRateLimiter(self.storage)
        self.by_rule = {}  # URL rule → (scope, [RateLimitItem], applies)

    def attach(self, rule, scope, limit_text, applies):
        self.by_rule[rule] = (scope, parse_many(limit_text), applies)

    def check(self):
        if request.method not in ("GET", "HEAD") or request.url_rule is None:
            return
        entry = self.by_rule.get(request.url_rule.rule)
        if entry is None:
            return
        scope, items, applies = entry
        if not applies():
            return
        client = request.remote_addr or "unknown"
        try:
            for item in items:
                if not self.strategy.hit(item, "gateway", scope, client):
                    reset_at, _ = self.strategy.get_window_stats(item, "gateway", scope, client)
                    retry_after = max(1, math.ceil(reset_at - time.time()))
                    raise ApiError(
                        429,
                        f"Quá nhiều yêu cầu ({item}). Vui lòng thử lại sau {retry_after} giây.",
                        headers={"Retry-After": str(retry_after)},
                    )
        except ApiError:
            raise
        except Exception:  # the counters' storage is down: let the visitor through
            log.warning("rate limit storage unavailable; request let through", exc_info=True)


def init_app(app):
    """Call after every blueprint is registered."""
    proxies = app.config["TRUSTED_PROXIES"]
    if proxies:
        # Behind a load balancer the client is in X-Forwarded-For; trust exactly that many hops.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
    limits = RateLimits(app.config["RATELIMIT_STORAGE_URI"])
    for rule in app.url_map.iter_rules():
        for scope, setting, pattern, applies in RULES:
            if pattern.match(rule.rule) and "GET" in rule.methods:
                limits.attach(rule.rule, scope, app.config[setting], applies)
    app.extensions["rate_limits"] = limits
    app.extensions["rate_limited_routes"] = sorted(limits.by_rule)
    app.before_request(limits.check)
    return limits
