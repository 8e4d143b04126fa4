"""The OpenAPI paths and schemas of the site settings, the static pages and Hỏi đáp, stated once
for the articles service's document and the gateway's (which passes the same routes on, and adds
its answers for a service that is down or too slow: `section_paths(backend_failures)`). The
fields come from portal_common.sections_vocabulary, so the documents cannot drift from what the
service checks."""

import copy

from .openapi import STAFF_OR_MACHINE, auth_errors, error_response, page_schema
from .pagination import MAX_PAGE
from .sections_vocabulary import (
    ANSWER,
    FORM_TOKEN,
    HONEYPOT,
    MAX_RECORDS,
    PAGE_FIELDS,
    PAGE_NAMES,
    PAGE_STATUSES,
    QUESTION_FIELDS,
    QUESTION_SEARCH_MAX_CHARS,
    QUESTION_STATUSES,
    SITE_FIELDS,
)

STRING = {"type": "string"}
NULLABLE_STRING = {"type": "string", "nullable": True}
DATE = {"type": "string", "description": "a Vietnam date, YYYY-MM-DD"}
TIME = {"type": "string", "description": "ISO 8601 with offset, Vietnam time"}
WRITERS = ["contributor", "editor", "approver"]
MANAGERS = ["editor", "approver"]
KEY = {"name": "key", "in": "path", "required": True, "schema": {"type": "string", "enum": list(PAGE_FIELDS)}}
QUESTION_ID = {"name": "question_id", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 0}}
IF_MATCH = {
    "name": "If-Match",
    "in": "header",
    "schema": {"type": "string"},
    "description": 'The page\'s version the save was made on (its ETag, "3"); an older one: 412',
}
PAGING = [
    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1}},
    {"name": "per_page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}},
]


def _ref(name):
    return f"#/components/schemas/{name}"


def field_schema(spec, writing=False):
    if spec.kind == "records":
        return {
            "type": "array",
            "maxItems": MAX_RECORDS,
            "items": object_schema(spec.record, writing),
            "description": spec.label,
        }
    schema = {"type": "string", "description": spec.label}
    if writing:
        schema["maxLength"] = spec.max_chars
    return schema


def object_schema(fields, writing=False, required=None):
    schema = {
        "type": "object",
        "properties": {name: field_schema(spec, writing) for name, spec in fields.items()},
    }
    wanted = [name for name, spec in fields.items() if spec.required] if required is None else required
    if writing:
        schema["additionalProperties"] = False
        if wanted:
            schema["required"] = wanted
    else:
        schema["required"] = list(fields)
    return schema


def _json(ref_or_schema, description="OK"):
    schema = {"$ref": ref_or_schema} if isinstance(ref_or_schema, str) else ref_or_schema
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _body(ref_or_schema, content_type="application/json"):
    schema = {"$ref": ref_or_schema} if isinstance(ref_or_schema, str) else ref_or_schema
    return {"required": True, "content": {content_type: {"schema": schema}}}


def _page_schema_name(key):
    return "PageContent" + "".join(part.capitalize() for part in key.split("-"))


SCHEMAS = {
    "SiteSettings": {
        **object_schema(SITE_FIELDS),
        "required": [*SITE_FIELDS, "logo", "version", "updated_at"],
        "properties": {
            **object_schema(SITE_FIELDS)["properties"],
            "logo": {
                "type": "object",
                "nullable": True,
                "required": ["url", "width", "height"],
                "properties": {
                    "url": {"type": "string", "description": "the logo's path, with its version (?v=)"},
                    "width": {"type": "integer"},
                    "height": {"type": "integer"},
                },
            },
            "version": {"type": "integer", "minimum": 0},
            "updated_at": {**TIME, "nullable": True},
        },
    },
    "SiteSettingsInput": {**object_schema(SITE_FIELDS, writing=True, required=[]), "minProperties": 1},
    **{_page_schema_name(key): object_schema(fields) for key, fields in PAGE_FIELDS.items()},
    "SitePage": {
        "type": "object",
        "required": ["key", "title", "published_at"],
        "properties": {"key": {"type": "string", "enum": list(PAGE_FIELDS)}, "title": STRING, "published_at": TIME},
        "description": "the published page: its key, publication time and the fields of its PageContent…",
    },
    "SitePageEdit": {
        "type": "object",
        "required": ["key", "status", "published", "draft", "version", "updated_at", "updated_by"],
        "properties": {
            "key": STRING,
            "status": {"type": "string", "enum": list(PAGE_STATUSES)},
            "published": {"type": "object", "nullable": True},
            "draft": {"type": "object", "nullable": True},
            "version": {"type": "integer", "minimum": 0},
            "updated_at": {**TIME, "nullable": True},
            "updated_by": NULLABLE_STRING,
        },
    },
    "SitePageWrite": {
        "type": "object",
        "additionalProperties": False,
        "required": ["content"],
        "properties": {
            "status": {
                "type": "string",
                "enum": list(PAGE_STATUSES),
                "description": "draft (default) or published (editor, approver)",
            },
            "content": {
                "anyOf": [object_schema(fields, writing=True) for fields in PAGE_FIELDS.values()],
                "description": "the page's fields (one of the PageContent… shapes)",
            },
        },
    },
    "QuestionForm": {
        "type": "object",
        "required": ["form_token", "min_seconds", "max_seconds", "keep_days", "max_links", "purpose", "limits"],
        "properties": {
            "form_token": {**STRING, "description": "signed, carries only the time it was made"},
            "min_seconds": {"type": "integer"},
            "max_seconds": {"type": "integer"},
            "keep_days": {"type": "integer"},
            "max_links": {"type": "integer"},
            "purpose": {**STRING, "description": "what the asker's data is used for and how long it is kept"},
            "limits": {"type": "object", "additionalProperties": {"type": "integer"}},
        },
    },
    "QuestionAsk": {
        **object_schema(QUESTION_FIELDS, writing=True),
        "properties": {
            **object_schema(QUESTION_FIELDS, writing=True)["properties"],
            FORM_TOKEN: {**STRING, "description": "from GET /api/v1/questions/form"},
            HONEYPOT: {**STRING, "description": "left empty (a field people never see)"},
        },
        "required": [*QUESTION_FIELDS, FORM_TOKEN],
    },
    "QuestionAsked": {
        "type": "object",
        "required": ["id", "status", "asked_on", "message"],
        "properties": {
            "id": {"type": "integer"},
            "status": {"type": "string", "enum": ["pending"]},
            "asked_on": DATE,
            "message": STRING,
        },
    },
    "Question": {
        "type": "object",
        "required": ["id", "title", "question", "answer", "name", "asked_on", "answered_on"],
        "properties": {
            "id": {"type": "integer"},
            "title": STRING,
            "question": {**STRING, "description": "plain text, line breaks kept"},
            "answer": {**NULLABLE_STRING, "description": "sanitized HTML (null: not answered, staff only)"},
            "name": STRING,
            "asked_on": DATE,
            "answered_on": {**DATE, "nullable": True},
            "status": {"type": "string", "enum": list(QUESTION_STATUSES), "description": "staff only"},
            "email": {**NULLABLE_STRING, "description": "staff only; never in a public answer"},
            "answered_by": {**NULLABLE_STRING, "description": "staff only"},
        },
    },
    "QuestionAnswer": {
        "type": "object",
        "additionalProperties": False,
        "required": ["answer"],
        "properties": {
            "answer": {**STRING, "maxLength": ANSWER.max_chars, "description": "HTML, or plain text (paragraphs)"},
            "title": {**STRING, "maxLength": QUESTION_FIELDS["title"].max_chars, "description": "a correction"},
            "question": {**STRING, "maxLength": QUESTION_FIELDS["question"].max_chars, "description": "a correction"},
        },
    },
}


def _guarded(roles):
    return {**auth_errors(roles), "413": error_response("The body is too large")}


def section_paths(backend_failures=None):
    """The paths; `backend_failures` ({status: response}) is added to every operation's answers."""
    site_writes = {"400": error_response("Bad input (error.field names it)"), **_guarded(["admin"])}
    paths = {
        "/api/v1/site": {
            "get": {
                "summary": "The site settings: what every page's header and footer say of the department",
                "responses": {"200": _json(_ref("SiteSettings"))},
            },
            "patch": {
                "summary": "Change some of the site settings (admin)",
                "security": STAFF_OR_MACHINE,
                "requestBody": _body(_ref("SiteSettingsInput")),
                "responses": {
                    "200": _json(_ref("SiteSettings")),
                    **site_writes,
                    "422": error_response("A field's value is not acceptable (error.field names it)"),
                },
            },
        },
        "/api/v1/site/logo": {
            "get": {
                "summary": "The logo (a PNG), with ETag; 304 on a matching If-None-Match",
                "parameters": [{"name": "If-None-Match", "in": "header", "schema": {"type": "string"}}],
                "responses": {
                    "200": {
                        "description": "The logo",
                        "headers": {"ETag": {"schema": {"type": "string"}}},
                        "content": {"image/png": {"schema": {"type": "string", "format": "binary"}}},
                    },
                    "304": {"description": "Not modified"},
                    "404": error_response("No logo yet"),
                },
            },
            "put": {
                "summary": "A new logo (admin): PNG, JPEG, GIF or WebP, kept re-encoded as a PNG of at most 512 px",
                "security": STAFF_OR_MACHINE,
                "requestBody": _body(
                    {
                        "type": "object",
                        "required": ["file"],
                        "properties": {"file": {"type": "string", "format": "binary"}},
                    },
                    "multipart/form-data",
                ),
                "responses": {
                    "200": _json(_ref("SiteSettings")),
                    **site_writes,
                    "415": error_response("Not a PNG, JPEG, GIF or WebP image, judged from the bytes"),
                    "422": error_response("A damaged image, or too many pixels"),
                },
            },
            "delete": {
                "summary": "Remove the logo (admin)",
                "security": STAFF_OR_MACHINE,
                "responses": {
                    "204": {"description": "Removed"},
                    **_guarded(["admin"]),
                    "404": error_response("No logo"),
                },
            },
        },
        "/api/v1/pages/{key}": {
            "parameters": [KEY],
            "get": {
                "summary": "A published static page: "
                + ", ".join(f"{key} ({name})" for key, name in PAGE_NAMES.items()),
                "responses": {
                    "200": _json(_ref("SitePage")),
                    "404": error_response("No such page, or not published yet"),
                },
            },
            "put": {
                "summary": (
                    "Save a page (contributor, editor, approver): as a draft, or published (editor, approver), "
                    "which replaces what readers see and drops the draft"
                ),
                "security": STAFF_OR_MACHINE,
                "parameters": [IF_MATCH],
                "requestBody": _body(_ref("SitePageWrite")),
                "responses": {
                    "200": _json(_ref("SitePageEdit")),
                    "400": error_response("Bad input (error.field names it), or a malformed If-Match"),
                    **_guarded(WRITERS),
                    "404": error_response("No such page"),
                    "412": error_response("Saved on an older version (error.current_version)"),
                    "422": error_response("A field's value is not acceptable (error.field names it)"),
                },
            },
        },
        "/api/v1/pages/{key}/edit": {
            "parameters": [KEY],
            "get": {
                "summary": "A page as the desk edits it: its published content and its draft (writers)",
                "security": STAFF_OR_MACHINE,
                "responses": {
                    "200": _json(_ref("SitePageEdit")),
                    **auth_errors(WRITERS),
                    "404": error_response("No such page"),
                },
            },
        },
        "/api/v1/questions/form": {
            "get": {
                "summary": "The question form's token (signed, carrying only when it was made) and its rules",
                "responses": {"200": _json(_ref("QuestionForm"))},
            }
        },
        "/api/v1/questions": {
            "get": {
                "summary": (
                    "Answered questions, newest answer first (never the asker's email); q ignores case and "
                    "diacritics. status=pending (editor, approver): those waiting, oldest first"
                ),
                "parameters": [
                    {"name": "q", "in": "query", "schema": {"type": "string", "maxLength": QUESTION_SEARCH_MAX_CHARS}},
                    {"name": "status", "in": "query", "schema": {"type": "string", "enum": list(QUESTION_STATUSES)}},
                    *PAGING,
                ],
                "responses": {
                    "200": _json(page_schema(_ref("Question"))),
                    "400": error_response("Bad page, per_page, q or status"),
                    **auth_errors(MANAGERS),
                },
            },
            "post": {
                "summary": (
                    "Ask a question (the public form): kept as pending until answered. Refused, with nothing "
                    "kept, without a valid form token at least a few seconds old, with the honeypot filled, "
                    "with too many links, over the size caps, or past the address's limit"
                ),
                "security": [],
                "requestBody": _body(_ref("QuestionAsk")),
                "responses": {
                    "201": _json(_ref("QuestionAsked"), "Kept, pending"),
                    "400": error_response("A field missing or of the wrong type, or a forged form token"),
                    "413": error_response("The body is too large"),
                    "422": error_response("Refused: error.field names why (form_token, website, name, email, …)"),
                    "429": error_response("Too many questions from this address (Retry-After)"),
                },
            },
        },
        "/api/v1/questions/{question_id}": {
            "parameters": [QUESTION_ID],
            "get": {
                "summary": "An answered question (editors, approvers: any)",
                "responses": {"200": _json(_ref("Question")), "404": error_response("No such answered question")},
            },
            "delete": {
                "summary": "Delete a question (editor, approver)",
                "security": STAFF_OR_MACHINE,
                "responses": {
                    "204": {"description": "Deleted"},
                    **auth_errors(MANAGERS),
                    "404": error_response("No such question"),
                },
            },
        },
        "/api/v1/questions/{question_id}/answer": {
            "parameters": [QUESTION_ID],
            "post": {
                "summary": (
                    "Answer a question, which makes it public (editor, approver); title and question may be corrected"
                ),
                "security": STAFF_OR_MACHINE,
                "requestBody": _body(_ref("QuestionAnswer")),
                "responses": {
                    "200": _json(_ref("Question")),
                    "400": error_response("A field missing or of the wrong type"),
                    **_guarded(MANAGERS),
                    "404": error_response("No such question"),
                    "422": error_response("An empty or too long answer"),
                },
            },
        },
    }
    if backend_failures:
        paths = copy.deepcopy(paths)
        for item in paths.values():
            for method, operation in item.items():
                if method != "parameters":
                    operation["responses"].update(copy.deepcopy(backend_failures))
    return paths
