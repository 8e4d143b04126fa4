"""This domain's part of the gateway's OpenAPI document: the contract's "Văn bản" routes and
shapes (third parties rely on them). The routes, their parameters and errors are stated as the
documents service states them (portal_common.document_openapi); the gateway's answers carry the
public URLs: each document's page and each file through the gateway (/van-ban/<id>/tep/<n>:
Range, ETag/304, Content-Disposition), and it adds its answers for a service down or too slow."""

from portal_common.document_openapi import paths, schemas
from portal_common.openapi import error_response, page_schema

URL = {"type": "string", "format": "uri"}
FILE = {
    "type": "object",
    "additionalProperties": False,
    "required": ["name", "url", "size", "content_type"],
    "properties": {
        "name": {"type": "string", "description": "The file's name as uploaded (Vietnamese kept)"},
        "url": {**URL, "description": "The bytes, through the gateway"},
        "size": {"type": "integer", "minimum": 1},
        "content_type": {"type": "string"},
    },
}
LINK = {"url": {**URL, "description": "The document's page"}}
UNAVAILABLE = {
    "503": error_response("The documents service is down, or busy (Retry-After)"),
    "504": error_response("The documents service did not answer in time"),
}

SCHEMAS = {
    **schemas(FILE, LINK, ("url",)),
    "DocumentPage": page_schema("#/components/schemas/Document"),
}
SCHEMAS["DocumentLink"] = {
    **SCHEMAS["DocumentLink"],
    "required": [*SCHEMAS["DocumentLink"]["required"], "url"],
    "properties": {**SCHEMAS["DocumentLink"]["properties"], **LINK},
}


def _with_unavailable(all_paths):
    for item in all_paths.values():
        for method, operation in item.items():
            if method != "parameters":
                operation["responses"] = {**operation["responses"], **UNAVAILABLE}
    return all_paths


PATHS = _with_unavailable(
    paths(
        "#/components/schemas/DocumentDetail",
        "#/components/schemas/DocumentPage",
        page_default=1,
        per_page_default=20,
    )
)
