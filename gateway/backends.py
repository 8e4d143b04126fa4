"""Calls from the gateway to the services: one pooled HTTP session per backend (keep-alive), a
connect and a read timeout on every call, the request's X-Request-ID passed on, a circuit breaker
per backend, and a small cache of GET answers.

Failures are sorted into what the caller must answer: BackendDown (refused, reset, answered 5xx,
circuit open) → 503, BackendTimeout → 504."""
import json as jsonlib
import logging
import time
from dataclasses import dataclass
from urllib.parse import urlencode

import requests
import urllib3
from flask import current_app, g
from requests.adapters import HTTPAdapter

from portal_common.errors import ApiError
from portal_common.request_id import outgoing_headers

from . import metrics
from .breaker import CircuitBreaker
from .cache import TTLCache

log = logging.getLogger(__name__)

BACKEND_NAMES = ("articles", "media", "exams")
CACHEABLE_STATUSES = (200, 404)
REFUSED = (urllib3.exceptions.NewConnectionError,)
TIMEOUTS = (requests.Timeout, urllib3.exceptions.TimeoutError)
UNREACHABLE = (requests.RequestException, urllib3.exceptions.HTTPError, OSError)
# Headers of a backend's answer kept with a cached answer, for callers that pass them back.
KEPT_HEADERS = ("Retry-After", "Location", "ETag", "Last-Modified", "Cache-Control", "Content-Type")


class BackendError(ApiError):
    def __init__(self, backend, status, message, headers=None):
        super().__init__(status, message, extra={"backend": backend}, headers=headers)
        self.backend = backend


class BackendDown(BackendError):
    def __init__(self, backend, detail="", retry_after=None):
        headers = {"Retry-After": str(max(1, round(retry_after)))} if retry_after else None
        super().__init__(backend, 503, f"Dịch vụ {backend} tạm thời không khả dụng.", headers)
        self.detail = detail


class BackendTimeout(BackendError):
    def __init__(self, backend):
        super().__init__(backend, 504, f"Dịch vụ {backend} không trả lời kịp.")


@dataclass(frozen=True)
class Answer:
    """A decoded backend answer, safe to cache and share between requests."""

    status: int
    body: object
    headers: dict


class Backend:
    def __init__(self, name, base_url, connect_timeout, read_timeout, pool_size, breaker=None, cache=None, cache_ttl=0):
        self.name = name
        self.base_url = base_url.rstrip("/")
        self.timeout = (connect_timeout, read_timeout)
        self.breaker = breaker or CircuitBreaker()
        self.cache = cache
        self.cache_ttl = cache_ttl
        self.session = requests.Session()
        # Calls stay inside our network: no proxy or netrc from the environment, and not the cost
        # of looking them up on every call (a third of a lookup's time in the gateway).
        self.session.trust_env = False
        adapter = HTTPAdapter(pool_connections=1, pool_maxsize=pool_size, max_retries=0)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        # The JSON GETs' own keep-alive pool (see fetch). It blocks when all its connections are
        # out: on gevent a worker takes a thousand visitors at once, and without a bound their
        # calls would all land on the service together and time out there; bounded, they queue
        # here for at most the read timeout.
        self.pool = urllib3.connection_from_url(self.base_url, maxsize=pool_size, block=True)
        self.call_timeout = urllib3.Timeout(connect=connect_timeout, read=read_timeout)

    def _guarded(self, send):
        """Run `send()` → (status, value) under the breaker, with timings and failure kinds."""
        if not self.breaker.allow():
            metrics.BACKEND_FAILURES.labels(self.name, "circuit_open").inc()
            raise BackendDown(self.name, "circuit open", retry_after=self.breaker.retry_in())
        started = time.perf_counter()
        try:
            status, value = send()
        except urllib3.exceptions.EmptyPoolError:  # our own queue was full: the backend is well
            metrics.BACKEND_FAILURES.labels(self.name, "busy").inc()
            raise BackendTimeout(self.name) from None
        except REFUSED as error:  # before TIMEOUTS: urllib3 files a refused connection under timeouts
            self._failed(started, "down")
            raise BackendDown(self.name, str(error)) from None
        except TIMEOUTS:
            self._failed(started, "timeout")
            raise BackendTimeout(self.name) from None
        except UNREACHABLE as error:
            self._failed(started, "down")
            raise BackendDown(self.name, str(error)) from None
        if status >= 500:
            self._failed(started, f"status_{status}")
            if hasattr(value, "close"):
                value.close()
            raise BackendDown(self.name, f"answered {status}")
        self.breaker.succeeded()
        self._record(started, "ok")
        metrics.BREAKER_STATE.labels(self.name).set(0)
        return value

    def request(self, method, path, *, params=None, headers=None, data=None, json=None, stream=False, timeout=None):
        """Send one call (writes, streamed bytes); answers with the backend's `requests`
        response for any status below 500."""
        sent_headers = outgoing_headers()
        sent_headers.update(headers or {})

        def send():
            response = self.session.request(
                method,
                self.base_url + path,
                params=params,
                headers=sent_headers,
                data=data,
                json=json,
                stream=stream,
                timeout=timeout or self.timeout,
                allow_redirects=False,
            )
            return response.status_code, response

        return self._guarded(send)

    def fetch(self, path, params=None, headers=None, ttl=None):
        """GET and decode JSON, through the cache for answers that may be shared (200, 404).

        The hottest path of a results-day page (a lookup, every section of every page), so it
        speaks urllib3 directly: requests' per-call preparation cost as much as the call."""
        ttl = self.cache_ttl if ttl is None else ttl
        target = path + ("?" + urlencode(params) if params else "")

        def send():
            sent_headers = outgoing_headers()
            sent_headers.update(headers or {})
            raw = self.pool.request(
                "GET", target, headers=sent_headers, timeout=self.call_timeout, retries=False, redirect=False,
                pool_timeout=self.timeout[1],  # the wait for a free connection (see __init__)
            )
            return raw.status, raw

        def load():
            raw = self._guarded(send)
            try:
                body = jsonlib.loads(raw.data)
            except ValueError:
                raise BackendDown(self.name, f"answered {raw.status} without JSON") from None
            kept = {name: raw.headers[name] for name in KEPT_HEADERS if name in raw.headers}
            return Answer(raw.status, body, kept)

        if self.cache is None or ttl <= 0:
            return load()
        key = self.base_url + path + ("?" + urlencode(sorted((params or {}).items())) if params else "")
        answer, hit = self.cache.get_or_load(key, ttl, load, cacheable=lambda a: a.status in CACHEABLE_STATUSES)
        metrics.CACHE_LOOKUPS.labels(self.name, "hit" if hit else "miss").inc()
        return answer

    def get_json(self, path, params=None, ttl=None):
        """The JSON body of a GET; a 4xx answer is raised as an ApiError with the backend's
        code and message (so a 404 stays a 404)."""
        answer = self.fetch(path, params, ttl=ttl)
        if answer.status >= 400:
            body = answer.body if isinstance(answer.body, dict) else {}
            error = body.get("error", {}) if isinstance(body.get("error"), dict) else {}
            raise ApiError(answer.status, error.get("message", "Lỗi"), code=error.get("code"), field=error.get("field"))
        return answer.body

    def _failed(self, started, outcome):
        self.breaker.failed()
        metrics.BREAKER_STATE.labels(self.name).set({"closed": 0, "half_open": 1, "open": 2}[self.breaker.state])
        metrics.BACKEND_FAILURES.labels(self.name, outcome).inc()
        self._record(started, outcome)
        log.warning("backend call failed", extra={"fields": {"backend": self.name, "outcome": outcome}})

    def _record(self, started, outcome):
        elapsed = time.perf_counter() - started
        metrics.BACKEND_LATENCY.labels(self.name, "ok" if outcome == "ok" else "error").observe(elapsed)
        try:
            timings = g.log_extra.setdefault("backend_ms", {})
            timings[self.name] = round(timings.get(self.name, 0) + elapsed * 1000, 2)
        except (AttributeError, RuntimeError):  # outside a request (CLI, warm-up)
            pass


def init_app(app):
    config = app.config
    cache = TTLCache(config["CACHE_MAX_ENTRIES"]) if config["CACHE_ENABLED"] else None
    app.extensions["backend_cache"] = cache
    app.extensions["backends"] = {
        name: Backend(
            name,
            config[f"{name.upper()}_URL"],
            config["BACKEND_CONNECT_TIMEOUT"],
            config["BACKEND_READ_TIMEOUT"],
            config["BACKEND_POOL_SIZE"],
            breaker=CircuitBreaker(config["BREAKER_FAILURES"], config["BREAKER_COOLDOWN"]),
            cache=cache,
            cache_ttl=config[f"CACHE_TTL_{name.upper()}"],
        )
        for name in BACKEND_NAMES
    }
    from portal_common.health import add_readiness_check

    for name in BACKEND_NAMES:
        add_readiness_check(app, name, _readiness_of(name))


def _readiness_of(name):
    def check():
        target = backend(name)
        # Readiness asks the backend itself even while the circuit is open: it is the probe ops
        # look at, and it must say when the backend is back.
        try:
            response = target.session.get(target.base_url + "/readyz", headers=outgoing_headers(), timeout=target.timeout)
        except requests.RequestException as error:
            raise RuntimeError(f"{type(error).__name__}; circuit {target.breaker.state}") from None
        if response.status_code != 200:
            try:
                detail = jsonlib.dumps(response.json().get("checks"), ensure_ascii=False)
            except ValueError:
                detail = ""
            raise RuntimeError(f"answered {response.status_code} {detail}; circuit {target.breaker.state}")
        return {"circuit": target.breaker.state}

    return check


def backend(name):
    return current_app.extensions["backends"][name]
