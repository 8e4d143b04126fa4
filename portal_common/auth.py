"""Who may write: the machine token (ADMIN_TOKEN, for ops, imports and integrations) or a staff
member's signed token (portal_common.staff_tokens) whose roles allow the route.

    @bp.post("/albums")
    @staff_required("editor")            # editor, or admin, or the machine token
    def create_album(): ...

- No token, or one that is malformed, tampered, expired, unknown, or revoked (account disabled,
  password or roles changed) → 401 with `WWW-Authenticate: Bearer`; a valid token whose roles do
  not allow the route → 403. `admin` has every role's rights.
- A staff token is checked against the accounts service on every write (`check_with_accounts`,
  one short call: writes are rare), so a disabled account stops at once; reads that only need to
  know who asks (`current_staff(check_account=False)`) verify the signature alone.
- `g.staff` is the caller: {"username", "display_name", "roles", "categories", "machine"}.

Guarded views carry `admin_required = True` and `required_roles`, listed in
app.extensions["admin_routes"] by the proofs, so no write route slips through unguarded and the
role matrix test can read what each route asks for."""

import functools

from flask import current_app, g, request

from . import staff_tokens
from .errors import ApiError

CHALLENGE = {"WWW-Authenticate": "Bearer"}
MACHINE_USER = "ADMIN_TOKEN"
MACHINE = {"username": MACHINE_USER, "display_name": "ADMIN_TOKEN", "roles": ["admin"], "categories": None}


def _unauthorized(message):
    return ApiError(401, message, headers=CHALLENGE)


def bearer():
    header = request.headers.get("Authorization", "")
    if not header:
        raise _unauthorized("Cần đăng nhập hoặc mã quản trị (Authorization: Bearer …).")
    token = staff_tokens.bearer_token(header)
    if token is None:
        raise _unauthorized("Authorization phải có dạng 'Bearer <mã>'.")
    return token


def current_staff(check_account=True):
    """The caller, kept in g.staff; ApiError 401 when there is none or the token is not valid."""
    if "staff" in g:
        return g.staff
    token = bearer()
    if staff_tokens.is_machine_token(token, current_app.config.get("ADMIN_TOKEN")):
        g.staff = {**MACHINE, "machine": True}
        return g.staff
    if not staff_tokens.looks_like_staff_token(token):
        raise _unauthorized(staff_tokens.MESSAGES["invalid"])
    try:
        claims = staff_tokens.verify(current_app.config.get("AUTH_SIGNING_KEY"), token)
        if check_account:
            user = staff_tokens.check_with_accounts(current_app.config["ACCOUNTS_URL"], token)
        else:
            user = {"username": claims["sub"], "display_name": claims["sub"], "roles": claims["roles"]}
            user["categories"] = claims.get("categories")
    except staff_tokens.InvalidStaffToken as error:
        raise _unauthorized(error.message) from None
    except staff_tokens.AccountsUnavailable:
        raise ApiError(503, "Không kiểm tra được tài khoản lúc này. Vui lòng thử lại sau.") from None
    except ValueError:  # no signing key configured here: only the machine token can write
        raise _unauthorized(staff_tokens.MESSAGES["invalid"]) from None
    g.staff = {**user, "machine": False}
    return g.staff


def has_role(staff, *roles):
    """True when `staff` holds one of `roles` (admin holds them all)."""
    held = set(staff["roles"])
    return "admin" in held or bool(held.intersection(roles))


def staff_required(*roles):
    """Guard a view: the machine token, or a staff token holding one of `roles` (none named: any
    signed-in staff member)."""

    def guard(view):
        @functools.wraps(view)
        def guarded(*args, **kwargs):
            staff = current_staff()
            if roles and not has_role(staff, *roles):
                raise ApiError(403, "Tài khoản của bạn không có quyền thực hiện thao tác này.")
            return view(*args, **kwargs)

        guarded.admin_required = True
        guarded.required_roles = roles
        return guarded

    return guard


def signed_in_required(view):
    """The gateway's guard on writes it passes on: a valid token (machine, or a staff token with
    a good signature) before any body goes to a service; the service that owns the route decides
    the role and checks the account."""

    @functools.wraps(view)
    def guarded(*args, **kwargs):
        current_staff(check_account=False)
        return view(*args, **kwargs)

    guarded.admin_required = True
    guarded.required_roles = ()
    return guarded


def caller_holds(*roles):
    """For reads that show more to staff (a draft, an embargoed result): True when the request
    carries the machine token or a validly signed staff token holding one of `roles` (any staff
    member when none are named). Never raises: without the right, the reader is the public."""
    if "Authorization" not in request.headers:
        return False
    try:
        staff = current_staff(check_account=False)
    except ApiError:
        g.pop("staff", None)
        return False
    return not roles or has_role(staff, *roles)


def account_still_enabled():
    """After caller_holds (which checks a staff token's signature only), for what is shown to
    staff alone: whether the token's account is still enabled, asked of the accounts service (the
    machine token always is). A disabled account's token reads like the public's: False."""
    if g.staff.get("machine"):
        return True
    g.pop("staff")
    try:
        current_staff()
    except ApiError as error:
        g.pop("staff", None)
        if error.status == 401:
            return False
        raise
    return True


# Admins only (an account with the role admin, or the machine token); kept under its old name for the
# routes that use it.
admin_required = staff_required("admin")
