"""This domain's part of the gateway's OpenAPI document (/api/v1/openapi.json)."""

PATHS = {}
SCHEMAS = {}
