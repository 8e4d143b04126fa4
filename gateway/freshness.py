"""Caches that never show stale content after a write, on every worker of every replica.

Each service keeps a content version that moves on every successful write, wherever the write
came from (this worker, another worker or replica, an ops command), and for articles also when a
scheduled article goes public (portal_common/content_version.py). Each gateway worker asks every
backend for it at most every CONTENT_VERSION_INTERVAL seconds (0.5), in the request that finds
the check due; the other requests go on meanwhile. When a version moved, that backend's answer
cache and the whole-page cache are emptied: a page is made of several backends' content.

A write through this worker empties them at once (the backend tells its write listeners), so an
editor never sees their own change missing. Only the backends whose content is cached
(backends.CONTENT_BACKENDS) are polled and listened to: the accounts service's answers are never
kept, so it costs no poll, and a sign-in empties nothing. A backend that does not answer the check (down, or
an older deployment without the route) keeps its caches, which then expire by their TTL, as
before."""

import json
import threading
import time

import urllib3
from prometheus_client import Counter

from .backends import CONTENT_BACKENDS

VERSION_PATH = "/api/v1/content-version"
CHANGES = Counter("portal_content_changes_total", "Content version changes seen, by backend", ["backend"])
# The check is ours, not a visitor's: short, and never counted against the breaker.
CHECK_TIMEOUT = urllib3.Timeout(connect=0.25, read=0.5)


class ContentVersions:
    def __init__(self, backends, interval, on_change, clock=time.monotonic):
        self.backends = backends
        self.interval = interval
        self.on_change = on_change
        self.clock = clock
        self.known = {}  # backend name → last version seen
        self.next_check = 0.0
        self._checking = False
        self._lock = threading.Lock()

    def check_if_due(self):
        if self.clock() < self.next_check:
            return
        with self._lock:
            if self._checking or self.clock() < self.next_check:
                return
            self._checking = True
        try:
            for backend in self.backends.values():
                self.observe(backend, self.version_of(backend))
        finally:
            self.next_check = self.clock() + self.interval
            self._checking = False

    def observe(self, backend, version):
        """Record `version` of `backend`; a version other than the last one seen (or the first
        one, which may be newer than answers cached before it) empties the caches."""
        if version is None:
            return
        if self.known.get(backend.name) != version:
            self.known[backend.name] = version
            CHANGES.labels(backend.name).inc()
            self.on_change(backend)

    @staticmethod
    def version_of(backend):
        if backend.breaker.state == "open":
            return None
        try:
            raw = backend.calls.request(
                "GET",
                VERSION_PATH,
                timeout=CHECK_TIMEOUT,
                retries=False,
                redirect=False,
                pool_timeout=CHECK_TIMEOUT.read_timeout,
            )
            if raw.status != 200:
                return None
            return str(json.loads(raw.data)["version"])
        except (urllib3.exceptions.HTTPError, OSError, ValueError, KeyError, TypeError):
            return None


class CheckingVersions:
    """WSGI middleware, outside the page cache: every request, kept answers included, may be the
    one that runs the due check."""

    def __init__(self, next_app, versions):
        self.next_app = next_app
        self.versions = versions

    def __call__(self, environ, start_response):
        self.versions.check_if_due()
        return self.next_app(environ, start_response)


def init_app(app):
    """Call after page_cache.init_app (this goes in front of it)."""
    backends = {name: found for name, found in app.extensions["backends"].items() if name in CONTENT_BACKENDS}

    def content_changed(backend):
        if backend.cache is not None:
            backend.cache.clear()
        page_cache = app.extensions.get("page_cache")
        if page_cache is not None:
            page_cache.clear()

    for backend in backends.values():
        backend.write_listeners.append(content_changed)
    interval = app.config["CONTENT_VERSION_INTERVAL"]
    if interval <= 0 or not app.config["CACHE_ENABLED"]:
        return None
    versions = ContentVersions(backends, interval, content_changed)
    app.extensions["content_versions"] = versions
    app.wsgi_app = CheckingVersions(app.wsgi_app, versions)
    return versions
