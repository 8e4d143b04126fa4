"""Calls from the gateway to the services, through urllib3 (measured the faster client here:
requests' per-call preparation cost as much as a lookup's call), and the JSON reads on gevent
workers through geventhttpclient (gevent_reads.py, faster again): a connect and a read timeout on
every call, the request's X-Request-ID passed on, a circuit breaker per backend, and a small
cache of GET answers per backend.

Each backend has two bounded keep-alive pools. `calls` carries the short JSON reads a page is
made of; `transfers` carries writes, uploads and media bytes, which may take minutes. Kept apart,
thirty visitors watching videos never make a page wait for a connection. Both block when all
their connections are out: on gevent a worker takes a thousand visitors at once, and unbounded
their calls would all land on the service together and time out there; bounded, they queue here.

Failures are sorted into what the caller must answer, in one place (`_guarded`): BackendDown
(refused, reset, answered 5xx, circuit open) → 503, BackendTimeout → 504, BackendBusy (this
gateway's own queue for the backend is full) → 503 at once with Retry-After.

What the breaker counts: only what says the backend itself is unwell — it cannot be reached, it
does not answer in time, or it says so (502, 503, 504). A 500 is one request's fault (a bug that
some input finds): counting it would let anyone who finds such an input take the backend offline
for everyone by sending it a dozen times. Busy is ours, not the backend's, and never counts."""

import json as jsonlib
import logging
import random
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlencode

import urllib3
from flask import current_app, g

from portal_common.errors import ApiError
from portal_common.request_id import outgoing_headers

from . import gevent_reads, metrics
from .breaker import CircuitBreaker
from .cache import TTLCache

log = logging.getLogger(__name__)

BACKEND_NAMES = ("articles", "media", "exams", "accounts", "documents")
# The backends whose content the gateway's caches hold (answers, whole pages): their content
# versions are polled and their writes empty the caches (freshness.py). Nothing of the accounts
# service is ever kept (CACHE_TTL_ACCOUNTS is 0, its answers are no-store, no page shows it), so
# a sign-in or a new account must not empty the caches every reader relies on.
CONTENT_BACKENDS = ("articles", "media", "exams", "documents")
CACHEABLE_STATUSES = (200, 404)
WRITES = ("POST", "PUT", "PATCH", "DELETE")
# Headers of a backend's answer kept with a cached answer, for callers that pass them back.
KEPT_HEADERS = ("Retry-After", "Location", "ETag", "Last-Modified", "Content-Type", "WWW-Authenticate")


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


class BackendBusy(BackendError):
    """More callers wait for this backend than its pool and queue hold: turned away at once, so
    the ones admitted are served at full speed instead of everyone slowly."""

    def __init__(self, backend, retry_after):
        # A page asks the browser to try again by itself (no JavaScript needed), each visitor a
        # little apart so that they do not all come back in the same second.
        again = retry_after + random.randint(0, retry_after)
        super().__init__(
            backend,
            503,
            f"Hệ thống đang có nhiều người truy cập, vui lòng thử lại sau {retry_after} giây.",
            {"Retry-After": str(retry_after), "Refresh": str(again)},
        )


UNHEALTHY_STATUSES = (502, 503, 504)


@dataclass(frozen=True)
class Answer:
    """A decoded JSON answer of a backend, safe to cache and share between requests."""

    status: int
    body: object
    headers: dict


class Backend:
    def __init__(
        self,
        name,
        base_url,
        connect_timeout,
        read_timeout,
        pool_size,
        breaker=None,
        cache=None,
        cache_ttl=0,
        transfer_pool_size=None,
        queue_limit=None,
        busy_retry_after=2,
    ):
        self.name = name
        self.connect_timeout, self.read_timeout = connect_timeout, read_timeout
        self.pool_size, self.transfer_pool_size = pool_size, transfer_pool_size or pool_size
        self.breaker = breaker or CircuitBreaker()
        self.cache = cache
        self.cache_ttl = cache_ttl
        self.write_listeners = []  # called with this backend after each successful write
        self.queue_limit = queue_limit  # callers allowed to wait beyond the pool's connections
        self.busy_retry_after = busy_retry_after
        self._admitted = 0
        self._admitted_lock = threading.Lock()
        self.point_at(base_url)

    def point_at(self, base_url):
        """(Re)build the pools for `base_url` (tests move a backend to a dead address)."""
        self.base_url = base_url.rstrip("/")
        self.calls = urllib3.connection_from_url(self.base_url, maxsize=self.pool_size, block=True)
        self.transfers = urllib3.connection_from_url(self.base_url, maxsize=self.transfer_pool_size, block=True)
        # The JSON reads: on a gevent worker through geventhttpclient (gevent_reads.py says why).
        self.reads = (
            gevent_reads.GeventReads(self.base_url, self.pool_size, self.connect_timeout, self.read_timeout)
            if gevent_reads.available()
            else self.calls
        )

    def timeout(self, read=None, slow_body=False):
        """The timeouts of one call. urllib3 sends the request body under the *connect* timeout;
        an upload the service reads slower than it arrives (a national results file parsed row
        by row) must wait as long as the service may take, not the half second a connect gets."""
        read = read or self.read_timeout
        return urllib3.Timeout(connect=read if slow_body else self.connect_timeout, read=read)

    # -- the one place where failures are sorted --------------------------------------------

    def _admit(self):
        """Count one more caller in; BackendBusy when the pool and its queue are full."""
        if self.queue_limit is None:
            return
        with self._admitted_lock:
            if self._admitted >= self.pool_size + self.transfer_pool_size + self.queue_limit:
                metrics.BACKEND_FAILURES.labels(self.name, "busy").inc()
                raise BackendBusy(self.name, self.busy_retry_after)
            self._admitted += 1

    def _leave(self):
        if self.queue_limit is not None:
            with self._admitted_lock:
                self._admitted -= 1

    def _guarded(self, send, counted=True):
        """Run `send()` → urllib3 response under the breaker, with timings and failure kinds.
        `counted=False` (writes and uploads): a failure is answered but does not move the breaker,
        which protects readers' pages; a broken upload says little about the service's reads,
        and an exam officer retrying a big file must not take the lookups offline."""
        if not self.breaker.allow():
            metrics.BACKEND_FAILURES.labels(self.name, "circuit_open").inc()
            raise BackendDown(self.name, "circuit open", retry_after=self.breaker.retry_in())
        self._admit()
        try:
            return self._sorted(send, counted)
        finally:
            self._leave()

    def _sorted(self, send, counted):
        started = time.perf_counter()
        failed = self._failed if counted else self._failed_uncounted
        try:
            response = send()
        except urllib3.exceptions.EmptyPoolError:  # our own queue was full: the backend is well
            metrics.BACKEND_FAILURES.labels(self.name, "busy").inc()
            raise BackendTimeout(self.name) from None
        except urllib3.exceptions.NewConnectionError as error:  # urllib3 files a refusal under timeouts
            failed(started, "down")
            raise BackendDown(self.name, str(error)) from None
        except urllib3.exceptions.TimeoutError:
            failed(started, "timeout")
            raise BackendTimeout(self.name) from None
        except (urllib3.exceptions.HTTPError, OSError) as error:
            failed(started, "down")
            raise BackendDown(self.name, str(error)) from None
        if response.status == 503 and not counted and _says_why(response):
            # A write the service turned away on purpose ("another import is running", with
            # Retry-After): its own words reach the caller, not a generic "unavailable".
            self._failed_uncounted(started, "status_503")
            return response
        if response.status >= 500:
            if response.status in UNHEALTHY_STATUSES:
                failed(started, f"status_{response.status}")
            else:  # one request's fault, not the backend's health (see the module)
                self._failed_uncounted(started, f"status_{response.status}")
            close(response)
            raise BackendDown(self.name, f"answered {response.status}")
        self.breaker.succeeded()
        self._record(started, "ok")
        metrics.BREAKER_STATE.labels(self.name).set(0)
        return response

    # -- reads: JSON, cached ------------------------------------------------------------------

    def read_answer(self, path, params=None, headers=None, ttl=None, decode=True):
        """GET and decode JSON, any status below 500, through the cache for answers that may be
        shared (200, 404). The hottest path of a results-day page. With `decode=False` the body
        stays the service's JSON bytes, for callers that pass it on unchanged (a lookup): decoding
        and encoding it again would be most of the gateway's work for it."""
        ttl = self.cache_ttl if ttl is None else ttl
        target = path + ("?" + urlencode(params) if params else "")

        def load():
            sent = outgoing_headers()
            sent.update(headers or {})
            raw = self._guarded(
                lambda: self.reads.request(
                    "GET",
                    target,
                    headers=sent,
                    timeout=self.timeout(),
                    retries=False,
                    redirect=False,
                    pool_timeout=self.read_timeout,  # the wait for a free connection (see the module)
                )
            )
            if decode:
                try:
                    body = jsonlib.loads(raw.data)
                except ValueError:
                    raise BackendDown(self.name, f"answered {raw.status} without JSON") from None
            elif raw.headers.get("Content-Type", "").startswith("application/json"):
                body = raw.data
            else:
                raise BackendDown(self.name, f"answered {raw.status} without JSON")
            kept = {name: raw.headers[name] for name in KEPT_HEADERS if name in raw.headers}
            return Answer(raw.status, body, kept)

        if self.cache is None or ttl <= 0:
            return load()
        key = ("" if decode else "bytes:") + path + ("?" + urlencode(sorted((params or {}).items())) if params else "")
        answer, hit = self.cache.get_or_load(key, ttl, load, cacheable=_keepable)
        metrics.CACHE_LOOKUPS.labels(self.name, "hit" if hit else "miss").inc()
        return answer

    def read(self, path, params=None, ttl=None):
        """The JSON body of a GET; a 4xx answer is raised as an ApiError with the backend's code
        and message (so a 404 stays a 404)."""
        answer = self.read_answer(path, params, ttl=ttl)
        if answer.status >= 400:
            raise error_of(answer.status, answer.body)
        return answer.body

    # -- transfers: writes, uploads, bytes; never cached --------------------------------------

    def send(self, method, path, *, params=None, headers=None, body=None, json=None, timeout=None, stream=False):
        """One call on the transfer pool; the urllib3 response for any status below 500. With
        `stream`, the caller reads it and must `close(response)`. A successful write tells the
        write listeners (the caches of every worker learn it through the content version)."""
        sent = outgoing_headers()
        sent.update(headers or {})
        if json is not None:
            body = jsonlib.dumps(json).encode()
            sent["Content-Type"] = "application/json"
        target = path + ("?" + urlencode(params) if params else "")
        response = self._guarded(
            lambda: self.transfers.urlopen(
                method,
                target,
                body=body,
                headers=sent,
                timeout=timeout or self.timeout(),
                retries=False,
                redirect=False,
                preload_content=not stream,
                pool_timeout=self.read_timeout,
            ),
            counted=method not in WRITES,
        )
        if method in WRITES and response.status < 400:
            for listener in self.write_listeners:
                listener(self)
        return response

    def ready(self):
        """Ask the backend's /readyz past the breaker (ops must see when it is back); raises
        RuntimeError saying why it is not ready."""
        try:
            raw = self.calls.request(
                "GET", "/readyz", headers=outgoing_headers(), timeout=self.timeout(), retries=False
            )
        except (urllib3.exceptions.HTTPError, OSError) as error:
            raise RuntimeError(f"{type(error).__name__}; circuit {self.breaker.state}") from None
        if raw.status != 200:
            try:
                detail = jsonlib.dumps(jsonlib.loads(raw.data).get("checks"), ensure_ascii=False)
            except (ValueError, AttributeError):
                detail = ""
            raise RuntimeError(f"answered {raw.status} {detail}; circuit {self.breaker.state}")
        return {"circuit": self.breaker.state}

    def _failed_uncounted(self, started, outcome):
        metrics.BACKEND_FAILURES.labels(self.name, outcome).inc()
        self._record(started, outcome)
        log.warning("backend call failed", extra={"fields": {"backend": self.name, "outcome": outcome}})

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


def _keepable(answer):
    """Whether the answer cache may keep `answer`: a 200 or a 404, except the exams service's 404
    `not_published`, which turns into the results at the announced time (a TTL cannot know it)."""
    if answer.status not in CACHEABLE_STATUSES:
        return False
    if answer.status == 200:
        return True
    if isinstance(answer.body, (bytes, bytearray)):  # passed on undecoded (read_answer decode=False)
        return b'"not_published"' not in answer.body
    return error_of(answer.status, answer.body).code != "not_published"


def _says_why(response):
    return response.headers.get("Content-Type", "").startswith("application/json") and "Retry-After" in response.headers


def close(response):
    """Give a streamed response's connection back to its pool (closed when unread: a half-read
    video must not be drained)."""
    response.close()
    response.release_conn()


def decoded_json(response, backend_name):
    """The JSON body of a transfer's answer; a body that is not JSON means the backend is broken."""
    try:
        return jsonlib.loads(response.data)
    except ValueError:
        raise BackendDown(backend_name, f"answered {response.status} without JSON") from None


def error_of(status, body):
    """The backend's 4xx answer as an ApiError with its code, message and field."""
    error = body.get("error") if isinstance(body, dict) else None
    error = error if isinstance(error, dict) else {}
    return ApiError(status, error.get("message", "Lỗi"), code=error.get("code"), field=error.get("field"))


def init_app(app):
    config = app.config
    app.extensions["backends"] = {
        name: Backend(
            name,
            config[f"{name.upper()}_URL"],
            config["BACKEND_CONNECT_TIMEOUT"],
            config["BACKEND_READ_TIMEOUT"],
            config["BACKEND_POOL_SIZE"],
            breaker=CircuitBreaker(config["BREAKER_FAILURES"], config["BREAKER_COOLDOWN"]),
            cache=TTLCache(config["CACHE_MAX_ENTRIES"]) if config["CACHE_ENABLED"] else None,
            cache_ttl=config[f"CACHE_TTL_{name.upper()}"],
            transfer_pool_size=config["BACKEND_TRANSFER_POOL_SIZE"],
            queue_limit=config["BACKEND_QUEUE_LIMIT"],
        )
        for name in BACKEND_NAMES
    }
    from portal_common.health import add_readiness_check

    for name in BACKEND_NAMES:
        add_readiness_check(app, name, app.extensions["backends"][name].ready)


def backend(name):
    return current_app.extensions["backends"][name]
