"""The per-client limit on lookups, so results stay public but not enumerable.

The lookup route declares it (`route_policy(limit="lookup")`); its allowance is
EXAMS_LOOKUP_RATE_LIMIT. The client is the address the gateway saw, taken from X-Forwarded-For,
trusting EXAMS_TRUSTED_PROXIES hops (1 = the gateway; add one per load balancer in front of it).
Counters live in RATELIMIT_STORAGE_URI: memory:// per worker by default, redis://… in production
(compose) so that every worker and replica counts together. The machinery is
portal_common.ratelimit."""

from portal_common import ratelimit


def init_app(app):
    limits = ratelimit.init_app(app, app.config["RATELIMIT_STORAGE_URI"], "exams", app.config["EXAMS_TRUSTED_PROXIES"])
    limits.attach_declared(app, lambda scope: app.config["EXAMS_LOOKUP_RATE_LIMIT"])
    return limits
