"""Staff tokens: the bearer tokens the accounts service issues at sign-in, verified by every
service (and the gateway) on its own, with no call, from the shared secret AUTH_SIGNING_KEY.

A token is a JWT signed with HS256 (PyJWT). Its claims:

    iss         "portal-accounts" (checked: a JWT made for something else is refused)
    sub         the username
    roles       the account's roles at sign-in (keys of ROLES)
    categories  the article categories a contributor or editor is limited to; null: all of them
    ver         the account's token version at sign-in
    iat, exp    issued at, expires at (epoch seconds); ACCESS_TOKEN_HOURS apart
    jti         a random id, so that two tokens are never equal

`verify` proves a token was issued by us, is unchanged and has not expired. It cannot know that
the account was disabled or its password changed since: the accounts service moves the account's
token version then, and `check_with_accounts` asks it (GET /api/v1/auth/check) whether the token's
version is still the account's. Reads may rely on `verify` alone; writes should also call
`check_with_accounts` (one short call per write; writes are rare).

    claims = staff_tokens.verify(key, token)              # InvalidStaffToken → 401
    user = staff_tokens.check_with_accounts(url, token)   # InvalidStaffToken → 401,
                                                          # AccountsUnavailable → 503
"""

import hashlib
import hmac
import os
import re
import threading
import time
import uuid
from collections import OrderedDict

import jwt
import requests

from . import timefmt
from .request_id import outgoing_headers

ALGORITHM = "HS256"
ISSUER = "portal-accounts"
# RFC 7518 §3.2: an HS256 key must be at least as long as the hash, 256 bits.
MIN_KEY_BYTES = 32
# Between the clocks of our own machines; a token is otherwise exactly as old as it says.
LEEWAY_SECONDS = 10
# A real token is about 400 characters; anything far longer is not one of ours.
MAX_TOKEN_CHARS = 4096
REQUIRED_CLAIMS = ("iss", "sub", "roles", "ver", "iat", "exp", "jti")
CHECK_PATH = "/api/v1/auth/check"

# The staff roles: API keys (English) → the names staff read on pages. The one list of them.
ROLES = OrderedDict(
    [
        ("contributor", "Cộng tác viên"),
        ("editor", "Biên tập viên"),
        ("approver", "Lãnh đạo duyệt tin"),
        ("exam_officer", "Cán bộ khảo thí"),
        ("admin", "Quản trị"),
    ]
)

_JWT_SHAPE = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$")

MESSAGES = {
    "expired": "Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại.",
    "invalid": "Mã đăng nhập không hợp lệ.",
    "revoked": (
        "Mã đăng nhập không còn hiệu lực (đã đăng xuất, tài khoản đã bị khóa hoặc đã đổi mật khẩu). "
        "Vui lòng đăng nhập lại."
    ),
}


class InvalidStaffToken(Exception):
    """The token is not (or no longer) a valid staff token: answer 401.

    `reason`: "expired"; "invalid" (malformed, tampered, signed with another key, not ours);
    "revoked" (signed out, or the account was disabled or its password changed; only
    check_with_accounts says this). `message` is the Vietnamese sentence for the caller."""

    def __init__(self, reason, detail=None):
        self.reason = reason if reason in MESSAGES else "invalid"
        self.message = MESSAGES[self.reason]
        self.detail = detail  # for logs, never for the caller
        super().__init__(f"{self.reason}: {detail}" if detail else self.reason)


class AccountsUnavailable(Exception):
    """The accounts service could not say whether the token is still valid: answer 503 (a write
    must not go through on a token that may have been revoked)."""


def _key_bytes(key):
    if not key:
        raise ValueError("AUTH_SIGNING_KEY is not set: staff tokens can be neither issued nor verified")
    raw = key.encode("utf-8") if isinstance(key, str) else bytes(key)
    if len(raw) < MIN_KEY_BYTES:
        raise ValueError(f"AUTH_SIGNING_KEY must be at least {MIN_KEY_BYTES} bytes long")
    return raw


def check_signing_key(key):
    """Raise ValueError (saying why) unless `key` can sign staff tokens; for a process's start."""
    _key_bytes(key)


def looks_like_staff_token(token):
    """True when `token` has a JWT's shape (three base64url parts): tells a staff token from the
    machine token (ADMIN_TOKEN) before anything is verified."""
    return isinstance(token, str) and len(token) <= MAX_TOKEN_CHARS and bool(_JWT_SHAPE.match(token))


def bearer_token(authorization):
    """The token of an `Authorization: Bearer <token>` header value; None when there is none or
    the header is of another scheme."""
    scheme, _, token = (authorization or "").partition(" ")
    token = token.strip()
    return token if scheme.lower() == "bearer" and token else None


def is_machine_token(token, admin_token):
    """True when `token` is the machine token ADMIN_TOKEN (compared in constant time)."""
    if not token or not admin_token:
        return False
    return hmac.compare_digest(token.encode("utf-8"), admin_token.encode("utf-8"))


def issue(key, user, hours, now=None):
    """A token for `user` (a dict with "username", "roles", "token_version" and optionally
    "categories") valid for `hours`: returns (token, expires_at), expires_at an aware datetime in
    Vietnam time. `now` (epoch seconds) is for tests."""
    raw_key = _key_bytes(key)
    if not hours or hours <= 0:
        raise ValueError("a token must be valid for a positive number of hours")
    issued = int(time.time() if now is None else now)
    expires = issued + max(1, round(hours * 3600))
    categories = user.get("categories")
    claims = {
        "iss": ISSUER,
        "sub": user["username"],
        "roles": list(user["roles"]),
        "categories": list(categories) if categories is not None else None,
        "ver": int(user["token_version"]),
        "iat": issued,
        "exp": expires,
        "jti": uuid.uuid4().hex,
    }
    return jwt.encode(claims, raw_key, algorithm=ALGORITHM), timefmt.from_epoch(expires)


def verify(key, token):
    """The claims of `token` when it is a staff token we issued, unchanged and not expired;
    InvalidStaffToken otherwise (reason "expired" or "invalid"). ValueError when `key` is unset or
    too short: a misconfigured process, not a bad token."""
    raw_key = _key_bytes(key)
    if not looks_like_staff_token(token):
        raise InvalidStaffToken("invalid", "not a JWT")
    try:
        claims = jwt.decode(
            token,
            raw_key,
            algorithms=[ALGORITHM],  # never "none", never another algorithm the token names
            issuer=ISSUER,
            leeway=LEEWAY_SECONDS,
            options={"require": list(REQUIRED_CLAIMS)},
        )
    except jwt.ExpiredSignatureError:
        raise InvalidStaffToken("expired") from None
    except jwt.InvalidSignatureError:
        raise InvalidStaffToken("invalid", "signature does not match") from None
    except jwt.InvalidTokenError as error:  # malformed, wrong issuer, missing claims, not yet valid
        raise InvalidStaffToken("invalid", f"{type(error).__name__}: {error}") from None
    _check_claims(claims)
    return claims


def _check_claims(claims):
    roles, categories, version = claims.get("roles"), claims.get("categories"), claims.get("ver")
    shaped = (
        isinstance(claims.get("sub"), str)
        and claims["sub"]
        and isinstance(roles, list)
        and all(isinstance(role, str) for role in roles)
        and (categories is None or (isinstance(categories, list) and all(isinstance(c, str) for c in categories)))
        and isinstance(version, int)
        and not isinstance(version, bool)
    )
    if not shaped:
        raise InvalidStaffToken("invalid", "claims of the wrong shape")


# The revocation check's cache, per process. Why a second is acceptable: the contract lets a
# disabled account or a changed password take effect within 5 s ("Staff accounts"); an answer is
# kept at most CHECK_CACHE_SECONDS, so a revoked token stops working within that second. What it
# saves: the bursts one person makes (an album's images uploaded in parallel, a save then a
# read-back of the desk), each of which would otherwise be a call. Only "valid" answers are kept,
# keyed by the token's SHA-256, at most CHECK_CACHE_ENTRIES of them.
CHECK_CACHE_SECONDS = 1.0
CHECK_CACHE_ENTRIES = 1024
_check_cache = OrderedDict()  # (accounts_url, sha256 of token) → (monotonic deadline, user)
_check_lock = threading.Lock()
_sessions = threading.local()


def http_session():
    """One pooled HTTP session per thread (and per process: a forked worker makes its own)."""
    pid = os.getpid()
    session = getattr(_sessions, "session", None)
    if session is None or getattr(_sessions, "pid", None) != pid:
        session = _sessions.session = requests.Session()
        _sessions.pid = pid
    return session


def _cached(cache_key):
    now = time.monotonic()
    with _check_lock:
        found = _check_cache.get(cache_key)
        if found is None:
            return None
        if found[0] <= now:
            del _check_cache[cache_key]
            return None
        return dict(found[1])


def _keep(cache_key, user):
    with _check_lock:
        _check_cache[cache_key] = (time.monotonic() + CHECK_CACHE_SECONDS, dict(user))
        _check_cache.move_to_end(cache_key)
        while len(_check_cache) > CHECK_CACHE_ENTRIES:
            _check_cache.popitem(last=False)


def forget_checks():
    """Empty this process's cache of revocation checks (tests)."""
    with _check_lock:
        _check_cache.clear()


def check_with_accounts(accounts_url, token, timeout=2.0):
    """Ask the accounts service whether `token` is still good: the account exists, is not
    disabled, and its token version is the token's. Returns the account as the accounts service
    sees it now: {"username", "display_name", "roles", "categories"}.

    Raises InvalidStaffToken (reason "expired", "invalid" or "revoked") when it is not, and
    AccountsUnavailable when the accounts service cannot be reached or answers anything else.
    `timeout`: seconds, or (connect, read) as requests takes it."""
    if not looks_like_staff_token(token):
        raise InvalidStaffToken("invalid", "not a JWT")
    base = (accounts_url or "").rstrip("/")
    cache_key = (base, hashlib.sha256(token.encode("utf-8")).hexdigest())
    found = _cached(cache_key)
    if found is not None:
        return found
    try:
        response = http_session().get(
            base + CHECK_PATH,
            headers={"Authorization": f"Bearer {token}", "Accept": "application/json", **outgoing_headers()},
            timeout=timeout,
        )
    except requests.RequestException as error:
        raise AccountsUnavailable(f"accounts service unreachable at {base}: {error}") from error
    if response.status_code == 401:
        try:
            reason = response.json()["error"].get("reason")
        except (ValueError, KeyError, TypeError, AttributeError):
            reason = None
        raise InvalidStaffToken(reason or "revoked", "refused by the accounts service")
    if response.status_code != 200:
        raise AccountsUnavailable(f"accounts service answered {response.status_code}")
    try:
        user = response.json()["user"]
        if not isinstance(user, dict) or not isinstance(user.get("username"), str):
            raise TypeError("no user")
    except (ValueError, KeyError, TypeError) as error:
        raise AccountsUnavailable(f"accounts service answered an unreadable body: {error}") from error
    _keep(cache_key, user)
    return dict(user)
