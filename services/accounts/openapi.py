"""The accounts service's OpenAPI 3 document, served at /api/v1/openapi.json: sign-in, the
revocation check, the users API and the audit log (their shapes: portal_common.accounts_openapi,
which the gateway's document shares)."""

from portal_common.accounts_openapi import SCHEMAS, account_paths
from portal_common.content_version import OPENAPI_PATHS as CONTENT_VERSION_PATHS
from portal_common.openapi import document


def spec():
    paths = {
        **account_paths(),
        "/api/v1/openapi.json": {
            "get": {"summary": "This document", "responses": {"200": {"description": "OpenAPI 3"}}}
        },
        **CONTENT_VERSION_PATHS,
    }
    doc = document(
        "Accounts service",
        "1.0.0",
        paths,
        SCHEMAS,
        "Tài khoản cán bộ, đăng nhập, vai trò và nhật ký thao tác.",
    )
    return doc
