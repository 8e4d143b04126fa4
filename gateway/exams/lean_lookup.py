"""Results day's lean path in the gateway: the anonymous lookup passed on without Flask.

Why it exists. On results day nearly every request is `GET /api/v1/exams/<exam>/results/<sbd>`,
and the gateway only passes it on (route_policy pass_through="exams"). Through Flask a spread
lookup cost the gateway about 1.5 ms of CPU in-process, most of it not the call: a request
context, sixteen hooks (request id, metrics, ops networks, body limits, the desk's CSRF, the rate
limit, errors, security headers, CORS, caching, the access log) and werkzeug's header objects.
This WSGI layer does what the route and those hooks do for this one case, in about half of that
(bench/edge_load.py gives the figures under load).

It answers as the Flask route `exams_api.result` (json_api.py) does, through the same pieces:
the route's declared policy (its limit and Cache-Control), the rate limits' counters, the same
Backend.read_answer (answer cache, breaker, admission, timeouts) with the visitor's headers
(proxy.visitor_headers), the headers the route passes back (proxy.PASSED_BACK), the embargo's
refusal Cache-Control, werkzeug's 304 test, the security and CORS headers, the request id, the
access log line and the request metrics. tests/gateway/exams/test_lean_lookup.py sends every case
to a gateway with it and to one without it, in front of one exams service, and compares status,
body and headers.

It sits inside the page cache (which keeps and replays its answers) and inside the trusted-proxy
layer (REMOTE_ADDR is already the visitor's). Everything else goes on to Flask unchanged: a token,
a method other than GET or HEAD (a CORS preflight among them), a path the pattern does not take
(a malformed number), a Range, If-Match or If-Range header (werkzeug's range and 412 rules), and
any unexpected failure here. GATEWAY_LEAN_LOOKUP=0 turns it off."""

import json
import logging
import re
import time

from werkzeug.http import generate_etag, http_date, is_resource_modified, quote_etag, remove_entity_headers

from portal_common import metrics, request_id, route_policy, security
from portal_common.errors import ApiError
from portal_common.lean_answers import json_bytes, status_line, with_defaults
from portal_common.ratelimit import LIMITED_ENVIRON_KEY

from ..http_caching import DEFAULT
from ..proxy import PASSED_BACK, visitor_headers
from . import embargo

log = logging.getLogger(__name__)
ENDPOINT = "exams_api.result"
# What each part of the route's URL may be on this path: only the well-formed case, as the exams
# service's own lean path takes it. Anything else is rare, and the Flask route passes it on for
# the service to judge.
WELL_FORMED = {"exam_id": "[a-z0-9-]{1,64}", "sbd": "[0-9]{8}"}
# Requests werkzeug's make_conditional treats in ways this path does not (206, 412).
LEFT_TO_FLASK = ("HTTP_AUTHORIZATION", "HTTP_RANGE", "HTTP_IF_MATCH", "HTTP_IF_RANGE")
JSON = "application/json"


class LeanLookup:
    def __init__(self, app, next_app):
        self.app = app
        self.next_app = next_app
        self.service = app.config["SERVICE_NAME"]
        self.clock = embargo.clock_of(app)
        self.route = next(rule.rule for rule in app.url_map.iter_rules(ENDPOINT))
        self.paths = well_formed_paths(self.route)
        self.cache_control = route_policy.policy_for(app, ENDPOINT).cache or DEFAULT
        self.backend = app.extensions["backends"]["exams"]
        self.every_answer = [
            *security.security_headers(security.media_origin_of(app)).items(),
            *security.cors_headers_of_a_simple_answer(),
        ]

    def __call__(self, environ, start_response):
        method = environ.get("REQUEST_METHOD")
        path = environ.get("PATH_INFO", "")
        if method not in ("GET", "HEAD") or any(name in environ for name in LEFT_TO_FLASK):
            return self.next_app(environ, start_response)
        if self.paths.fullmatch(path) is None:
            return self.next_app(environ, start_response)
        started = time.perf_counter()
        rid = request_id.accepted_request_id(environ.get("HTTP_X_REQUEST_ID"))
        client = environ.get("REMOTE_ADDR")
        log_extra = {}
        try:
            status, body, headers = self.answer(environ, path, rid, client, log_extra)
        except ApiError as error:
            status, body = error.status, json_bytes(self.app, error.body())
            headers = self.with_length(list(error.headers.items()), body, "no-store")
        except Exception:
            log.exception("lean lookup failed; the full path answers instead")
            return self.next_app(environ, start_response)
        headers = with_defaults(headers, self.every_answer)
        headers.append((request_id.HEADER, rid))
        start_response(status_line(status), headers)
        request_id.log_request(rid, method, path, self.route, status, started, client, **log_extra)
        metrics.count_request(self.service, self.route, method, status, started)
        return [b"" if method == "HEAD" or status == 304 else body]

    def answer(self, environ, path, rid, client, log_extra):
        """(status, body, headers) of the Flask route for this request; ApiError for the gateway's
        own refusals (the rate limit, a backend down, busy or late)."""
        self.count(environ, client)
        sent = {**visitor_headers(self.app.config, client), request_id.HEADER: rid}
        called = time.perf_counter()
        answer = self.backend.read_answer(path, headers=sent, decode=False)
        log_extra["backend_ms"] = {self.backend.name: round((time.perf_counter() - called) * 1000, 2)}
        body = answer.body
        passed_back = [(name, answer.headers[name]) for name in PASSED_BACK if name in answer.headers]
        if answer.status != 200:
            return answer.status, body, self.with_length(passed_back, body, self.refusal_cache_control(answer))
        # As http_caching.py and portal_common/conditional.py do through werkzeug: an ETag (the
        # service's, else one of the body), a Date, 304 on a match, varying by encoding.
        etag = answer.headers.get("ETag") or quote_etag(generate_etag(body))
        headers = self.with_length(passed_back, body, self.cache_control)
        headers = with_defaults(headers, [("ETag", etag), ("Vary", "Accept-Encoding"), ("Date", http_date())])
        last_modified = answer.headers.get("Last-Modified")
        if not is_resource_modified(environ, etag, last_modified=last_modified):
            remove_entity_headers(headers)
            return 304, b"", headers
        return 200, body, headers

    def count(self, environ, client):
        """One hit on the route's declared limit, as RateLimits.check counts it on the Flask path
        (the same counters: both paths share one allowance), marked for the page cache's replays."""
        limits = self.app.extensions["rate_limits"]
        entry = limits.by_endpoint.get(ENDPOINT)
        if entry is None:
            return
        scope, items, _applies = entry  # route_policy.always: init_app installs this only then
        environ[LIMITED_ENVIRON_KEY] = (scope, items)
        limits.count(scope, items, client)

    def refusal_cache_control(self, answer):
        """As embargo.for_this_reader and http_caching.py set it: until the announced time for the
        service's 404 not_published, else no-store."""
        if answer.status == 404 and b'"not_published"' in answer.body:
            return embargo.refusal_cache_control(json.loads(answer.body), self.clock()) or "no-store"
        return "no-store"

    @staticmethod
    def with_length(headers, body, cache_control):
        """An answer's own headers after its type and length, with its Cache-Control unless it has one."""
        return with_defaults(
            [("Content-Type", JSON), ("Content-Length", str(len(body))), *headers], [("Cache-Control", cache_control)]
        )


def well_formed_paths(rule):
    """The paths of the route `rule` ("/api/v1/exams/<exam_id>/results/<sbd>") whose parts are
    WELL_FORMED, as a pattern: the URL is the route's own, declared once."""
    pieces = re.split(r"<(\w+)>", rule)  # text, name, text, name, text
    return re.compile(
        "".join(WELL_FORMED[piece] if index % 2 else re.escape(piece) for index, piece in enumerate(pieces))
    )


def init_app(app):
    """Wrap the app's WSGI callable; call after the blueprints are registered and before
    page_cache.init_app (the page cache goes in front of this path and keeps its answers)."""
    if not app.config["GATEWAY_LEAN_LOOKUP"]:
        return None
    if route_policy.policy_for(app, ENDPOINT).limit_when is not route_policy.always:
        log.warning("the lookup's limit depends on the request; the lean lookup path is off")
        return None
    app.wsgi_app = LeanLookup(app, app.wsgi_app)
    return app.wsgi_app
