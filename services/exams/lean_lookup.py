"""Results day's lean path: the anonymous lookup answered without Flask's per-request machinery.

Why it exists. On results day nearly every request is `GET /api/v1/exams/<exam>/results/<sbd>`,
sent by the edge straight to this service. Through Flask and the hooks every route has (request
context, routing, request id, metrics, rate limit, security headers, CORS, ETag, access log) a
lookup cost 1.4 ms of CPU here against 0.34 ms for a bare Flask endpoint, which capped the edge's
lookup rate at about a quarter of one bare hop (README, "Results day"). This WSGI layer, inside the
trusted-proxy layer (so REMOTE_ADDR is already the visitor's), answers the plain case itself: the
same core as the Flask view (candidate_lookup.find), the same shared pieces as the hooks (request
ids and the access log line, metrics, the rate limits' counters, the security headers, the embargo's
rule, the ETag) — so the answer is the same byte for byte and header for header
(tests/services/exams/test_lean_lookup.py runs every case through both paths and compares).

Everything else goes on to Flask unchanged: a token (staff see embargoed results), a method other
than GET or HEAD (a CORS preflight's OPTIONS among them), a malformed exam id or number (its 400),
an unexpected failure here (Flask's error handling answers instead), and every other path.
EXAMS_LEAN_LOOKUP=0 turns it off."""

import logging
import re
import time

from werkzeug.http import generate_etag, http_date, parse_etags, quote_etag

from portal_common import metrics, request_id, security
from portal_common.errors import ApiError
from portal_common.lean_answers import json_bytes, status_line

from . import candidate_lookup, embargo
from .store import open_store

log = logging.getLogger(__name__)
# Only the well-formed case: anything else is rare, and Flask's view judges it.
LEAN_PATH = re.compile(r"/api/v1/exams/([a-z0-9-]{1,64})/results/([0-9]{8})")
ROUTE = "/api/v1/exams/<exam_id>/results/<sbd>"  # the Flask rule's text, for metrics and the log
ENDPOINT = "exams_lookup.lookup"  # whose declared rate limit applies


class LeanLookup:
    def __init__(self, app, next_app):
        self.app = app
        self.next_app = next_app
        self.service = app.config["SERVICE_NAME"]
        self.headers = [
            *security.security_headers(security.media_origin_of(app)).items(),
            *security.cors_headers_of_a_simple_answer(),
        ]

    def __call__(self, environ, start_response):
        method = environ.get("REQUEST_METHOD")
        matched = LEAN_PATH.fullmatch(environ.get("PATH_INFO", ""))
        if matched is None or method not in ("GET", "HEAD") or "HTTP_AUTHORIZATION" in environ:
            return self.next_app(environ, start_response)
        started = time.perf_counter()
        exam_id, sbd = matched.groups()
        client = environ.get("REMOTE_ADDR")
        try:
            status, body, headers = self.answer(exam_id, sbd, client, environ.get("HTTP_IF_NONE_MATCH"))
        except ApiError as error:
            status, body, headers = error.status, json_bytes(self.app, error.body()), list(error.headers.items())
        except Exception:
            log.exception("lean lookup failed; the full path answers instead")
            return self.next_app(environ, start_response)
        rid = request_id.accepted_request_id(environ.get("HTTP_X_REQUEST_ID"))
        # As werkzeug shapes them: a 304 carries neither type nor length; answers that went
        # through make_conditional (200, 304) a Date.
        headers = [
            *([] if status == 304 else [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]),
            *headers,
            *self.headers,
            ("X-Request-ID", rid),
            *([("Date", http_date())] if status in (200, 304) else []),
        ]
        start_response(status_line(status), headers)
        metrics.count_request(self.service, ROUTE, method, status, started)
        request_id.log_request(rid, method, environ["PATH_INFO"], ROUTE, status, started, client)
        return [b"" if method == "HEAD" or status == 304 else body]

    def answer(self, exam_id, sbd, client, if_none_match):
        """(status, body, headers) of an anonymous reader's lookup; ApiError for the refusals."""
        self.count(client)
        config = self.app.config
        store = open_store(config)
        try:
            answer, cache_control = candidate_lookup.find(
                store,
                exam_id,
                sbd,
                lambda store, generation: candidate_lookup.ranking(self.app, store, generation),
                # Anonymous: an embargoed exam is never shown here.
                lambda published_at: embargo.read_cache_control(published_at, config["EXAMS_CLOCK"](), _nobody),
            )
        finally:
            store.close()
        body = json_bytes(self.app, answer)
        # As portal_common/conditional.py does through werkzeug: a strong ETag of the body, 304 on
        # a match (weak comparison, as werkzeug's make_conditional), varying by encoding.
        etag = generate_etag(body)
        headers = [("Cache-Control", cache_control), ("ETag", quote_etag(etag)), ("Vary", "Accept-Encoding")]
        if if_none_match and parse_etags(if_none_match).contains_weak(etag):
            return 304, b"", headers
        return 200, body, headers

    def count(self, client):
        """One hit on the lookup's declared limit (portal_common.ratelimit), as its before_request
        hook counts on the Flask path: the same counters, so both paths share one allowance."""
        limits = self.app.extensions["rate_limits"]
        scope, items, _applies = limits.by_endpoint[ENDPOINT]
        limits.count(scope, items, client)


def _nobody():
    return False


def init_app(app):
    """Wrap the app's WSGI callable; call before ratelimit.init_app, whose trusted-proxy layer must
    stay outermost (it judges REMOTE_ADDR for both paths)."""
    if app.config["EXAMS_LEAN_LOOKUP"]:
        app.wsgi_app = LeanLookup(app, app.wsgi_app)
