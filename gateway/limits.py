"""Per-client rate limits on the gateway's routes, as each route declares them
(`route_policy(limit="exam-lookup", limit_when=...)`): the scope names the allowance, read from
the setting RATE_LIMIT_<SCOPE> (e.g. RATE_LIMIT_EXAM_LOOKUP). The machinery (storage, 429 with
Retry-After, fail-open) is portal_common.ratelimit."""

from portal_common import ratelimit


def setting_of(scope):
    return "RATE_LIMIT_" + scope.upper().replace("-", "_")


def init_app(app):
    """Call after every blueprint is registered."""
    limits = ratelimit.init_app(app, app.config["RATELIMIT_STORAGE_URI"], "gateway", app.config["TRUSTED_PROXIES"])
    limits.attach_declared(app, lambda scope: app.config[setting_of(scope)])
    return limits
