"""This domain's part of the gateway's OpenAPI document (/api/v1/openapi.json): the contract's
article shapes, exactly (third parties rely on them), and the staff's workflow and revisions."""

from portal_common.article_schemas import ARTICLE_WRITE, SEARCH_QUERY_MAX_CHARS, STATUSES, TIME
from portal_common.openapi import STAFF_OR_MACHINE, auth_errors, error_response, page_schema
from portal_common.pagination import MAX_PAGE

COMMENT_MAX_CHARS = 2000
SLUG = {"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}}
REVISION_ID = {"name": "revision_id", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 0}}
IF_MATCH = {
    "name": "If-Match",
    "in": "header",
    "schema": {"type": "string"},
    "description": (
        'The version the save was made on, as the article\'s ETag gave it ("7"). An older one: 412, naming '
        "both versions and who saved the newer. Required of staff tokens on PATCH and restore (428 without)."
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
# What staff see besides: the editorial fields of an article.
EDITORIAL_PROPERTIES = {
    "status": {"type": "string", "enum": list(STATUSES)},
    "cover": {"type": "string", "nullable": True},
    "created_at": TIME,
    "updated_at": TIME,
    "version": {"type": "integer", "minimum": 1, "description": "also the answer's ETag"},
    "owner": {
        "type": "string",
        "nullable": True,
        "description": "the account that created it (ADMIN_TOKEN: the machine token); author is the byline",
    },
    "review": {
        "type": "object",
        "nullable": True,
        "additionalProperties": False,
        "required": ["by", "at", "comment"],
        "properties": {"by": {"type": "string"}, "at": TIME, "comment": {"type": "string"}},
        "description": "the approver's last return, for the author",
    },
    "pending_revision": {
        "type": "object",
        "nullable": True,
        "additionalProperties": False,
        "required": ["id", "at", "user"],
        "properties": {"id": {"type": "integer"}, "at": TIME, "user": {"type": "string", "nullable": True}},
        "description": "an edit of this published article awaiting approval; readers see the published version",
    },
}
REVISION_ITEM_PROPERTIES = {
    "id": {"type": "integer", "description": "the article's version this save made"},
    "at": TIME,
    "user": {"type": "string", "nullable": True},
    "title": {"type": "string"},
}
REVISION_PROPERTIES = {
    **REVISION_ITEM_PROPERTIES,
    "display_name": {"type": "string", "nullable": True},
    "action": {
        "type": "string",
        "enum": ["create", "update", "propose", "submit", "publish", "reject", "unpublish", "restore", "baseline"],
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
}


def _object(properties, extra_required=()):
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [*properties, *extra_required],
        "properties": properties,
    }


_DETAIL = {
    **DETAIL_PROPERTIES,
    "related": {
        "type": "array",
        "items": {"$ref": "#/components/schemas/ArticleSummary"},
        "description": "the first page of older articles of the same category",
    },
}

SCHEMAS = {
    "ArticleSummary": _object(SUMMARY_PROPERTIES),
    "ArticleDetail": {
        **_object(_DETAIL),
        # The editorial fields only for staff tokens (the contract's public detail is the rest).
        "properties": {**_DETAIL, **EDITORIAL_PROPERTIES},
    },
    "ArticleWritten": _object({**DETAIL_PROPERTIES, **EDITORIAL_PROPERTIES}),
    "ArticleInput": {
        **ARTICLE_WRITE,
        "properties": {
            **ARTICLE_WRITE["properties"],
            "status": {
                "type": "string",
                "enum": list(STATUSES),
                "description": "published needs the approver role (403 otherwise)",
            },
        },
    },
    "NewsCategory": _object({"slug": {"type": "string"}, "name": {"type": "string"}}),
    "ArticleRevisionItem": _object(REVISION_ITEM_PROPERTIES),
    "ArticleRevision": _object(REVISION_PROPERTIES),
}

_GUARDED = auth_errors(["contributor", "editor", "approver"])
_WRITE_ERRORS = {
    "400": error_response("A field is missing or of the wrong type; error.field names it"),
    **_GUARDED,
    "422": error_response("A field's value is not acceptable; error.field names it"),
    "413": error_response("The body is too large"),
}
_ON_A_VERSION = {
    "412": error_response(
        "Saved on an older version: error.your_version, error.current_version, error.saved_by, error.saved_at"
    ),
}
_READ_DOWN = {
    "503": error_response("The articles service is unavailable"),
    "504": error_response("The articles service did not answer in time"),
}


def _json(schema, description="OK", headers=None):
    answer = {"description": description, "content": {"application/json": {"schema": schema}}}
    if headers:
        answer["headers"] = headers
    return answer


def _ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def _written(description="OK"):
    return _json(_ref("ArticleWritten"), description, ETAG)


def _step(summary, roles, body=None, extra=None):
    """A workflow step: POST, answers the article."""
    operation = {
        "summary": summary,
        "tags": ["news"],
        "security": SECURED,
        "parameters": [IF_MATCH],
        "responses": {
            "200": _written(),
            **auth_errors(roles),
            "400": error_response("A malformed body or If-Match"),
            **_ON_A_VERSION,
            "404": error_response("No such article"),
            "409": error_response("The article is not in a state this step applies to"),
            "413": error_response("The body is too large"),
            **(extra or {}),
        },
    }
    if body is not None:
        operation["requestBody"] = body
    return {"parameters": [SLUG], "post": operation}


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
            "summary": (
                "Create an article (contributor, editor, approver; its owner is the caller). Without status: "
                "published when the caller may publish (approver, admin, machine token), else a draft"
            ),
            "tags": ["news"],
            "security": SECURED,
            "requestBody": _BODY,
            "responses": {
                "201": _written("Created"),
                **_WRITE_ERRORS,
                "409": error_response("The slug is taken"),
            },
        },
    },
    "/api/v1/articles/{slug}": {
        "parameters": [SLUG],
        "get": {
            "summary": (
                "One published article with its related articles. With a staff token: also drafts, pending "
                "and scheduled articles the token may see, with the editorial fields (Cache-Control: private)"
            ),
            "tags": ["news"],
            "responses": {
                "200": _json(_ref("ArticleDetail")),
                "404": error_response("No such published article"),
                **_READ_DOWN,
            },
        },
        "patch": {
            "summary": (
                "Change an article (its owner, an editor, an approver). The slug stays when the title changes. "
                'Publishing ({"status": "published"}), unpublishing and a published article\'s new published_at '
                "need the approver role; a published article changed by someone without it keeps the change as "
                "its pending revision, and readers keep the published version until it is approved"
            ),
            "tags": ["news"],
            "security": SECURED,
            "parameters": [IF_MATCH],
            "requestBody": _BODY,
            "responses": {
                "200": _written(),
                **_WRITE_ERRORS,
                **_ON_A_VERSION,
                "404": error_response("No such article"),
                "409": error_response("The slug is taken"),
                "428": error_response("A staff token's save without If-Match"),
            },
        },
        "delete": {
            "summary": (
                "Delete an article and its revisions: a draft by its owner, an editor or an approver; a pending "
                "one by an editor or an approver; a published one by an approver"
            ),
            "tags": ["news"],
            "security": SECURED,
            "parameters": [IF_MATCH],
            "responses": {
                "204": {"description": "Deleted"},
                **_GUARDED,
                "400": error_response("A malformed If-Match"),
                **_ON_A_VERSION,
                "404": error_response("No such article"),
            },
        },
    },
    "/api/v1/articles/{slug}/submit": _step(
        "Draft → pending, chờ duyệt (its owner, an editor)", ["its owner", "editor"]
    ),
    "/api/v1/articles/{slug}/approve": _step(
        "Publish (approver): draft or pending → published at published_at, else as planned when still ahead, "
        "else now; a pending revision → in place; a published article without one → rescheduled to published_at",
        ["approver"],
        {
            "required": False,
            "content": {
                "application/json": {
                    "schema": {"type": "object", "additionalProperties": False, "properties": {"published_at": TIME}}
                }
            },
        },
        {"422": error_response("published_at is not an acceptable time")},
    ),
    "/api/v1/articles/{slug}/reject": _step(
        "Return with a comment (approver): pending → draft, or a pending revision dropped; the article carries "
        "review {by, at, comment} for its author",
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
        "Unpublish (approver): published or scheduled → draft; a pending revision becomes the draft's content",
        ["approver"],
    ),
    "/api/v1/articles/{slug}/revisions": {
        "parameters": [SLUG],
        "get": {
            "summary": "The article's revisions, newest first (its owner, editors, approvers)",
            "tags": ["news"],
            "security": SECURED,
            "parameters": [PAGE, PER_PAGE],
            "responses": {
                "200": _json(page_schema("#/components/schemas/ArticleRevisionItem")),
                "400": error_response("Bad page or per_page"),
                **_GUARDED,
                "404": error_response("No such article"),
                **_READ_DOWN,
            },
        },
    },
    "/api/v1/articles/{slug}/revisions/{revision_id}": {
        "parameters": [SLUG, REVISION_ID],
        "get": {
            "summary": "One revision: who, when, what, and the article's fields as that save left them",
            "tags": ["news"],
            "security": SECURED,
            "responses": {
                "200": _json(_ref("ArticleRevision")),
                **_GUARDED,
                "404": error_response("No such article or revision"),
                **_READ_DOWN,
            },
        },
    },
    "/api/v1/articles/{slug}/revisions/{revision_id}/restore": {
        "parameters": [SLUG, REVISION_ID],
        "post": {
            "summary": (
                "A new revision with that revision's content (title, category, summary, body, author, cover); "
                "status, slug and publication time stay. The same rights as PATCH"
            ),
            "tags": ["news"],
            "security": SECURED,
            "parameters": [IF_MATCH],
            "responses": {
                "200": _written(),
                **_GUARDED,
                "400": error_response("A malformed If-Match"),
                **_ON_A_VERSION,
                "404": error_response("No such article or revision"),
                "409": error_response("The revision's address is taken"),
                "422": error_response("The revision's category no longer exists"),
                "428": error_response("A staff token's restore without If-Match"),
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
