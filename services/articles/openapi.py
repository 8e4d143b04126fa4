"""The articles service's OpenAPI 3 document, served at /api/v1/openapi.json."""

from portal_common.article_schemas import ARTICLE_WRITE, SEARCH_QUERY_MAX_CHARS, SITEMAP_MAX_PER_PAGE, TIME
from portal_common.content_version import OPENAPI_PATHS as CONTENT_VERSION_PATHS
from portal_common.openapi import STAFF_OR_MACHINE, auth_errors, document, error_response, page_schema
from portal_common.pagination import MAX_PAGE
from portal_common.sections_openapi import SCHEMAS as SECTION_SCHEMAS
from portal_common.sections_openapi import section_paths

from .api import MAX_REVISION_ID
from .store import STAFF_VIEWS
from .validation import COMMENT_MAX_CHARS
from .workflow import STATUSES, WRITERS

SLUG = {"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}}
REVISION_ID = {
    "name": "revision_id",
    "in": "path",
    "required": True,
    "schema": {"type": "integer", "minimum": 0, "maximum": MAX_REVISION_ID},
}
IF_MATCH = {
    "name": "If-Match",
    "in": "header",
    "schema": {"type": "string"},
    "description": (
        'The version the save was made on, as the article\'s ETag gave it ("7"; W/"7" too). An older one: '
        "412. Required of staff tokens on PATCH and restore (428 without), optional for the machine token "
        "and for the other steps."
    ),
}
ETAG = {"ETag": {"description": 'The article\'s version, e.g. "7"', "schema": {"type": "string"}, "required": True}}
PAGE = {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1}}
PER_PAGE = {
    "name": "per_page",
    "in": "query",
    "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20},
}
# The machine token (ADMIN_TOKEN) or a staff token; the roles each route allows are in its summary.
SECURED = STAFF_OR_MACHINE

# The write's body: the contract's, with the workflow's three statuses.
ARTICLE_INPUT = {
    **ARTICLE_WRITE,
    "properties": {
        **ARTICLE_WRITE["properties"],
        "status": {
            "type": "string",
            "enum": list(STATUSES),
            "description": "published needs the approver role (403 otherwise)",
        },
    },
}
REVIEW = {
    "type": "object",
    "nullable": True,
    "required": ["by", "at", "comment"],
    "properties": {"by": {"type": "string"}, "at": TIME, "comment": {"type": "string"}},
    "description": "the approver's last return, for the author",
}
PENDING_REVISION = {
    "type": "object",
    "nullable": True,
    "required": ["id", "at", "user"],
    "properties": {"id": {"type": "integer"}, "at": TIME, "user": {"type": "string", "nullable": True}},
    "description": "an edit of this published article awaiting approval (GET …/revisions/{id} has its fields)",
}
REVISION_ITEM = {
    "type": "object",
    "required": ["id", "at", "user", "title"],
    "properties": {
        "id": {"type": "integer", "description": "the article's version this save made"},
        "at": TIME,
        "user": {"type": "string", "nullable": True},
        "title": {"type": "string"},
    },
}
REVISION = {
    "type": "object",
    "required": [
        "id",
        "at",
        "user",
        "display_name",
        "action",
        "comment",
        "restored_from",
        "title",
        "category",
        "summary",
        "body_html",
        "author",
        "cover",
        "slug",
        "status",
        "published_at",
    ],
    "properties": {
        **REVISION_ITEM["properties"],
        "display_name": {"type": "string", "nullable": True},
        "action": {
            "type": "string",
            "enum": [
                "create",
                "update",
                "propose",
                "submit",
                "publish",
                "reject",
                "unpublish",
                "restore",
                "baseline",
                "autosave",
            ],
        },
        "comment": {"type": "string", "nullable": True, "description": "a return's comment"},
        "restored_from": {"type": "integer", "nullable": True},
        "category": {"type": "string"},
        "summary": {"type": "string"},
        "body_html": {"type": "string"},
        "author": {"type": "string"},
        "cover": {"type": "string", "nullable": True},
        "slug": {"type": "string"},
        "status": {"type": "string", "enum": list(STATUSES)},
        "published_at": TIME,
    },
}

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
            "required": ["author", "body_html", "status", "created_at", "updated_at", "version"],
            "properties": {
                "author": {"type": "string"},
                "body_html": {"type": "string"},
                "status": {"type": "string", "enum": list(STATUSES)},
                "created_at": TIME,
                "updated_at": TIME,
                "version": {"type": "integer", "minimum": 1, "description": "also the ETag"},
                "owner": {
                    "type": "string",
                    "nullable": True,
                    "description": "staff only: the account that created it (ADMIN_TOKEN: the machine token)",
                },
                "review": {"$ref": "#/components/schemas/Review"},
                "pending_revision": {"$ref": "#/components/schemas/PendingRevision"},
            },
        },
    ]
}
# An article in the desk's lists: the staff's answer without its body.
STAFF_ARTICLE = {
    "allOf": [
        {"$ref": "#/components/schemas/ArticleSummary"},
        {
            "type": "object",
            "required": ["author", "status", "created_at", "updated_at", "version", "owner", "review"],
            "properties": {
                name: schema for name, schema in ARTICLE["allOf"][1]["properties"].items() if name != "body_html"
            },
        },
    ]
}
AUTOSAVE = {
    "name": "autosave",
    "in": "query",
    "schema": {"type": "string", "enum": ["0", "1"]},
    "description": (
        "1: the desk's periodic save of a draft, kept as an `autosave` revision that replaces the same "
        "member's previous autosave of the last 10 minutes (409 when the article is not a draft)"
    ),
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


def _json(ref_or_schema, description="OK", headers=None):
    schema = {"$ref": ref_or_schema} if isinstance(ref_or_schema, str) else ref_or_schema
    answer = {"description": description, "content": {"application/json": {"schema": schema}}}
    if headers:
        answer["headers"] = headers
    return answer


def _article(description="OK"):
    return _json("#/components/schemas/Article", description, ETAG)


def _guarded(roles=WRITERS):
    return auth_errors(list(roles))


def _writes_errors():
    return {
        "400": error_response("A field is missing or of the wrong type (error.field names it)"),
        **_guarded(),
        "422": error_response("A field's value is not acceptable (error.field names it)"),
        "413": error_response("The body is larger than ARTICLES_MAX_REQUEST_BYTES"),
    }


def _saved_on_a_version():
    return {
        "400": error_response("A malformed If-Match"),
        "412": error_response(
            "Saved on an older version: error.your_version, error.current_version, error.saved_by, error.saved_at"
        ),
    }


def _step(summary, roles, body=None, extra=None):
    """A workflow step: POST, answers the article."""
    operation = {
        "summary": f"{summary} ({', '.join(roles)})",
        "security": SECURED,
        "parameters": [IF_MATCH],
        "responses": {
            "200": _article(),
            **_guarded(roles),
            **_saved_on_a_version(),
            "404": error_response("No such article"),
            "409": error_response("The article is not in a state this step applies to"),
            "413": error_response("The body is larger than ARTICLES_MAX_REQUEST_BYTES"),
            **(extra or {}),
        },
    }
    if body is not None:
        operation["requestBody"] = body
    return {"parameters": [SLUG], "post": operation}


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
                "summary": (
                    "Create an article (contributor, editor, approver). Without status: published when the "
                    "caller may publish (approver, admin, machine token), else a draft"
                ),
                "security": SECURED,
                "requestBody": body,
                "responses": {
                    "201": _json("#/components/schemas/Article", "Created", ETAG),
                    **_writes_errors(),
                    "409": error_response("Slug taken"),
                },
            },
        },
        "/api/v1/articles/{slug}": {
            "parameters": [SLUG],
            "get": {
                "summary": (
                    "One public article with the first page of its related articles; drafts, pending and "
                    "scheduled ones for the staff who may see them"
                ),
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
                        },
                        headers=ETAG,
                    ),
                    "404": error_response("No such public article"),
                    "503": error_response("The accounts service could not check a staff token"),
                },
            },
            "patch": {
                "summary": (
                    "Change an article (its owner, an editor, an approver); the slug stays unless given. "
                    "status=published, unpublishing and a published article's new published_at need the "
                    "approver role. A published article changed by someone without it: the change is kept as "
                    "its pending revision, readers keep the published version"
                ),
                "security": SECURED,
                "parameters": [IF_MATCH, AUTOSAVE],
                "requestBody": body,
                "responses": {
                    "200": _article(),
                    **_writes_errors(),
                    **_saved_on_a_version(),
                    "404": error_response("No such article"),
                    "409": error_response("Slug taken"),
                    "428": error_response("A staff token's save without If-Match"),
                },
            },
            "delete": {
                "summary": (
                    "Delete an article and its revisions: a draft by its owner, an editor or an approver; a "
                    "pending one by an editor or an approver; a published one by an approver"
                ),
                "security": SECURED,
                "parameters": [IF_MATCH],
                "responses": {
                    "204": {"description": "Deleted"},
                    **_guarded(),
                    **_saved_on_a_version(),
                    "404": error_response("No such article"),
                },
            },
        },
        "/api/v1/articles/{slug}/submit": _step("Draft → pending (chờ duyệt)", ["its owner", "editor"]),
        "/api/v1/articles/{slug}/approve": _step(
            "Draft or pending → published, at published_at (else as planned when ahead, else now); a pending "
            "revision → in place; a published article without one: rescheduled to published_at",
            ["approver"],
            {
                "required": False,
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "additionalProperties": False,
                            "properties": {"published_at": TIME},
                        }
                    }
                },
            },
            {"422": error_response("published_at is not an acceptable time")},
        ),
        "/api/v1/articles/{slug}/reject": _step(
            "Pending → draft, or a pending revision dropped; the comment goes on the article as review",
            ["approver"],
            {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "additionalProperties": False,
                            "required": ["comment"],
                            "properties": {"comment": {"type": "string", "maxLength": COMMENT_MAX_CHARS}},
                        }
                    }
                },
            },
            {"422": error_response("An empty or too long comment")},
        ),
        "/api/v1/articles/{slug}/unpublish": _step(
            "Published (or scheduled) → draft; a pending revision becomes the draft's content", ["approver"]
        ),
        "/api/v1/articles/{slug}/revisions": {
            "parameters": [SLUG],
            "get": {
                "summary": "The article's revisions, newest first (its owner, editors, approvers)",
                "security": SECURED,
                "parameters": [PAGE, PER_PAGE],
                "responses": {
                    "200": _json(page_schema("#/components/schemas/RevisionItem")),
                    "400": error_response("Bad page or per_page"),
                    **_guarded(),
                    "404": error_response("No such article"),
                },
            },
        },
        "/api/v1/articles/{slug}/revisions/{revision_id}": {
            "parameters": [SLUG, REVISION_ID],
            "get": {
                "summary": "One revision: who, when, what, and the article's fields as it left them",
                "security": SECURED,
                "responses": {
                    "200": _json("#/components/schemas/Revision"),
                    **_guarded(),
                    "404": error_response("No such article or revision"),
                },
            },
        },
        "/api/v1/articles/{slug}/revisions/{revision_id}/restore": {
            "parameters": [SLUG, REVISION_ID],
            "post": {
                "summary": (
                    "A new revision with that revision's content (title, category, summary, body, author, "
                    "cover); status, slug and publication time stay. Same rights as PATCH"
                ),
                "security": SECURED,
                "parameters": [IF_MATCH],
                "responses": {
                    "200": _article(),
                    **_guarded(),
                    **_saved_on_a_version(),
                    "404": error_response("No such article or revision"),
                    "409": error_response("The revision's address is taken"),
                    "422": error_response("The revision's category no longer exists"),
                    "428": error_response("A staff token's restore without If-Match"),
                },
            },
        },
        "/api/v1/staff/articles": {
            "get": {
                "summary": (
                    "The desk's lists (its owner's, editors', approvers'; a contributor gets only its own "
                    "articles, whatever owner says): view=draft (never returned), returned (a draft with the "
                    "approver's comment), pending (awaiting approval, also published articles with a pending "
                    "edit), scheduled (soonest first), published (public, newest first), all; newest change first"
                ),
                "security": SECURED,
                "parameters": [
                    {"name": "view", "in": "query", "schema": {"type": "string", "enum": list(STAFF_VIEWS)}},
                    {"name": "owner", "in": "query", "schema": {"type": "string"}},
                    PAGE,
                    PER_PAGE,
                ],
                "responses": {
                    "200": _json(page_schema("#/components/schemas/StaffArticle")),
                    "400": error_response("Bad view, page or per_page"),
                    **_guarded(),
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
        "ArticleInput": ARTICLE_INPUT,
        "Review": REVIEW,
        "PendingRevision": PENDING_REVISION,
        "RevisionItem": REVISION_ITEM,
        "Revision": REVISION,
        "Category": CATEGORY,
        "SitemapEntry": SITEMAP_ENTRY,
        "StaffArticle": STAFF_ARTICLE,
    }
    # The site settings, static pages and Hỏi đáp (services/articles/sections.py).
    paths.update(section_paths())
    schemas.update(SECTION_SCHEMAS)
    return document(
        "Articles service",
        "1.0.0",
        paths,
        schemas,
        "News articles of the portal: categories, lists, search, related news; the staff's writes, the "
        "approval workflow and revisions. Writes: the machine token (ADMIN_TOKEN) or a staff token.",
    )
