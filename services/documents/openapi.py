"""The documents service's OpenAPI document (/api/v1/openapi.json): the routes and fields the
gateway's document states alike (portal_common.document_openapi), with this service's own file
records (their path here, number, checksum)."""

from portal_common.content_version import OPENAPI_PATHS as CONTENT_VERSION_PATHS
from portal_common.document_openapi import paths, schemas
from portal_common.openapi import document, page_schema

FILE = {
    "type": "object",
    "required": ["n", "name", "url", "size", "content_type", "checksum", "has_text"],
    "properties": {
        "n": {"type": "integer", "minimum": 1},
        "name": {"type": "string"},
        "url": {"type": "string", "description": "This service's path to the bytes: /files/<id>/<n>"},
        "size": {"type": "integer", "minimum": 1},
        "content_type": {"type": "string"},
        "checksum": {"type": "string", "description": "sha256 of the bytes, hex; the ETag"},
        "has_text": {"type": "boolean", "description": "A PDF whose text was read for search"},
    },
}
EXTRA = {
    "created_at": {"type": "string", "format": "date-time"},
    "updated_at": {"type": "string", "format": "date-time"},
}


def spec():
    return document(
        "Dịch vụ văn bản",
        "1.0.0",
        {
            **paths("#/components/schemas/DocumentDetail", "#/components/schemas/DocumentPage"),
            **CONTENT_VERSION_PATHS,
            "/api/v1/openapi.json": {
                "get": {"summary": "This document", "responses": {"200": {"description": "OpenAPI 3"}}}
            },
        },
        {
            **schemas(FILE, EXTRA, ("created_at", "updated_at")),
            "DocumentPage": page_schema("#/components/schemas/Document"),
        },
        "Văn bản: số ký hiệu, ngày ban hành, hiệu lực, trích yếu và tệp đính kèm. Tệp: GET /files/<id>/<n> "
        "(Range, ETag, Content-Disposition).",
    )
