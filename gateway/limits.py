"""Which gateway routes are rate limited per client: exam lookups and search.

Limits attach by URL rule after every blueprint is registered, so a domain that adds a lookup or
search route under these rules is covered without knowing about this module. The machinery
(storage, 429 with Retry-After, fail-open) is portal_common.ratelimit."""
import re

from flask import request

from portal_common import ratelimit

# (scope, setting name, URL rule pattern, applies to this request?)
RULES = (
    ("exam-lookup", "RATE_LIMIT_EXAM_LOOKUP", re.compile(r"^/api/v1/exams/<[^>]+>/results/<[^>]+>$"), ratelimit.always),
    ("exam-lookup", "RATE_LIMIT_EXAM_LOOKUP", re.compile(r"^/tra-cuu-diem-thi$"), lambda: bool(request.args.get("sbd"))),
    ("search", "RATE_LIMIT_SEARCH", re.compile(r"^/api/v1/articles$"), lambda: bool(request.args.get("q"))),
    ("search", "RATE_LIMIT_SEARCH", re.compile(r"^/tim-kiem$"), lambda: bool(request.args.get("q"))),
)


def init_app(app):
    """Call after every blueprint is registered."""
    limits = ratelimit.init_app(app, app.config["RATELIMIT_STORAGE_URI"], "gateway", app.config["TRUSTED_PROXIES"])
    for rule in app.url_map.iter_rules():
        for scope, setting, pattern, applies in RULES:
            if pattern.match(rule.rule) and "GET" in rule.methods:
                limits.attach(rule.rule, scope, app.config[setting], applies)
    app.extensions["rate_limited_routes"] = sorted(limits.by_rule)
    return limits
