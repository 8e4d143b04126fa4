"""/healthz (the process lives) and /readyz (its storage, or the gateway's backends, answer)."""

from flask import Blueprint, current_app, jsonify

from .route_policy import route_policy

bp = Blueprint("health", __name__)


def add_readiness_check(app, name, check):
    """`check()` returns None (or a detail dict) when `name` is ready and raises when it is not."""
    app.extensions.setdefault("readiness_checks", {})[name] = check


@bp.get("/healthz")
@route_policy(cache="no-store", access_log=False, ops_only=True)
def healthz():
    return jsonify(status="ok", service=current_app.config["SERVICE_NAME"])


@bp.get("/readyz")
@route_policy(cache="no-store", access_log=False, ops_only=True)
def readyz():
    checks = {}
    ready = True
    for name, check in current_app.extensions.get("readiness_checks", {}).items():
        try:
            detail = check() or {}
            checks[name] = {"status": "ok", **detail}
        except Exception as error:  # any failure means "not ready"; say which part and why
            ready = False
            checks[name] = {"status": "down", "error": f"{type(error).__name__}: {error}"[:300]}
    body = {"status": "ok" if ready else "down", "service": current_app.config["SERVICE_NAME"], "checks": checks}
    response = jsonify(body)
    response.status_code = 200 if ready else 503
    response.headers["Cache-Control"] = "no-store"
    return response
