"""Whole answers kept for a few seconds and served again before Flask sees the request: on
results day thousands of visitors open the same article, album or statistics page, and building
it again for each (a request context, hooks, templates, backend answers) is the gateway's largest
cost. A kept answer goes out as it was — ETag, Cache-Control and security headers included — with
the visitor's own X-Request-ID, a 304 for a matching If-None-Match, one access log line and the
request metrics, like any other answer. This is what a micro-cache in front of an app does, kept
inside the gateway so that it needs no other server.

Only what every visitor sees alike is kept: GET answers of routes that declare
`route_policy(page_cache=True)`, 200, complete (not partial), with a public Cache-Control, never
for an authorised request. A kept answer is fresh for PAGE_CACHE_SECONDS (never longer than its
own max-age), then served stale only while one request renders it again. An answer a rate limit
applied to (a lookup, a search) is counted against it on every replay, and a client over the
limit goes on to Flask for its 429. Keyed by scheme, the links' base (urls.base_for), path and
query string. Any change of content, through any worker or replica, empties it within
CONTENT_VERSION_INTERVAL (gateway/freshness.py).

The parts of an answer that are not the page itself each have one implementation, which both
this path and Flask's call: the request id (portal_common.request_id.accepted_request_id), the
access log line (log_request), the request metrics (count_request), the 304 test (werkzeug's
is_resource_modified, which Flask's make_conditional in http_caching.py runs) and the rate count
(RateLimits.count)."""

import re
import threading
import time

from prometheus_client import Counter
from werkzeug.exceptions import HTTPException
from werkzeug.http import is_resource_modified

from portal_common.errors import ApiError
from portal_common.metrics import count_request
from portal_common.ratelimit import LIMITED_ENVIRON_KEY
from portal_common.request_id import HEADER as REQUEST_ID_HEADER
from portal_common.request_id import accepted_request_id, log_request
from portal_common.route_policy import policy_for

from .cache import TTLCache
from .urls import base_for

LOOKUPS = Counter("portal_page_cache_total", "Whole-answer cache lookups", ["result"])
_MAX_AGE = re.compile(r"max-age=(\d+)")
# Larger answers are not pages; they are passed on as they come.
MAX_KEPT_BYTES = 1024 * 1024
NOT_KEPT_HEADERS = ("x-request-id", "set-cookie")
# Headers a 304 carries (RFC 9110 15.4.5), besides the request id.
NOT_MODIFIED_HEADERS = ("cache-control", "etag", "vary", "expires", "content-location", "date")


class _Kept:
    """A 200 answer as it went out (only those are kept)."""

    __slots__ = ("body", "headers", "not_modified_headers", "etag", "route", "fresh_until", "limit")

    def __init__(self, body, headers, route, fresh_for, limit):
        self.body, self.route = body, route
        self.limit = limit  # (scope, items) of the rate limit that applied to it, or None
        self.fresh_until = time.monotonic() + fresh_for
        self.headers = [(name, value) for name, value in headers if name.lower() not in NOT_KEPT_HEADERS]
        self.not_modified_headers = [
            (name, value) for name, value in self.headers if name.lower() in NOT_MODIFIED_HEADERS
        ]
        self.etag = next((value for name, value in headers if name.lower() == "etag"), None)


class PageCache:
    """WSGI middleware in front of the gateway's Flask app."""

    def __init__(self, app, seconds, entries):
        self.flask_app = app
        self.next_app = app.wsgi_app
        self.service = app.config["SERVICE_NAME"]
        self.seconds = seconds
        self.public_base_url = app.config.get("PUBLIC_BASE_URL")
        self.cache = TTLCache(entries)
        self._refreshing = set()  # keys a request is rendering again right now
        self._refreshing_lock = threading.Lock()

    def __call__(self, environ, start_response):
        method = environ["REQUEST_METHOD"]
        if method not in ("GET", "HEAD") or "HTTP_AUTHORIZATION" in environ:
            return self.next_app(environ, start_response)
        # The links' base is part of the key: without PUBLIC_BASE_URL, a loopback Host is used
        # in absolute URLs (urls.base_for); any other Host gives the same links, so a visitor
        # sending a thousand forged ones fills one entry, not a thousand.
        key = (
            environ["wsgi.url_scheme"],
            base_for(self.public_base_url, environ),
            environ.get("PATH_INFO", ""),
            environ.get("QUERY_STRING", ""),
        )
        kept = self.cache.peek(key)  # only answers of routes that declare page_cache are kept
        if kept is None:
            route = self._declared_route(environ)
            if route is None:
                return self.next_app(environ, start_response)
            LOOKUPS.labels("miss").inc()
            if method == "GET":
                return self._pass_and_keep(key, route, environ, start_response)
            return self.next_app(environ, start_response)
        # Past its fresh time, one request renders it again while the others still get the kept
        # copy (stale-while-revalidate): when a hot page expires, a crowd does not all render it
        # at once, and nobody waits for the render. Flask counts that one against its limit.
        if method == "GET" and kept.fresh_until <= time.monotonic() and self._claim_refresh(key):
            LOOKUPS.labels("refresh").inc()
            try:
                return self._pass_and_keep(key, kept.route, environ, start_response)
            finally:
                self._release_refresh(key)
        if kept.limit and not self._counted(kept.limit, environ):
            LOOKUPS.labels("limited").inc()
            return self.next_app(environ, start_response)  # Flask answers the 429, as JSON or a page
        LOOKUPS.labels("hit").inc()
        return self._serve(kept, environ, start_response)

    def _counted(self, limit, environ):
        """Count a replayed answer against its rate limit; False when the client is over it.
        REMOTE_ADDR is the client's: ProxyFix, when there are trusted proxies, runs before us."""
        try:
            self.flask_app.extensions["rate_limits"].count(*limit, environ.get("REMOTE_ADDR"))
        except ApiError:
            return False
        return True

    def _claim_refresh(self, key):
        with self._refreshing_lock:
            if key in self._refreshing:
                return False
            self._refreshing.add(key)
            return True

    def _release_refresh(self, key):
        with self._refreshing_lock:
            self._refreshing.discard(key)

    def _serve(self, kept, environ, start_response):
        started = time.perf_counter()
        request_id = accepted_request_id(environ.get("HTTP_X_REQUEST_ID"))
        method = environ["REQUEST_METHOD"]
        # werkzeug's test, the one Flask's make_conditional (http_caching.py) uses.
        if "HTTP_IF_NONE_MATCH" in environ and not is_resource_modified(environ, etag=kept.etag):
            status, headers, body = 304, list(kept.not_modified_headers), b""
        else:
            status, headers, body = 200, list(kept.headers), (b"" if method == "HEAD" else kept.body)
        headers.append((REQUEST_ID_HEADER, request_id))
        start_response("304 Not Modified" if status == 304 else "200 OK", headers)
        log_request(
            request_id,
            method,
            environ.get("PATH_INFO", ""),
            kept.route,
            status,
            started,
            client=environ.get("REMOTE_ADDR"),
            page_cache="hit",
        )
        count_request(self.service, kept.route, method, status, started)
        return [body]

    def _pass_and_keep(self, key, route, environ, start_response):
        seen = {}

        def remember(status, headers, exc_info=None):
            seen["status"], seen["headers"] = status, headers
            return start_response(status, headers, exc_info)

        generation = self.cache.generation  # an answer rendered across a change is not kept
        body = self.next_app(environ, remember)
        max_age = self._keepable_for(environ, seen)
        if max_age <= 0:
            return body
        try:
            data = b"".join(body)
        finally:
            if hasattr(body, "close"):
                body.close()
        if len(data) <= MAX_KEPT_BYTES:
            # Fresh for PAGE_CACHE_SECONDS; kept as a stale copy up to the answer's own max-age,
            # which every browser and proxy is already allowed to keep it for.
            fresh_for = min(self.seconds, max_age)
            kept = _Kept(data, seen["headers"], route, fresh_for, environ.get(LIMITED_ENVIRON_KEY))
            self.cache.put(key, kept, max_age, generation)
        return [data]

    def _keepable_for(self, environ, seen):
        """The answer's own max-age in seconds; 0 when it must not be kept."""
        if not seen.get("status", "").startswith("200 "):
            return 0
        headers = {name.lower(): value for name, value in seen["headers"]}
        # compose.py marks a degraded page; streamed answers (no length) are not pages.
        if "x-partial-content" in headers or "set-cookie" in headers or "content-length" not in headers:
            return 0
        control = headers.get("cache-control", "")
        age = _MAX_AGE.search(control)
        if "public" not in control or age is None:
            return 0
        return int(age.group(1))

    def _declared_route(self, environ):
        """The URL rule of the route, when it declares page_cache=True; else None."""
        try:
            rule, _ = self.flask_app.url_map.bind_to_environ(environ).match(return_rule=True)
        except HTTPException:  # unmatched path, wrong method, or a redirect to the slashed URL
            return None
        return rule.rule if policy_for(self.flask_app, rule.endpoint).page_cache else None


def init_app(app):
    """Call before limits.init_app: the cache goes in front of Flask, and the limits' ProxyFix
    (trusted proxies) in front of the cache."""
    seconds = app.config["PAGE_CACHE_SECONDS"]
    if not app.config["CACHE_ENABLED"] or seconds <= 0:
        return None
    middleware = PageCache(app, seconds, app.config["PAGE_CACHE_ENTRIES"])
    app.wsgi_app = middleware
    app.extensions["page_cache"] = middleware.cache
    app.extensions["page_cache_middleware"] = middleware
    return middleware.cache
