"""This domain's part of the gateway's OpenAPI document (/api/v1/openapi.json): the exams routes
and shapes of the contract exactly as the exams service describes them (the gateway passes its
answers on unchanged), plus what only the gateway answers: a service that is down or too slow."""

from portal_common.exam_openapi import exam_paths
from portal_common.exam_schemas import SCHEMAS  # noqa: F401  (merged into the gateway's document)
from portal_common.openapi import error_response

BACKEND_FAILURES = {
    "503": error_response("The exams service is unavailable"),
    "504": error_response("The exams service did not answer in time"),
}

PATHS = exam_paths(
    BACKEND_FAILURES, import_note="The gateway streams the body through to the exams service as it arrives."
)
