"""The exams service's OpenAPI document: the exams routes as the contract describes them
(portal_common.exam_openapi, whose paths and shapes the gateway's document shares) and the
service's own routes."""

from portal_common.content_version import OPENAPI_PATHS as CONTENT_VERSION_PATHS
from portal_common.exam_openapi import exam_paths
from portal_common.exam_schemas import SCHEMAS
from portal_common.openapi import document


def spec():
    own = {
        "/api/v1/openapi.json": {
            "get": {"summary": "This document", "responses": {"200": {"description": "OpenAPI 3"}}}
        },
        **CONTENT_VERSION_PATHS,
    }
    return document(
        "Exams service", "1.0.0", {**exam_paths(), **own}, SCHEMAS, "Kết quả thi, tra cứu theo số báo danh, phổ điểm."
    )
