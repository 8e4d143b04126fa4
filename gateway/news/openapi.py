"""This domain's part of the gateway's OpenAPI document (/api/v1/openapi.json): the contract's
article shapes, exactly (third parties rely on them)."""

from portal_common.article_schemas import ARTICLE_WRITE, SEARCH_QUERY_MAX_CHARS, STATUSES, TIME
from portal_common.openapi import error_response, page_schema
from portal_common.pagination import MAX_PAGE

SLUG = {"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}}
PAGE = {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1}}
PER_PAGE = {
    "name": "per_page",
    "in": "query",
    "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20},
}
SECURED = [{"adminToken": []}]
URL = {"type": "string", "format": "uri"}

SUMMARY_PROPERTIES = {
    "slug": {"type": "string", "example": "ke-hoach-truyen-thong-ve-giao-duc-va-dao-tao-nam-2019"},
    "title": {"type": "string"},
    "category": {"type": "string", "description": "the category's slug"},
    "published_at": TIME,
    "summary": {"type": "string"},
    "url": {**URL, "description": "the article's HTML page"},
}
DETAIL_PROPERTIES = {
    **SUMMARY_PROPERTIES,
    "author": {"type": "string", "description": "the signature, e.g. T.T.T"},
    "body_html": {"type": "string", "description": "sanitized HTML"},
    "print_url": {**URL, "description": "the print view"},
}


def _object(properties, extra_required=()):
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [*properties, *extra_required],
        "properties": properties,
    }


SCHEMAS = {
    "ArticleSummary": _object(SUMMARY_PROPERTIES),
    "ArticleDetail": _object(
        {
            **DETAIL_PROPERTIES,
            "related": {
                "type": "array",
                "items": {"$ref": "#/components/schemas/ArticleSummary"},
                "description": "the first page of older articles of the same category",
            },
        }
    ),
    "ArticleWritten": _object(
        {
            **DETAIL_PROPERTIES,
            "status": {"type": "string", "enum": list(STATUSES)},
            "cover": {"type": "string", "nullable": True},
            "created_at": TIME,
            "updated_at": TIME,
        }
    ),
    "ArticleInput": ARTICLE_WRITE,
    "NewsCategory": _object({"slug": {"type": "string"}, "name": {"type": "string"}}),
}

_WRITE_ERRORS = {
    "400": error_response("A field is missing or of the wrong type; error.field names it"),
    "401": error_response("No admin token"),
    "403": error_response("Wrong admin token"),
    "422": error_response("A field's value is not acceptable; error.field names it"),
    "503": error_response("The articles service is unavailable"),
}
_READ_DOWN = {
    "503": error_response("The articles service is unavailable"),
    "504": error_response("The articles service did not answer in time"),
}


def _json(schema, description="OK"):
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


_BODY = {"required": True, "content": {"application/json": {"schema": _ref("ArticleInput")}}}

PATHS = {
    "/api/v1/categories": {
        "get": {
            "summary": "News categories, in menu order",
            "tags": ["news"],
            "responses": {
                "200": _json(
                    {
                        "type": "object",
                        "required": ["items"],
                        "properties": {"items": {"type": "array", "items": _ref("NewsCategory")}},
                    }
                ),
                **_READ_DOWN,
            },
        }
    },
    "/api/v1/articles": {
        "get": {
            "summary": (
                "Published articles, newest first; with q: search "
                "(case and Vietnamese diacritics ignored, all words must match, title matches first)"
            ),
            "tags": ["news"],
            "parameters": [
                {"name": "category", "in": "query", "schema": {"type": "string"}},
                {
                    "name": "q",
                    "in": "query",
                    "schema": {"type": "string", "maxLength": SEARCH_QUERY_MAX_CHARS},
                    "example": "giao duc",
                },
                PAGE,
                PER_PAGE,
            ],
            "responses": {
                "200": _json(page_schema("#/components/schemas/ArticleSummary")),
                "400": error_response("Bad page, per_page (above 100) or q"),
                "404": error_response("Unknown category"),
                "429": error_response("Too many searches; see Retry-After"),
                **_READ_DOWN,
            },
        },
        "post": {
            "summary": "Create an article",
            "tags": ["news"],
            "security": SECURED,
            "requestBody": _BODY,
            "responses": {
                "201": _json(_ref("ArticleWritten"), "Created"),
                **_WRITE_ERRORS,
                "409": error_response("The slug is taken"),
            },
        },
    },
    "/api/v1/articles/{slug}": {
        "parameters": [SLUG],
        "get": {
            "summary": "One published article with its related articles",
            "tags": ["news"],
            "responses": {
                "200": _json(_ref("ArticleDetail")),
                "404": error_response("No such published article"),
                **_READ_DOWN,
            },
        },
        "patch": {
            "summary": (
                'Change an article; publish with {"status": "published"}. The slug stays when the title changes.'
            ),
            "tags": ["news"],
            "security": SECURED,
            "requestBody": _BODY,
            "responses": {
                "200": _json(_ref("ArticleWritten")),
                **_WRITE_ERRORS,
                "404": error_response("No such article"),
                "409": error_response("The slug is taken"),
            },
        },
        "delete": {
            "summary": "Delete an article",
            "tags": ["news"],
            "security": SECURED,
            "responses": {
                "204": {"description": "Deleted"},
                "401": _WRITE_ERRORS["401"],
                "403": _WRITE_ERRORS["403"],
                "404": error_response("No such article"),
                "503": _WRITE_ERRORS["503"],
            },
        },
    },
    "/api/v1/articles/{slug}/related": {
        "parameters": [SLUG],
        "get": {
            "summary": "Older published articles of the same category, newest first",
            "tags": ["news"],
            "parameters": [PAGE, PER_PAGE],
            "responses": {
                "200": _json(page_schema("#/components/schemas/ArticleSummary")),
                "400": error_response("Bad page or per_page"),
                "404": error_response("No such published article"),
                **_READ_DOWN,
            },
        },
    },
}
