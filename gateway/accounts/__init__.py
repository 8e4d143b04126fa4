"""Staff accounts in the gateway: /api/v1 sign-in, one's own password, the users API, the audit
log and the roles, passed on to the accounts service (no pages yet: the desk is its own work)."""

from flask import Blueprint

from portal_common.route_policy import blueprint_policy

# Tokens, accounts and the audit log: no cache may keep them (a route that may be kept says so).
api = blueprint_policy(Blueprint("accounts_api", __name__, url_prefix="/api/v1"), cache="no-store")

from . import json_api  # noqa: E402,F401  (routes register on the blueprint above)
