"""OpenAPI 3 documents: each process serves its own at /api/v1/openapi.json, built from a spec
function, and tests check that every route the app serves is described (so the spec stays true)."""

import re

from flask import Blueprint, jsonify

ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {"code": {"type": "string"}, "message": {"type": "string"}, "field": {"type": "string"}},
        }
    },
}


STAFF_TOKEN = {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
# A write's security: the machine token or a staff token (whose roles the route checks).
STAFF_OR_MACHINE = [{"adminToken": []}, {"staffToken": []}]
# What every guarded route may answer about its token (the contract's "Authorization").
UNAUTHORIZED_DESCRIPTION = "No token, or one that is unknown, malformed, tampered, expired or of a disabled account"
FORBIDDEN_DESCRIPTION = "A valid token whose roles do not allow this"
UNCHECKED_DESCRIPTION = (
    "Unavailable for now (try again): the service, or the accounts service that checks a staff token before a write"
)


def auth_errors(roles=None):
    """The 401, 403 and 503 a guarded route may answer; `roles` names who may call it."""
    allowed = f" (allowed: {', '.join(roles)} and admin)" if roles else ""
    return {
        "401": error_response(UNAUTHORIZED_DESCRIPTION),
        "403": error_response(FORBIDDEN_DESCRIPTION + allowed),
        "503": error_response(UNCHECKED_DESCRIPTION),
    }


def page_schema(item_ref):
    """The contract's list shape around items of `item_ref` (a $ref string)."""
    return {
        "type": "object",
        "required": ["items", "page", "per_page", "total", "pages"],
        "properties": {
            "items": {"type": "array", "items": {"$ref": item_ref}},
            "page": {"type": "integer", "minimum": 1},
            "per_page": {"type": "integer", "minimum": 1, "maximum": 100},
            "total": {"type": "integer", "minimum": 0},
            "pages": {"type": "integer", "minimum": 1},
        },
    }


def error_response(description):
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def document(title, version, paths, schemas, description=""):
    return {
        "openapi": "3.0.3",
        "info": {"title": title, "version": version, "description": description},
        "paths": paths,
        "components": {
            "schemas": {"Error": ERROR_SCHEMA, **schemas},
            # The machine token (ADMIN_TOKEN), and a staff member's signed token from sign-in
            # (POST /api/v1/auth/token on the gateway); either goes as Authorization: Bearer.
            "securitySchemes": {"adminToken": {"type": "http", "scheme": "bearer"}, "staffToken": STAFF_TOKEN},
        },
    }


def blueprint(spec_function, url_prefix="/api/v1"):
    bp = Blueprint("openapi", __name__, url_prefix=url_prefix)

    @bp.get("/openapi.json")
    def openapi_json():
        return jsonify(spec_function())

    return bp


_CONVERTER = re.compile(r"<(?:[a-z_]+:)?([a-zA-Z_][a-zA-Z0-9_]*)>")
UNDOCUMENTED = {"/healthz", "/readyz", "/metrics", "/static/<path:filename>"}


def flask_path_to_openapi(rule):
    return _CONVERTER.sub(r"{\1}", rule)


def routes_missing_from(app, spec, prefix="/api/"):
    """(method, path) pairs that `app` serves under `prefix` and `spec` does not describe."""
    missing = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(prefix):
            continue
        path = flask_path_to_openapi(rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            if method.lower() not in spec["paths"].get(path, {}):
                missing.append((method, path))
    return missing
