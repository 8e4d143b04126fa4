"""Who is calling the accounts service, and what they may do here.

- A staff token counts only while it is valid (signature, expiry) AND its version is the account's
  current one AND the account is not disabled AND it was not signed out (DELETE
  /api/v1/auth/token): checked against the store on every call, so a disabled account, a changed
  password or a sign-out ends its tokens at once here.
- The machine token (ADMIN_TOKEN) has every right; it alone may append to the audit log.

No token, or a token that is unknown, malformed, tampered, expired or revoked → 401 with
`WWW-Authenticate: Bearer` (the contract's "Authorization"); a valid token whose roles do not allow
the call → 403. Guarded views carry `admin_required = True` and `required_roles`, as
portal_common.auth's do, so a proof can list them and the role matrix read what each asks for."""

import functools

from flask import current_app, g

from portal_common import staff_tokens
from portal_common.auth import bearer  # the one reading of Authorization: Bearer
from portal_common.errors import ApiError
from portal_common.store import get_store

MACHINE = "ADMIN_TOKEN"  # the audit log's `user` for the machine token (no username is upper-case)
CHALLENGE = {"WWW-Authenticate": "Bearer"}


def unauthorized(message, reason=None):
    extra = {"reason": reason} if reason else None
    return ApiError(401, message, headers=CHALLENGE, extra=extra)


def is_machine(token):
    return staff_tokens.is_machine_token(token, current_app.config.get("ADMIN_TOKEN"))


def token_holder(token):
    """(claims, account) of `token` as it stands now: 401 (with the reason) when the token is not
    valid, or no longer is."""
    try:
        claims = staff_tokens.verify(current_app.config["AUTH_SIGNING_KEY"], token)
    except staff_tokens.InvalidStaffToken as error:
        raise unauthorized(error.message, error.reason) from None
    store = get_store()
    account = store.get_user(claims["sub"])
    if (
        account is None
        or account["disabled"]
        or account["token_version"] != claims["ver"]
        or store.token_revoked(claims["jti"])
    ):
        revoked = staff_tokens.InvalidStaffToken("revoked")
        raise unauthorized(revoked.message, revoked.reason)
    return claims, account


def staff_account(token):
    """The account `token` stands for, now (token_holder's)."""
    return token_holder(token)[1]


def _unknown_token():
    return unauthorized(staff_tokens.MESSAGES["invalid"], "invalid")


def own_token():
    """The caller's own staff token, as (claims, account) now: 401 for none, the machine token or
    one that is not (or no longer) valid. For the views that act on the token itself."""
    token = bearer()
    if not staff_tokens.looks_like_staff_token(token):
        raise _unknown_token()
    return token_holder(token)


def require_admin():
    """The machine token, or a staff token of an active admin; sets g.actor."""
    token = bearer()
    if is_machine(token):
        g.actor = MACHINE
        return MACHINE
    if not staff_tokens.looks_like_staff_token(token):
        raise _unknown_token()
    account = staff_account(token)
    if "admin" not in account["roles"]:
        raise ApiError(403, "Chỉ quản trị viên được làm việc này.")
    g.actor = account["username"]
    g.actor_account = account
    return account["username"]


def require_machine():
    """Only the machine token: other services record their writes with it."""
    token = bearer()
    if is_machine(token):
        g.actor = MACHINE
        return MACHINE
    if not staff_tokens.looks_like_staff_token(token):
        raise _unknown_token()
    staff_account(token)  # a valid staff token is a 403, anything else a 401
    raise ApiError(403, "Chỉ các dịch vụ của cổng (mã máy ADMIN_TOKEN) được ghi vào nhật ký.")


def _guard(check, roles, machine=False):
    """A view guard; like portal_common.auth's, it says what it asks for: `required_roles` (none:
    any staff member), `machine_only` (no staff token at all, whatever its roles)."""

    def decorate(view):
        @functools.wraps(view)
        def guarded(*args, **kwargs):
            check()
            return view(*args, **kwargs)

        guarded.admin_required = True
        guarded.required_roles = roles
        guarded.machine_only = machine
        return guarded

    return decorate


admin_only = _guard(require_admin, ("admin",))
machine_only = _guard(require_machine, (), machine=True)


def signed_in(view):
    """A view that checks its caller itself (bearer() then staff_account()): any staff member's
    own valid token, never the machine token. Marks it as guarded for the proofs."""
    view.admin_required = True
    view.required_roles = ()
    view.staff_only = True
    return view
