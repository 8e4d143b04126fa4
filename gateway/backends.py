"""Calls from the gateway to the services: one pooled HTTP session per backend (keep-alive),
a connect and a read timeout on every call, and the request's X-Request-ID passed on.

Failures are sorted into what the caller must answer: BackendDown (refused, reset, answered 5xx)
→ 503, BackendTimeout → 504."""
import logging
import time

import requests
from flask import current_app, g
from requests.adapters import HTTPAdapter

from portal_common.errors import ApiError
from portal_common.request_id import outgoing_headers

log = logging.getLogger(__name__)

BACKEND_NAMES = ("articles", "media", "exams")


class BackendError(ApiError):
    def __init__(self, backend, status, message):
        super().__init__(status, message, extra={"backend": backend})
        self.backend = backend


class BackendDown(BackendError):
    def __init__(self, backend, detail=""):
        super().__init__(backend, 503, f"Dịch vụ {backend} tạm thời không khả dụng.")
        self.detail = detail


class BackendTimeout(BackendError):
    def __init__(self, backend):
        super().__init__(backend, 504, f"Dịch vụ {backend} không trả lời kịp.")


class Backend:
    def __init__(self, name, base_url, connect_timeout, read_timeout, pool_size):
        self.name = name
        self.base_url = base_url.rstrip("/")
        self.timeout = (connect_timeout, read_timeout)
        self.session = requests.Session()
        adapter = HTTPAdapter(pool_connections=1, pool_maxsize=pool_size, max_retries=0)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)

    def request(self, method, path, *, params=None, headers=None, data=None, json=None, stream=False, timeout=None):
        """Send one call; answers with the backend's response for any status below 500."""
        sent_headers = outgoing_headers()
        sent_headers.update(headers or {})
        started = time.perf_counter()
        try:
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
        except requests.Timeout:
            self._record(started, "timeout")
            raise BackendTimeout(self.name) from None
        except requests.RequestException as error:
            self._record(started, "down")
            raise BackendDown(self.name, str(error)) from None
        if response.status_code >= 500:
            self._record(started, f"status_{response.status_code}")
            response.close()
            raise BackendDown(self.name, f"answered {response.status_code}")
        self._record(started, "ok")
        return response

    def get_json(self, path, params=None):
        """GET and decode JSON; 404 and other 4xx are ApiErrors carrying the backend's message."""
        response = self.request("GET", path, params=params)
        try:
            body = response.json()
        except ValueError:
            raise BackendDown(self.name, "answered something that is not JSON") from None
        if response.status_code >= 400:
            error = body.get("error", {}) if isinstance(body, dict) else {}
            raise ApiError(response.status_code, error.get("message", "Lỗi"), code=error.get("code"), field=error.get("field"))
        return body

    def _record(self, started, outcome):
        elapsed_ms = round((time.perf_counter() - started) * 1000, 2)
        try:
            timings = g.log_extra.setdefault("backend_ms", {})
            timings[self.name] = timings.get(self.name, 0) + elapsed_ms
        except (AttributeError, RuntimeError):  # outside a request (CLI, warm-up)
            pass
        if outcome != "ok":
            log.warning("backend call failed", extra={"fields": {"backend": self.name, "outcome": outcome, "ms": elapsed_ms}})


def init_app(app):
    config = app.config
    app.extensions["backends"] = {
        name: Backend(
            name,
            config[f"{name.upper()}_URL"],
            config["BACKEND_CONNECT_TIMEOUT"],
            config["BACKEND_READ_TIMEOUT"],
            config["BACKEND_POOL_SIZE"],
        )
        for name in BACKEND_NAMES
    }
    from portal_common.health import add_readiness_check

    for name in BACKEND_NAMES:
        add_readiness_check(app, name, _readiness_of(name))


def _readiness_of(name):
    def check():
        response = backend(name).request("GET", "/readyz")
        if response.status_code != 200:
            raise RuntimeError(f"{name} is not ready ({response.status_code})")
        return {}

    return check


def backend(name):
    return current_app.extensions["backends"][name]
