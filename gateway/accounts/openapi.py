"""This domain's part of the gateway's OpenAPI document (/api/v1/openapi.json): the accounts
routes of the contract as the accounts service describes them (the gateway passes its answers
on), less POST /api/v1/audit (never offered here), plus what only the gateway answers: a service
that is down or too slow, and its own limit on sign-ins."""

from portal_common.accounts_openapi import SCHEMAS, account_paths  # noqa: F401  (SCHEMAS: merged into the document)
from portal_common.openapi import error_response

BACKEND_FAILURES = {
    "503": error_response("The accounts service is unavailable"),
    "504": error_response("The accounts service did not answer in time"),
}

PATHS = account_paths(BACKEND_FAILURES, internal=False)
PATHS["/api/v1/auth/token"]["post"]["responses"]["429"] = error_response(
    "Too many sign-ins from this address (the gateway's RATE_LIMIT_SIGN_IN), or too many failed ones "
    "(the accounts service's throttling); Retry-After says when to try again"
)
