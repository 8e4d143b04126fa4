"""Browser-facing protection, written once for every process that answers visitors directly: the
gateway, and the exams service for the lookups the edge sends straight to it (the routes the
gateway declares `route_policy(pass_through=...)`, deploy/edge/). Security headers on every
answer, and CORS for the public JSON API (GET from any origin, never with credentials). The edge's
own error pages carry the same headers (deploy/edge/render.py reads them from here)."""

import os

from flask_cors import CORS

# The public JSON API; CORS applies to it alone.
API_PATHS = r"/api/*"
CORS_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_EXPOSED = ("X-Request-ID", "ETag", "Retry-After", "X-Partial-Content", "Content-Range")
CORS_ALLOWED = ("X-Request-ID", "If-None-Match", "If-Match", "Content-Type", "Authorization")
CORS_MAX_AGE = 86400


def content_security_policy(media_origin=None):
    media = "'self'" + (f" {media_origin}" if media_origin else "")
    return "; ".join(
        (
            "default-src 'self'",
            f"img-src {media} data:",
            f"media-src {media}",
            "style-src 'self'",
            "script-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        )
    )


def security_headers(media_origin=None):
    """The headers every answer carries, by name (a view that sets one of its own keeps it)."""
    return {
        "Content-Security-Policy": content_security_policy(media_origin),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "X-Frame-Options": "DENY",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    }


def cors_headers_of_a_simple_answer():
    """The CORS headers flask-cors (set up below) gives every answer under /api/, whether the
    request had an Origin or not: for the exams service's lean lookup path, which answers without
    Flask (services/exams/lean_lookup.py; its test compares the two paths header by header)."""
    return [
        ("Access-Control-Allow-Origin", "*"),
        ("Access-Control-Expose-Headers", ", ".join(sorted(CORS_EXPOSED))),
    ]


def media_origin_of(app):
    """MEDIA_ORIGIN (the presigned-media host): the gateway's setting, else the environment's, so
    that a service answering visitors directly states the same policy as the gateway."""
    return app.config.get("MEDIA_ORIGIN") or os.environ.get("MEDIA_ORIGIN") or None


def init_app(app):
    headers = security_headers(media_origin_of(app))

    @app.after_request
    def add_security_headers(response):
        for name, value in headers.items():
            response.headers.setdefault(name, value)
        return response

    CORS(
        app,
        resources={API_PATHS: {"origins": "*"}},
        methods=list(CORS_METHODS),
        supports_credentials=False,
        send_wildcard=True,
        expose_headers=list(CORS_EXPOSED),
        allow_headers=list(CORS_ALLOWED),
        max_age=CORS_MAX_AGE,
    )
