"""The accounts routes of the public contract ("Staff accounts") as OpenAPI path items and
schemas: sign-in, the revocation check, one's own password, the roles, the users API and the audit
log. The accounts service serves them and the gateway serves them again, passing the service's
answers on, so both documents are built from here and differ only in what each adds (the gateway:
its answers for a service that is down, its own sign-in limit) or leaves out (the gateway never
offers POST /api/v1/audit, the services' own way in)."""

from .account_vocabulary import (
    AUDIT_ACTION_PATTERN,
    AUDIT_FILTER_MAX_CHARS,
    AUDIT_MAX_CHARS,
    AUDIT_REQUEST_ID_PATTERN,
    CATEGORY_MAX,
    CATEGORY_PATTERN,
    CREATE_REQUIRED,
    DISPLAY_NAME_MAX,
    USERNAME_PATTERN,
)
from .openapi import error_response, page_schema
from .pagination import MAX_PAGE, MAX_PER_PAGE
from .staff_tokens import ROLES

TIME = {"type": "string", "format": "date-time", "example": "2026-02-26T08:00:00+07:00"}
ROLE = {"type": "string", "enum": list(ROLES)}
ROLE_LIST = {"type": "array", "items": ROLE}
CATEGORY_LIST = {
    "type": "array",
    "items": {"type": "string", "pattern": CATEGORY_PATTERN, "maxLength": CATEGORY_MAX},
    "nullable": True,
    "description": "The article categories a contributor or editor may write in; null: every category.",
}
USERNAME = {"type": "string", "pattern": USERNAME_PATTERN}
PASSWORD = {"type": "string", "description": "At least 10 characters, not a common password, not the username."}
STAFF = [{"staffToken": []}]
ADMIN = [{"adminToken": []}, {"staffToken": []}]
MACHINE = [{"adminToken": []}]
PAGE = {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1}}
PER_PAGE = {
    "name": "per_page",
    "in": "query",
    "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": 20},
}
USERNAME_IN_PATH = {"name": "username", "in": "path", "required": True, "schema": {"type": "string"}}

SIGNED_IN_USER = {
    "type": "object",
    "required": ["username", "display_name", "roles"],
    "properties": {"username": {"type": "string"}, "display_name": {"type": "string"}, "roles": ROLE_LIST},
}
SCHEMAS = {
    "SignIn": {
        "type": "object",
        "required": ["username", "password"],
        "additionalProperties": False,
        "properties": {"username": {"type": "string"}, "password": {"type": "string"}},
    },
    "TokenAnswer": {
        "type": "object",
        "required": ["token", "expires_at", "user"],
        "properties": {
            "token": {"type": "string", "description": "JWT (HS256); send as Authorization: Bearer <token>"},
            "expires_at": TIME,
            "user": {"$ref": "#/components/schemas/SignedInUser"},
        },
    },
    "SignedInUser": SIGNED_IN_USER,
    "CheckedUser": {
        "type": "object",
        "required": ["username", "display_name", "roles", "categories"],
        "properties": {**SIGNED_IN_USER["properties"], "categories": CATEGORY_LIST},
    },
    "PasswordChange": {
        "type": "object",
        "required": ["current_password", "new_password"],
        "additionalProperties": False,
        "properties": {"current_password": {"type": "string"}, "new_password": PASSWORD},
    },
    "User": {
        "type": "object",
        "required": [
            "username",
            "display_name",
            "roles",
            "categories",
            "disabled",
            "created_at",
            "updated_at",
            "password_changed_at",
        ],
        "properties": {
            "username": {"type": "string"},
            "display_name": {"type": "string"},
            "roles": ROLE_LIST,
            "categories": CATEGORY_LIST,
            "disabled": {"type": "boolean"},
            "created_at": TIME,
            "updated_at": TIME,
            "password_changed_at": TIME,
        },
    },
    "UserCreate": {
        "type": "object",
        "required": list(CREATE_REQUIRED),
        "additionalProperties": False,
        "properties": {
            "username": USERNAME,
            "password": PASSWORD,
            "display_name": {"type": "string", "minLength": 1, "maxLength": DISPLAY_NAME_MAX},
            "roles": {**ROLE_LIST, "minItems": 1},
            "categories": CATEGORY_LIST,
        },
    },
    "UserUpdate": {
        "type": "object",
        "minProperties": 1,
        "additionalProperties": False,
        "properties": {
            "roles": {**ROLE_LIST, "minItems": 1},
            "display_name": {"type": "string", "minLength": 1, "maxLength": DISPLAY_NAME_MAX},
            "password": PASSWORD,
            "disabled": {"type": "boolean", "description": "true ends the account's tokens at once"},
            "categories": CATEGORY_LIST,
        },
    },
    "UserPage": page_schema("#/components/schemas/User"),
    "AuditEntry": {
        "type": "object",
        "required": ["id", "at", "user", "action", "target", "request_id", "ip", "detail"],
        "properties": {
            "id": {"type": "integer"},
            "at": TIME,
            "user": {"type": "string", "nullable": True, "description": "username, or ADMIN_TOKEN"},
            "action": {"type": "string", "example": "auth.sign_in"},
            "target": {"type": "string", "nullable": True},
            "request_id": {"type": "string", "nullable": True},
            "ip": {"type": "string", "nullable": True},
            "detail": {"type": "object", "nullable": True},
        },
    },
    "AuditInput": {
        "type": "object",
        "required": ["action"],
        "additionalProperties": False,
        "properties": {
            "action": {"type": "string", "pattern": AUDIT_ACTION_PATTERN},
            "target": {"type": "string", "nullable": True, "maxLength": AUDIT_MAX_CHARS["target"]},
            "user": {"type": "string", "nullable": True, "maxLength": AUDIT_MAX_CHARS["user"]},
            "request_id": {"type": "string", "nullable": True, "pattern": AUDIT_REQUEST_ID_PATTERN},
            "client": {"type": "string", "nullable": True, "description": "the visitor's IP address"},
            "ip": {"type": "string", "nullable": True, "description": "the same as client"},
            "detail": {"type": "object", "nullable": True},
        },
    },
    "AuditPage": page_schema("#/components/schemas/AuditEntry"),
    "Roles": {
        "type": "object",
        "required": ["items"],
        "properties": {
            "items": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["key", "name"],
                    "properties": {"key": ROLE, "name": {"type": "string"}},
                },
            }
        },
    },
}


def _json(ref, description="OK"):
    return {"description": description, "content": {"application/json": {"schema": {"$ref": ref}}}}


def _body(ref):
    return {"required": True, "content": {"application/json": {"schema": {"$ref": ref}}}}


UNAUTHORIZED = error_response("No token, or a token that is unknown, malformed, tampered, expired or revoked")
FORBIDDEN = error_response("A valid token whose roles do not allow this")
BAD_BODY = error_response("Not a JSON object, a field missing, unknown or of the wrong type (error.field)")
TOO_BIG = error_response("Body too large")
UNACCEPTABLE = error_response("A field's value is not acceptable (error.field names it)")


def _admin(**responses):
    return {"401": UNAUTHORIZED, "403": FORBIDDEN, **responses}


def account_paths(more_responses=None, internal=True):
    """The path items of the accounts routes; `more_responses` are added to every operation, and
    `internal=False` leaves out what only the services call (POST /api/v1/audit)."""
    more = more_responses or {}
    paths = {
        "/api/v1/auth/token": {
            "post": {
                "summary": "Sign in: a staff token for an account's username and password",
                "requestBody": _body("#/components/schemas/SignIn"),
                "responses": {
                    "200": _json("#/components/schemas/TokenAnswer", "Signed in (Cache-Control: no-store)"),
                    "400": BAD_BODY,
                    "401": error_response("Wrong username or password, or a disabled account: one message for all"),
                    "413": TOO_BIG,
                    "429": error_response("Too many failed sign-ins (Retry-After says when to try again)"),
                },
            },
            "delete": {
                "summary": "Sign out: the token sent ends now (the account's other tokens go on)",
                "security": STAFF,
                "responses": {
                    "204": {"description": "Signed out: the token is refused from now on, as revoked"},
                    "401": UNAUTHORIZED,
                },
            },
        },
        "/api/v1/auth/check": {
            "get": {
                "summary": "Whether a staff token is still good (for other services, before a write)",
                "security": STAFF,
                "responses": {
                    "200": {
                        "description": "The token is valid and its account is active at this token's version",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["user"],
                                    "properties": {"user": {"$ref": "#/components/schemas/CheckedUser"}},
                                }
                            }
                        },
                    },
                    "401": error_response(
                        "Not valid (error.reason: expired, invalid, or revoked: signed out, disabled account, "
                        "changed password)"
                    ),
                },
            }
        },
        "/api/v1/auth/password": {
            "post": {
                "summary": "Change one's own password; every token of the account ends, a new one is answered",
                "security": STAFF,
                "requestBody": _body("#/components/schemas/PasswordChange"),
                "responses": {
                    "200": _json("#/components/schemas/TokenAnswer", "Changed: a new token"),
                    "400": BAD_BODY,
                    "401": UNAUTHORIZED,
                    "413": TOO_BIG,
                    "422": error_response("The current password is wrong, or the new one not acceptable (error.field)"),
                    "429": error_response("Too many wrong current passwords"),
                },
            }
        },
        "/api/v1/roles": {
            "get": {
                "summary": "The staff roles and their Vietnamese names",
                "responses": {"200": _json("#/components/schemas/Roles")},
            }
        },
        "/api/v1/users": {
            "get": {
                "summary": "Accounts, by username (admin)",
                "security": ADMIN,
                "parameters": [PAGE, PER_PAGE],
                "responses": _admin(
                    **{"200": _json("#/components/schemas/UserPage"), "400": error_response("Bad page or per_page")}
                ),
            },
            "post": {
                "summary": "Create an account (admin)",
                "security": ADMIN,
                "requestBody": _body("#/components/schemas/UserCreate"),
                "responses": _admin(
                    **{
                        "201": _json("#/components/schemas/User", "Created"),
                        "400": BAD_BODY,
                        "409": error_response("The username is taken"),
                        "413": TOO_BIG,
                        "422": UNACCEPTABLE,
                    }
                ),
            },
        },
        "/api/v1/users/{username}": {
            "get": {
                "summary": "One account (admin)",
                "security": ADMIN,
                "parameters": [USERNAME_IN_PATH],
                "responses": _admin(
                    **{"200": _json("#/components/schemas/User"), "404": error_response("No such account")}
                ),
            },
            "patch": {
                "summary": (
                    "Change an account (admin): a new password, roles or categories, or disabled: true, end its "
                    "tokens at once"
                ),
                "security": ADMIN,
                "parameters": [USERNAME_IN_PATH],
                "requestBody": _body("#/components/schemas/UserUpdate"),
                "responses": _admin(
                    **{
                        "200": _json("#/components/schemas/User"),
                        "400": BAD_BODY,
                        "404": error_response("No such account"),
                        "409": error_response("It would leave no active admin (error.code last_admin)"),
                        "413": TOO_BIG,
                        "422": UNACCEPTABLE,
                    }
                ),
            },
        },
        "/api/v1/audit": {
            "get": {
                "summary": "The audit log, newest first (admin)",
                "security": ADMIN,
                "parameters": [
                    *(
                        {"name": name, "in": "query", "schema": {"type": "string", "maxLength": AUDIT_FILTER_MAX_CHARS}}
                        for name in ("user", "action", "target")
                    ),
                    PAGE,
                    PER_PAGE,
                ],
                "responses": _admin(
                    **{"200": _json("#/components/schemas/AuditPage"), "400": error_response("Bad filter or page")}
                ),
            },
            "post": {
                "summary": "Append an entry (the machine token only: the services record their writes)",
                "security": MACHINE,
                "requestBody": _body("#/components/schemas/AuditInput"),
                "responses": _admin(
                    **{
                        "201": _json("#/components/schemas/AuditEntry", "Recorded"),
                        "400": BAD_BODY,
                        "413": TOO_BIG,
                        "422": UNACCEPTABLE,
                    }
                ),
            },
        },
    }
    if not internal:
        del paths["/api/v1/audit"]["post"]
    for operations in paths.values():
        for operation in operations.values():
            operation["responses"].update(more)
    return paths
