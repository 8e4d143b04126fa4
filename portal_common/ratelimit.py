"""Per-client rate limits, shared by the gateway (lookups, search) and the exams service (its own
lookups), on `limits` — the engine inside Flask-Limiter — used directly: one counter hit per
limited request in one before_request hook. Flask-Limiter's per-request machinery (resolving and
filtering limits, re-checking in the view, injecting headers on every answer) cost about a fifth
of the gateway's CPU per lookup in the results-day benchmark.

Routes are attached by endpoint, from the limit each route declares on itself
(portal_common.route_policy). The client is the request's remote address; behind trusted
proxies (the gateway, a load balancer; portal_common.proxies) it is taken from X-Forwarded-For, trusting
exactly that many hops. Counters live in RATELIMIT_STORAGE_URI: memory:// (per process) for the
embedded default, redis://… in production so that every worker and replica counts together. If
that storage is down, requests are let through and logged: on results day an outage of the
counters must not become an outage of the lookup."""

import logging
import math
import time

from flask import request
from limits import parse_many, storage, strategies

from . import proxies, route_policy
from .errors import ApiError
from .window_counters import WindowCounters

log = logging.getLogger(__name__)
# Set in the WSGI environ of a request that a limit applied to: (scope, items).
LIMITED_ENVIRON_KEY = "portal.rate_limited"
UNITS = {"second": "giây", "minute": "phút", "hour": "giờ", "day": "ngày", "month": "tháng", "year": "năm"}


def in_vietnamese(item):
    """A limit as visitors read it: "300 lần mỗi phút", "2 lần mỗi 5 giây"."""
    every = f"{item.multiples} " if item.multiples > 1 else ""
    return f"{item.amount} lần mỗi {every}{UNITS.get(item.GRANULARITY.name, item.GRANULARITY.name)}"


class RateLimits:
    def __init__(self, storage_uri, namespace):
        self.namespace = namespace
        # In the process: our own counters, not limits' MemoryStorage (window_counters.py says why).
        in_process = storage_uri.startswith("memory://")
        self.storage = WindowCounters() if in_process else storage.storage_from_string(storage_uri)
        # Fixed windows cost one counter per client and window; a moving window keeps every hit.
        self.strategy = strategies.FixedWindowRateLimiter(self.storage)
        self.by_endpoint = {}  # endpoint → (scope, [RateLimitItem], applies)

    def attach(self, endpoint, scope, limit_text, applies=route_policy.always):
        """Limit requests of `endpoint` (any method but a CORS preflight's OPTIONS: a lookup's GET,
        a sign-in's POST) to `limit_text` (e.g. "300/minute;5000/hour") per client,
        counted in `scope` (routes sharing a scope share the allowance), when `applies(request)`."""
        self.by_endpoint[endpoint] = (scope, parse_many(limit_text), applies)

    def attach_declared(self, app, limit_text_of):
        """Attach every route that declares a `limit`; `limit_text_of(scope)` gives its allowance.
        Call after every blueprint is registered."""
        for endpoint, policy in route_policy.resolve(app).items():
            if policy.limit:
                self.attach(endpoint, policy.limit, limit_text_of(policy.limit), policy.limit_when)
        app.extensions["rate_limited_endpoints"] = sorted(self.by_endpoint)

    def check(self):
        if request.method == "OPTIONS":
            return
        entry = self.by_endpoint.get(request.endpoint)
        if entry is None:
            return
        scope, items, applies = entry
        if not applies(request):
            return
        # The limit that applied, for a cache that replays this answer: it must count each
        # replay too (gateway/page_cache.py).
        request.environ[LIMITED_ENVIRON_KEY] = (scope, items)
        self.count(scope, items, request.remote_addr)

    def count(self, scope, items, client):
        """Count one request of `client` in `scope`; ApiError 429 with Retry-After when one of
        `items` is used up."""
        client = client or "unknown"
        try:
            for item in items:
                if not self.strategy.hit(item, self.namespace, scope, client):
                    reset_at, _ = self.strategy.get_window_stats(item, self.namespace, scope, client)
                    retry_after = max(1, math.ceil(reset_at - time.time()))
                    raise ApiError(
                        429,
                        f"Quá nhiều yêu cầu (tối đa {in_vietnamese(item)}). Vui lòng thử lại sau {retry_after} giây.",
                        headers={"Retry-After": str(retry_after)},
                    )
        except ApiError:
            raise
        except Exception:  # the counters' storage is down: let the visitor through
            log.warning("rate limit storage unavailable; request let through", exc_info=True)


def init_app(app, storage_uri, namespace, trusted_proxies=0):
    proxies.init_app(app, trusted_proxies)
    limits = RateLimits(storage_uri, namespace)
    app.extensions["rate_limits"] = limits
    app.before_request(limits.check)
    return limits
