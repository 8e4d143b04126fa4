"""Browser-facing protection: security headers on every answer, and CORS for the public JSON
API (GET from any origin, never with credentials)."""

from flask_cors import CORS


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


def init_app(app):
    policy = content_security_policy(app.config.get("MEDIA_ORIGIN"))

    @app.after_request
    def security_headers(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy", policy)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response

    CORS(
        app,
        resources={r"/api/*": {"origins": "*"}},
        methods=["GET", "HEAD", "OPTIONS"],
        supports_credentials=False,
        send_wildcard=True,
        expose_headers=["X-Request-ID", "ETag", "Retry-After", "X-Partial-Content", "Content-Range"],
        allow_headers=["X-Request-ID", "If-None-Match", "Content-Type", "Authorization"],
        max_age=86400,
    )
