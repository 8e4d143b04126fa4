"""What a route is, declared once on the route: how long its answers may be kept, whether the
gateway's page cache may replay them, which rate limit counts it, whether it writes the access
log. The layers that act on it (HTTP caching, the page cache, the limits, the access log) read it
from the matched endpoint; none keeps a table of URLs of its own.

    @bp.get("/exams/<exam_id>/results/<sbd>")
    @route_policy(cache="public, max-age=3600", page_cache=True, limit="exam-lookup")
    def lookup(exam_id, sbd): ...

A blueprint can carry a default for all its routes (`blueprint_policy(bp, ...)`); a route's own
declaration wins, field by field it sets."""

import dataclasses
from dataclasses import dataclass
from typing import Callable, Optional


def always(request):
    return True


def when_arg(name):
    """A `limit_when` for routes counted only when the visitor asks something (?sbd=, ?q=)."""

    def has_arg(request):
        return bool(request.args.get(name))

    return has_arg


@dataclass(frozen=True)
class RoutePolicy:
    # Cache-Control of a 200 GET answer; None: the app's default. A view that sets its own wins.
    cache: Optional[str] = None
    # The gateway's page cache may replay the whole answer to other visitors.
    page_cache: bool = False
    # The rate-limit scope that counts this route per client (routes in one scope share the
    # allowance), and whether it applies to a given request (e.g. only with ?sbd=).
    limit: Optional[str] = None
    limit_when: Callable = always
    # False for routes polled by machines many times a second (health, content version).
    access_log: bool = True
    # Served only to ops (OPS_NETWORKS): health, readiness and metrics are not for the public.
    ops_only: bool = False
    # The backend this route passes on unchanged (same path, same answer): the edge may send it
    # straight there (deploy/edge/), skipping the gateway's hop. None: the gateway composes it.
    pass_through: Optional[str] = None


DEFAULT = RoutePolicy()
_FIELDS = {field.name for field in dataclasses.fields(RoutePolicy)}


def route_policy(**declared):
    """Decorator: put this policy on the view (below the route decorator, like admin_required)."""
    unknown = set(declared) - _FIELDS
    if unknown:
        raise TypeError(f"unknown route policy fields: {sorted(unknown)}")

    def mark(view):
        view.route_policy_declared = declared
        return view

    return mark


def blueprint_policy(blueprint, **declared):
    """A default for every route of `blueprint`."""
    unknown = set(declared) - _FIELDS
    if unknown:
        raise TypeError(f"unknown route policy fields: {sorted(unknown)}")
    blueprint.route_policy_declared = declared
    return blueprint


def _declared_for(app, endpoint):
    merged = {}
    blueprint_name = endpoint.rpartition(".")[0]
    blueprint = app.blueprints.get(blueprint_name) if blueprint_name else None
    merged.update(getattr(blueprint, "route_policy_declared", {}))
    merged.update(getattr(app.view_functions.get(endpoint), "route_policy_declared", {}))
    return RoutePolicy(**merged) if merged else DEFAULT


def resolve(app):
    """Every endpoint's policy, computed now (call it after the blueprints are registered):
    endpoint → RoutePolicy, also kept in app.extensions["route_policies"] for policy_for."""
    policies = {endpoint: _declared_for(app, endpoint) for endpoint in app.view_functions}
    app.extensions["route_policies"] = policies
    return policies


def is_declared(app, endpoint):
    """True when the route or its blueprint declares a policy (a test proves every public GET does)."""
    view = app.view_functions.get(endpoint)
    blueprint = app.blueprints.get(endpoint.rpartition(".")[0])
    return hasattr(view, "route_policy_declared") or hasattr(blueprint, "route_policy_declared")


def policy_for(app, endpoint):
    """The policy of `endpoint` (DEFAULT for an unmatched request, endpoint None). Endpoints
    registered after a resolve() are computed when first asked for."""
    if endpoint is None:
        return DEFAULT
    policies = app.extensions.setdefault("route_policies", {})
    policy = policies.get(endpoint)
    if policy is None:
        policy = policies[endpoint] = _declared_for(app, endpoint)
    return policy
