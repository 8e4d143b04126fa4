"""Passing an /api/v1 call on to a service and its answer back, written once for the domains.

The gateway checks on writes that a token is there and genuine (portal_common.auth's
signed_in_required: the machine token or a validly signed staff token), so a write never reaches
a service unauthenticated, and forwards the Authorization header: the service that owns the route
checks the account and decides the role.
GETs go through the backend's answer cache; writes never do. How long the answer may be kept is
the gateway route's own declared policy (portal_common.route_policy), not the service's header."""

from flask import Response, current_app, jsonify, request

from portal_common.proxies import PROXY_SECRET_HEADER

from .backends import backend, decoded_json

# Headers of the backend's answer that mean something to the caller (a 401's challenge too).
PASSED_BACK = ("Retry-After", "Location", "ETag", "Last-Modified", "WWW-Authenticate")


def client_headers(extra=None):
    """Headers that carry the visitor to a backend: their Authorization (writes) and their
    address in X-Forwarded-For (the services' per-client limits). Only the address the gateway
    itself judged (portal_common.proxies, trusting TRUSTED_PROXIES hops) goes on: a visitor's own
    header is neither believed by the service nor passed (8 KB of it made the exams service
    answer 431). PROXY_SECRET, when set, proves to the service that this is its gateway."""
    sent = dict(extra or {})
    if "Authorization" in request.headers:
        sent["Authorization"] = request.headers["Authorization"]
    sent.update(visitor_headers(current_app.config, request.remote_addr))
    return sent


def visitor_headers(config, remote_addr):
    """The visitor's address and the gateway's proof (client_headers), outside a Flask request
    too (gateway/exams/lean_lookup.py)."""
    sent = {"X-Forwarded-For": remote_addr or ""}
    secret = config.get("PROXY_SECRET")
    if secret:
        sent[PROXY_SECRET_HEADER] = secret
    return sent


def _respond(status, body, headers, transform):
    if 200 <= status < 300 and transform is not None:
        body = transform(body)
    result = jsonify(body)
    result.status_code = status
    for name in PASSED_BACK:
        if name in headers:
            result.headers[name] = headers[name]
    return result


def _passed_on(status, data, headers):
    result = Response(data, status=status, mimetype="application/json")
    for name in PASSED_BACK:
        if name in headers:
            result.headers[name] = headers[name]
    return result


def forward_json(
    backend_name,
    method,
    path,
    *,
    params=None,
    json=None,
    body=None,
    headers=None,
    timeout=None,
    transform=None,
    ttl=None,
):
    """Call the backend and answer with its JSON and status; `transform(body)` rewrites a
    successful body (e.g. to add the portal's absolute URLs). `ttl` overrides the backend's
    cache life for this GET (0: not cached)."""
    target = backend(backend_name)
    sent = client_headers(headers)
    if method == "GET" and "Authorization" not in sent:
        answer = target.read_answer(path, params, headers=sent, ttl=ttl, decode=transform is not None)
        if transform is None:  # passed on as the service wrote it
            return _passed_on(answer.status, answer.body, answer.headers)
        return _respond(answer.status, answer.body, answer.headers, transform)
    response = target.send(method, path, params=params, json=json, body=body, headers=sent, timeout=timeout)
    if response.status == 204 or not response.data:
        return ("", response.status)
    return _respond(response.status, decoded_json(response, backend_name), response.headers, transform)


def query_args(*names):
    """The named query parameters the caller sent, to pass on unchanged."""
    return {name: request.args[name] for name in names if name in request.args}


def write_headers():
    """The headers of a write passed on as it came: If-Match (the service's guard on concurrent
    saves), and the body's Content-Type when there is a body."""
    headers = {}
    if "If-Match" in request.headers:
        headers["If-Match"] = request.headers["If-Match"]
    if request.content_length or request.get_data(cache=True):
        headers["Content-Type"] = request.content_type or "application/json"
    return headers
