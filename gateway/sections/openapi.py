"""This domain's part of the gateway's OpenAPI document (/api/v1/openapi.json): the site
settings, static pages and Hỏi đáp routes as the articles service describes them
(portal_common.sections_openapi; the gateway passes its answers on), plus what only the gateway
answers: a service that is down or too slow, and its limit on searches."""

from portal_common.openapi import error_response
from portal_common.sections_openapi import SCHEMAS, section_paths  # noqa: F401  (SCHEMAS: merged into the document)

BACKEND_FAILURES = {
    "503": error_response("The articles service is unavailable"),
    "504": error_response("The articles service did not answer in time"),
}

PATHS = section_paths(BACKEND_FAILURES)
PATHS["/api/v1/questions"]["get"]["responses"]["429"] = error_response(
    "Too many searches from this address (the gateway's RATE_LIMIT_SEARCH); Retry-After says when to try again"
)
