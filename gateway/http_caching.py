"""Cache-Control and ETag on every public GET answer, and 304 for a matching If-None-Match.

How long an answer may be kept is declared on its route (portal_common.route_policy): published
exam results and statistics do not change once published (long), media bytes never change under
their URL (the media service says immutable), article lists and pages change when editors
publish (seconds to a minute), a degraded page only very briefly (compose.py). A route that
declares nothing gets DEFAULT; a view that sets its own Cache-Control keeps it."""

from flask import current_app, request

from portal_common.conditional import make_validatable
from portal_common.route_policy import policy_for

DEFAULT = "public, max-age=30"
# Only answers that are the content itself may be kept; an error is no-store unless its view says
# otherwise (a not-yet-published result says until when).
KEPT_STATUSES = (200, 203)


def init_app(app):
    @app.after_request
    def cache_headers(response):
        if request.method not in ("GET", "HEAD") or response.status_code not in KEPT_STATUSES:
            response.headers.setdefault("Cache-Control", "no-store")
            return response
        if "Cache-Control" not in response.headers:
            response.headers["Cache-Control"] = policy_for(current_app, request.endpoint).cache or DEFAULT
        if response.is_streamed or response.direct_passthrough:
            return response  # proxied media carries the media service's own ETag and 304s
        response.vary.add("Accept-Encoding")
        return make_validatable(response)
