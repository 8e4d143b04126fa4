"""The articles service's OpenAPI 3 document, served at /api/v1/openapi.json."""

from portal_common.article_schemas import ARTICLE_WRITE, SEARCH_QUERY_MAX_CHARS, SITEMAP_MAX_PER_PAGE, STATUSES, TIME
from portal_common.content_version import OPENAPI_PATHS as CONTENT_VERSION_PATHS
from portal_common.openapi import document, error_response, page_schema
from portal_common.pagination import MAX_PAGE

SLUG = {"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}}
PAGE = {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1}}
PER_PAGE = {
    "name": "per_page",
    "in": "query",
    "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20},
}
SECURED = [{"adminToken": []}]

SUMMARY = {
    "type": "object",
    "required": ["slug", "title", "category", "published_at", "summary"],
    "properties": {
        "slug": {"type": "string"},
        "title": {"type": "string"},
        "category": {"type": "string"},
        "published_at": TIME,
        "summary": {"type": "string"},
        "cover": {"type": "string", "nullable": True},
    },
}
ARTICLE = {
    "allOf": [
        {"$ref": "#/components/schemas/ArticleSummary"},
        {
            "type": "object",
            "required": ["author", "body_html", "status", "created_at", "updated_at"],
            "properties": {
                "author": {"type": "string"},
                "body_html": {"type": "string"},
                "status": {"type": "string", "enum": list(STATUSES)},
                "created_at": TIME,
                "updated_at": TIME,
            },
        },
    ]
}
CATEGORY = {
    "type": "object",
    "required": ["slug", "name", "order"],
    "properties": {"slug": {"type": "string"}, "name": {"type": "string"}, "order": {"type": "integer"}},
}
SITEMAP_ENTRY = {
    "type": "object",
    "required": ["slug", "category", "published_at", "updated_at"],
    "properties": {
        "slug": {"type": "string"},
        "category": {"type": "string"},
        "published_at": TIME,
        "updated_at": TIME,
    },
}


def _json(ref_or_schema, description="OK"):
    schema = {"$ref": ref_or_schema} if isinstance(ref_or_schema, str) else ref_or_schema
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _writes_errors():
    return {
        "400": error_response("A field is missing or of the wrong type (error.field names it)"),
        "401": error_response("No admin token"),
        "403": error_response("Wrong admin token"),
        "422": error_response("A field's value is not acceptable (error.field names it)"),
    }


def spec():
    body = {
        "required": True,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ArticleInput"}}},
    }
    paths = {
        "/api/v1/categories": {
            "get": {
                "summary": "The news categories, in menu order",
                "responses": {
                    "200": _json(
                        {
                            "type": "object",
                            "required": ["items"],
                            "properties": {
                                "items": {"type": "array", "items": {"$ref": "#/components/schemas/Category"}}
                            },
                        }
                    )
                },
            }
        },
        "/api/v1/articles": {
            "get": {
                "summary": "Public articles, newest first; with q: search, best matches first",
                "parameters": [
                    {"name": "category", "in": "query", "schema": {"type": "string"}},
                    {
                        "name": "q",
                        "in": "query",
                        "schema": {"type": "string", "maxLength": SEARCH_QUERY_MAX_CHARS},
                        "description": "words, case and Vietnamese diacritics ignored, all must match",
                    },
                    PAGE,
                    PER_PAGE,
                ],
                "responses": {
                    "200": _json(page_schema("#/components/schemas/ArticleSummary")),
                    "400": error_response("Bad page, per_page or q"),
                    "404": error_response("Unknown category"),
                },
            },
            "post": {
                "summary": "Create an article",
                "security": SECURED,
                "requestBody": body,
                "responses": {
                    "201": _json("#/components/schemas/Article", "Created"),
                    **_writes_errors(),
                    "409": error_response("Slug taken"),
                },
            },
        },
        "/api/v1/articles/{slug}": {
            "parameters": [SLUG],
            "get": {
                "summary": "One public article with the first page of its related articles",
                "responses": {
                    "200": _json(
                        {
                            "allOf": [
                                {"$ref": "#/components/schemas/Article"},
                                {
                                    "type": "object",
                                    "required": ["related"],
                                    "properties": {"related": page_schema("#/components/schemas/ArticleSummary")},
                                },
                            ]
                        }
                    ),
                    "404": error_response("No such public article"),
                },
            },
            "patch": {
                "summary": "Change an article (publish: status=published); the slug stays unless given",
                "security": SECURED,
                "requestBody": body,
                "responses": {
                    "200": _json("#/components/schemas/Article"),
                    **_writes_errors(),
                    "404": error_response("No such article"),
                    "409": error_response("Slug taken"),
                },
            },
            "delete": {
                "summary": "Delete an article",
                "security": SECURED,
                "responses": {
                    "204": {"description": "Deleted"},
                    "401": error_response("No admin token"),
                    "403": error_response("Wrong admin token"),
                    "404": error_response("No such article"),
                },
            },
        },
        "/api/v1/articles/{slug}/related": {
            "parameters": [SLUG],
            "get": {
                "summary": "Older published articles of the same category, newest first",
                "parameters": [PAGE, PER_PAGE],
                "responses": {
                    "200": _json(page_schema("#/components/schemas/ArticleSummary")),
                    "400": error_response("Bad page or per_page"),
                    "404": error_response("No such public article"),
                },
            },
        },
        "/api/v1/sitemap": {
            "get": {
                "summary": "Every public article's slug and times, for the sitemap",
                "parameters": [
                    PAGE,
                    {
                        "name": "per_page",
                        "in": "query",
                        "schema": {
                            "type": "integer",
                            "minimum": 1,
                            "maximum": SITEMAP_MAX_PER_PAGE,
                            "default": SITEMAP_MAX_PER_PAGE,
                        },
                    },
                ],
                "responses": {
                    "200": _json(
                        {
                            **page_schema("#/components/schemas/SitemapEntry"),
                            "properties": {
                                **page_schema("#/components/schemas/SitemapEntry")["properties"],
                                "per_page": {"type": "integer", "minimum": 1, "maximum": SITEMAP_MAX_PER_PAGE},
                            },
                        }
                    ),
                    "400": error_response("Bad page or per_page"),
                },
            }
        },
        "/api/v1/openapi.json": {
            "get": {"summary": "This document", "responses": {"200": {"description": "OpenAPI 3"}}}
        },
        **CONTENT_VERSION_PATHS,
    }
    schemas = {
        "ArticleSummary": SUMMARY,
        "Article": ARTICLE,
        "ArticleInput": ARTICLE_WRITE,
        "Category": CATEGORY,
        "SitemapEntry": SITEMAP_ENTRY,
    }
    return document(
        "Articles service",
        "1.0.0",
        paths,
        schemas,
        "News articles of the portal: categories, lists, search, related news.",
    )
