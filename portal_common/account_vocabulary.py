"""The words of the contract's "Staff accounts" that the accounts service checks and the gateway's
OpenAPI document states again (accounts_openapi.py): what a username, a category, a display name
and an audit entry may be. The roles are staff_tokens.ROLES."""

USERNAME_PATTERN = r"^[a-z0-9._-]{3,40}$"
CATEGORY_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
DISPLAY_NAME_MAX = 100
CATEGORY_MAX = 80
CATEGORIES_MAX = 50
CREATE_REQUIRED = ("username", "password", "display_name", "roles")

AUDIT_ACTION_PATTERN = r"^[a-z][a-z0-9_.:-]{0,63}$"
AUDIT_REQUEST_ID_PATTERN = r"^[A-Za-z0-9._:\-]{1,128}$"
AUDIT_MAX_CHARS = {"target": 300, "user": 80}
AUDIT_FILTER_MAX_CHARS = 300
