"""Who may write, proven from the URL maps rather than listed by hand, so that a write route added
later is checked without anyone remembering to:

- every write on every app answers 401 without a token, with a token that is not ours, or with
  another scheme; the gateway runs with its backends down and must refuse by itself, never pass
  an unauthenticated write on;
- the role matrix: every write route of media, exams and accounts, on the service and through the
  gateway, × every role, with tokens issued (staff_tokens.issue) for accounts made in a real
  accounts service → allowed, or 403 — what each view's `required_roles` says;
- a tampered, forged, expired or foreign-signed token → 401; a disabled account's token → 401
  at once on the accounts service and within the revocation check's cache life elsewhere.

Sign-in (POST /api/v1/auth/token) is the one write that needs no token. The article routes are
in the 401 proof; their roles belong to the article workflow's own tests. The desk's forms
(/quan-tri/) are a browser's, guarded by its session cookie and a CSRF token instead of a bearer
token: here they must carry the desk's guard (desk_page), and tests/gateway/desk/test_desk_writes.py
proves each is refused without its CSRF token and without a session."""

import base64
import contextlib
import json
import re
import time

import pytest

from gateway import create_app as create_gateway
from portal_common import staff_tokens
from portal_common.store import get_store
from services import accounts, articles, documents, exams, media
from tests.support.live import serve_app
from tools.processes import free_port

from .inprocess import SIGNING_KEY, TOKEN, WRONG

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
_ARGUMENT = re.compile(r"<(?:(?P<converter>[a-zA-Z_]+)(?:\([^)]*\))?:)?(?P<name>[a-zA-Z_][a-zA-Z0-9_]*)>")
DUMMY = {"int": "1", "float": "1.0", "path": "a/b", "uuid": "00000000-0000-0000-0000-000000000000"}
# The contract's writes the gateway must offer (and guard) for third parties.
CONTRACT_GATEWAY_WRITES = {
    ("POST", "/api/v1/articles"),
    ("PATCH", "/api/v1/articles/<>"),
    ("DELETE", "/api/v1/articles/<>"),
    ("POST", "/api/v1/albums"),
    ("POST", "/api/v1/albums/<>/images"),
    ("POST", "/api/v1/videos"),
    ("PUT", "/api/v1/exams/<>/results"),
    ("PATCH", "/api/v1/exams/<>"),
    ("POST", "/api/v1/exams/<>/imports"),
    ("POST", "/api/v1/auth/token"),
    ("POST", "/api/v1/auth/password"),
    ("POST", "/api/v1/users"),
    ("PATCH", "/api/v1/users/<>"),
    ("POST", "/api/v1/documents"),
    ("PATCH", "/api/v1/documents/<>"),
    ("DELETE", "/api/v1/documents/<>"),
    ("POST", "/api/v1/documents/<>/files"),
    ("DELETE", "/api/v1/documents/<>/files/<>"),
}
# Writes that need no token: signing in is how one gets one.
PUBLIC_WRITES = {("POST", "/api/v1/auth/token")}
# The public's questions (Hỏi đáp): no token; a signed form token, a honeypot and a per-address
# limit guard them instead (services/articles/questions_guard.py). The gateway's form posts too.
PUBLIC_WRITES_OF = {
    "articles": {("POST", "/api/v1/questions")},
    "gateway": {("POST", "/api/v1/questions"), ("POST", "/hoi-dap/gui")},
}
# The desk's own writes: signing in (which makes the session) and out (its CSRF token alone).
DESK_PREFIX = "/quan-tri/"
DESK_OPEN_WRITES = {("POST", "/quan-tri/dang-nhap"), ("POST", "/quan-tri/dang-xuat")}
# Never offered by the gateway: the services' own way into the audit log.
SERVICE_ONLY_WRITES = {("POST", "/api/v1/audit")}
ROLES = tuple(staff_tokens.ROLES)
MATRIX_SERVICES = ("media", "exams", "accounts", "documents")
CHEAP_ARGON2 = {"ARGON2_TIME_COST": 1, "ARGON2_MEMORY_KIB": 1024, "ARGON2_PARALLELISM": 1}
PASSWORD = "Tra-cuu-diem-thi-2026"
MACHINE = {"Authorization": f"Bearer {TOKEN}"}


def sample_url(rule):
    return _ARGUMENT.sub(lambda match: DUMMY.get(match.group("converter") or "", "x"), rule)


def write_routes(app):
    return sorted(
        (method, rule.rule, rule.endpoint)
        for rule in app.url_map.iter_rules()
        for method in rule.methods & WRITE_METHODS
    )


def shape(rule):
    return _ARGUMENT.sub("<>", rule)


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


# -- every write refuses a missing or foreign token (backends down) ----------------------------


def build_apps(data_dir):
    config = {"DATA_DIR": str(data_dir), "ADMIN_TOKEN": TOKEN, "TESTING": True, "AUTH_SIGNING_KEY": SIGNING_KEY}
    dead = {
        f"{name}_URL": f"http://127.0.0.1:{free_port()}"
        for name in ("ARTICLES", "MEDIA", "EXAMS", "ACCOUNTS", "DOCUMENTS")
    }
    return {
        "articles": articles.create_app({**config, **dead}),
        "media": media.create_app({**config, **dead}),
        "exams": exams.create_app({**config, **dead}),
        "accounts": accounts.create_app({**config, **CHEAP_ARGON2}),
        "documents": documents.create_app({**config, **dead}),
        "gateway": create_gateway({**config, **dead}),
    }


@pytest.fixture(scope="module")
def apps(tmp_path_factory):
    return build_apps(tmp_path_factory.mktemp("auth"))


def routes_of(apps):
    return [(name, method, rule) for name, app in apps.items() for method, rule, _ in write_routes(app)]


def test_the_enumeration_finds_the_contract_writes(apps):
    shapes = {(method, shape(rule)) for method, rule, _ in write_routes(apps["gateway"])}
    assert CONTRACT_GATEWAY_WRITES - shapes == set(), "writes of the contract the gateway does not offer"
    assert SERVICE_ONLY_WRITES & shapes == set(), "the gateway offers a service-only write"
    for name in ("articles", "media", "exams", "accounts"):
        assert write_routes(apps[name]), f"{name} has no write route at all?"


def test_every_write_but_sign_in_is_guarded(apps):
    unguarded = {
        (name, method, rule)
        for name, app in apps.items()
        for method, rule, endpoint in write_routes(app)
        if not getattr(app.view_functions[endpoint], "admin_required", False)
    }
    assert unguarded == {(name, *write) for name in ("accounts", "gateway") for write in PUBLIC_WRITES} | {
        (name, *write) for name, writes in PUBLIC_WRITES_OF.items() for write in writes
    } | {("gateway", *write) for write in DESK_OPEN_WRITES}
    gateway = apps["gateway"]
    desk_writes = [(rule, endpoint) for _, rule, endpoint in write_routes(gateway) if rule.startswith(DESK_PREFIX)]
    assert desk_writes, "the desk has no write at all?"
    assert [
        rule
        for _, rule, endpoint in write_routes(gateway)
        if hasattr(gateway.view_functions[endpoint], "desk_roles") and not rule.startswith(DESK_PREFIX)
    ] == [], "a session-guarded write outside the desk"


def test_every_write_needs_a_token(apps):
    wrong = []
    refusals = (
        ({}, "no token"),
        (WRONG, "a token that is not ours"),
        ({"Authorization": "Basic Zm9vOmJhcg=="}, "another scheme"),
        (bearer("a.b.c"), "a malformed JWT"),
    )
    for name, method, rule in routes_of(apps):
        if (method, rule) in PUBLIC_WRITES or (method, rule) in PUBLIC_WRITES_OF.get(name, ()):
            continue
        if name == "gateway" and rule.startswith(DESK_PREFIX):  # the session's, test_desk_writes.py
            continue
        client = apps[name].test_client()
        url = sample_url(rule)
        for headers, what in refusals:
            response = client.open(url, method=method, headers=headers, json={})
            body = response.get_json(silent=True) or {}
            if (
                response.status_code != 401
                or "error" not in body
                or response.headers.get("WWW-Authenticate") != "Bearer"
            ):
                wrong.append(f"{name}: {method} {url} with {what} → {response.status_code} {response.data[:120]!r}")
    assert wrong == [], "writes that do not refuse a missing or foreign token with a 401:\n" + "\n".join(wrong)


# -- the role matrix, on real services ---------------------------------------------------------


class StaffPortal:
    """Media, exams and accounts served on loopback ports, the gateway in front of them, and one
    account per role (plus one to disable), each with a token issued for it."""

    def __init__(self, apps, tokens, accounts_app):
        self.apps = apps
        self.tokens = tokens  # account name → token
        self.accounts_app = accounts_app

    def account(self, username):
        with self.accounts_app.app_context():
            return get_store().get_user(username)

    def issue(self, username, **changes):
        return staff_tokens.issue(SIGNING_KEY, {**self.account(username), **changes}, 8)[0]


@pytest.fixture(scope="module")
def staff(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("roles")
    base = {"DATA_DIR": str(data_dir), "ADMIN_TOKEN": TOKEN, "AUTH_SIGNING_KEY": SIGNING_KEY, "TESTING": True}
    accounts_app = accounts.create_app({**base, **CHEAP_ARGON2})
    with contextlib.ExitStack() as stack:
        accounts_url = stack.enter_context(serve_app(accounts_app))
        services = {
            "media": media.create_app({**base, "ACCOUNTS_URL": accounts_url}),
            "exams": exams.create_app({**base, "ACCOUNTS_URL": accounts_url}),
            "documents": documents.create_app({**base, "ACCOUNTS_URL": accounts_url}),
        }
        urls = {name: stack.enter_context(serve_app(app)) for name, app in services.items()}
        dead = f"http://127.0.0.1:{free_port()}"
        gateway = create_gateway(
            {
                **base,
                "ARTICLES_URL": dead,
                "MEDIA_URL": urls["media"],
                "EXAMS_URL": urls["exams"],
                "DOCUMENTS_URL": urls["documents"],
                "ACCOUNTS_URL": accounts_url,
                "CACHE_ENABLED": False,
            }
        )
        client = accounts_app.test_client()
        for username, roles in [*((role.replace("_", "-"), [role]) for role in ROLES), ("disabled-editor", ["editor"])]:
            body = {"username": username, "password": PASSWORD, "display_name": username.title(), "roles": roles}
            assert client.post("/api/v1/users", json=body, headers=MACHINE).status_code == 201
        portal = StaffPortal({**services, "accounts": accounts_app, "gateway": gateway}, {}, accounts_app)
        portal.tokens = {
            name: portal.issue(name) for name in (*(r.replace("_", "-") for r in ROLES), "disabled-editor")
        }
        yield portal


def requirement(app, method, rule, endpoint):
    """What `app`'s view asks for: ("public",), ("machine",) or ("staff", roles)."""
    view = app.view_functions[endpoint]
    if not getattr(view, "admin_required", False):
        return ("public",)
    if getattr(view, "machine_only", False):
        return ("machine",)
    return ("staff", tuple(getattr(view, "required_roles", ())))


def owner_requirement(staff, method, rule):
    """For a gateway route: what the service that owns the same route asks for (None: not a
    service of the matrix)."""
    for name in MATRIX_SERVICES:
        app = staff.apps[name]
        try:
            endpoint, _ = app.url_map.bind("localhost").match(sample_url(rule), method=method)
        except Exception:
            continue
        return name, requirement(app, method, rule, endpoint)
    return None


def expected(required, role):
    """403 or "allowed" for a staff token holding `role` on a route asking for `required`."""
    if required[0] == "machine":
        return 403
    roles = required[1]
    return "allowed" if not roles or role == "admin" or role in roles else 403


def matrix_routes(staff):
    """(app name, method, rule, requirement) of every guarded write of the matrix's services, and
    of the gateway's writes that one of them owns."""
    found = []
    for name in MATRIX_SERVICES:
        app = staff.apps[name]
        for method, rule, endpoint in write_routes(app):
            required = requirement(app, method, rule, endpoint)
            if required != ("public",):
                found.append((name, method, rule, required))
    for method, rule, _ in write_routes(staff.apps["gateway"]):
        owned = owner_requirement(staff, method, rule)
        if owned is not None and (method, rule) not in PUBLIC_WRITES:
            found.append(("gateway", method, rule, owned[1]))
    return found


def outcome(response):
    return response.status_code if response.status_code in (401, 403) else "allowed"


def test_the_matrix_covers_every_write_of_media_exams_and_accounts(staff):
    routes = matrix_routes(staff)
    covered = {(name, method, rule) for name, method, rule, _ in routes}
    for name in MATRIX_SERVICES:
        for method, rule, _ in write_routes(staff.apps[name]):
            assert (name, method, rule) in covered or (method, rule) in PUBLIC_WRITES, (name, method, rule)
    through_gateway = {(method, shape(rule)) for name, method, rule, _ in routes if name == "gateway"}
    assert {("POST", "/api/v1/albums"), ("PUT", "/api/v1/exams/<>/results"), ("POST", "/api/v1/users")} <= (
        through_gateway
    )
    # What the contract says of each: editors write media, exam officers exams, admins accounts.
    asked = {(name, method, shape(rule)): required for name, method, rule, required in routes}
    assert asked[("media", "POST", "/api/v1/albums")] == ("staff", ("editor",))
    assert asked[("exams", "PUT", "/api/v1/exams/<>/results")] == ("staff", ("exam_officer",))
    assert asked[("exams", "PATCH", "/api/v1/exams/<>")] == ("staff", ("exam_officer",))
    assert asked[("accounts", "POST", "/api/v1/users")] == ("staff", ("admin",))
    assert asked[("accounts", "POST", "/api/v1/audit")] == ("machine",)
    assert asked[("accounts", "POST", "/api/v1/auth/password")] == ("staff", ())


# A sign-out ends the token it is sent with: it gets one of its own, so the others' stay good.
ENDS_ITS_TOKEN = {("DELETE", "/api/v1/auth/token")}


def test_every_write_route_times_every_role(staff):
    wrong = []
    checked = 0
    for name, method, rule, required in matrix_routes(staff):
        client = staff.apps[name].test_client()
        url = sample_url(rule)
        for role in ROLES:
            account = role.replace("_", "-")
            token = staff.issue(account) if (method, rule) in ENDS_ITS_TOKEN else staff.tokens[account]
            response = client.open(url, method=method, headers=bearer(token), json={})
            checked += 1
            if outcome(response) != expected(required, role):
                wrong.append(
                    f"{name}: {method} {url} as {role} → {response.status_code} (expected {expected(required, role)}) "
                    f"{response.data[:160]!r}"
                )
            if response.status_code == 403:
                assert response.get_json()["error"]["code"] == "forbidden", (name, method, url, role)
    assert wrong == [], "the role matrix does not hold:\n" + "\n".join(wrong)
    assert checked >= 5 * 15


def test_the_machine_token_may_write_everywhere(staff):
    for name, method, rule, _ in matrix_routes(staff):
        response = staff.apps[name].test_client().open(sample_url(rule), method=method, headers=MACHINE, json={})
        if rule == "/api/v1/auth/password" or (method, rule) in ENDS_ITS_TOKEN:
            assert response.status_code == 401  # one's own password or sign-out: a staff member's
        else:
            assert outcome(response) == "allowed", (name, method, rule, response.status_code, response.data[:160])


def _segment(data):
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def _claims(token):
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def bad_tokens(staff):
    """Tokens every guarded route must refuse with a 401, by what is wrong with them."""
    editor = staff.tokens["editor"]
    header, _, signature = editor.split(".")
    account = staff.account("contributor")
    return {
        "roles raised in the payload, signature kept": ".".join(
            [header, _segment({**_claims(editor), "roles": ["admin"]}), signature]
        ),
        "signature changed": editor[:-3] + ("AAA" if not editor.endswith("AAA") else "BBB"),
        "unsigned (alg none)": ".".join(
            [_segment({"alg": "none", "typ": "JWT"}), _segment({**_claims(editor), "roles": ["admin"]}), ""]
        )
        + "x",
        "signed with another key": staff_tokens.issue("another-deployments-key-0123456789-abcdef", account, 8)[0],
        "expired": staff_tokens.issue(SIGNING_KEY, account, 1, now=time.time() - 2 * 3600)[0],
        "an old token version": staff_tokens.issue(
            SIGNING_KEY, {**account, "token_version": account["token_version"] - 1}, 8
        )[0],
        "an account that does not exist": staff_tokens.issue(SIGNING_KEY, {**account, "username": "khong-co"}, 8)[0],
    }


def test_a_tampered_forged_or_expired_token_is_a_401_everywhere(staff):
    wrong = []
    for what, token in bad_tokens(staff).items():
        for name, method, rule, _ in matrix_routes(staff):
            response = staff.apps[name].test_client().open(sample_url(rule), method=method, headers=bearer(token))
            if response.status_code != 401 or response.headers.get("WWW-Authenticate") != "Bearer":
                wrong.append(f"{name}: {method} {rule} with {what} → {response.status_code}")
    assert wrong == [], "\n".join(wrong)


def test_a_disabled_account_is_refused_at_once(staff):
    token = staff.tokens["disabled-editor"]
    album = (
        staff.apps["gateway"]
        .test_client()
        .post("/api/v1/albums", json={"title": "Trước khi khóa"}, headers=bearer(token))
    )
    assert album.status_code == 201, album.get_json()
    disabled = staff.accounts_app.test_client().patch(
        "/api/v1/users/disabled-editor", json={"disabled": True}, headers=MACHINE
    )
    assert disabled.status_code == 200 and disabled.get_json()["disabled"] is True
    # The accounts service asks its store on every call: refused at once.
    check = staff.accounts_app.test_client().get("/api/v1/auth/check", headers=bearer(token))
    assert check.status_code == 401 and check.get_json()["error"]["reason"] == "revoked"
    # The other services keep a valid check for at most CHECK_CACHE_SECONDS (the contract allows 5 s).
    time.sleep(staff_tokens.CHECK_CACHE_SECONDS + 0.1)
    for name, method, path in (
        ("media", "POST", "/api/v1/albums"),
        ("gateway", "POST", "/api/v1/albums"),
        ("gateway", "POST", "/api/v1/users"),
        ("exams", "PATCH", "/api/v1/exams/x"),
    ):
        response = staff.apps[name].test_client().open(path, method=method, headers=bearer(token), json={"title": "x"})
        assert response.status_code == 401, (name, method, path, response.status_code)
        assert response.get_json()["error"]["message"] == staff_tokens.MESSAGES["revoked"]
    # A token of the disabled account that no service has checked yet is refused the first time.
    fresh = staff.issue("disabled-editor")
    assert (
        staff.apps["media"].test_client().post("/api/v1/albums", json={"title": "x"}, headers=bearer(fresh)).status_code
        == 401
    )


def test_every_allowed_write_is_in_the_audit_log_with_who_did_it(staff):
    editor = staff.tokens["editor"]
    album = (
        staff.apps["gateway"].test_client().post("/api/v1/albums", json={"title": "Nhật ký"}, headers=bearer(editor))
    )
    assert album.status_code == 201
    officer = staff.tokens["exam-officer"]
    patched = (
        staff.apps["gateway"]
        .test_client()
        .patch("/api/v1/exams/khong-co", json={"published_at": None}, headers=bearer(officer))
    )
    assert patched.status_code == 404  # refused: nothing recorded
    entries = (
        staff.accounts_app.test_client()
        .get("/api/v1/audit", query_string={"per_page": 100}, headers=MACHINE)
        .get_json()["items"]
    )
    created = [entry for entry in entries if entry["action"] == "media_api.create_album" and entry["user"] == "editor"]
    assert created and created[0]["target"] == "/api/v1/albums" and created[0]["detail"]["id"] == album.get_json()["id"]
    assert created[0]["ip"] == "127.0.0.1" and created[0]["request_id"]
    assert not [entry for entry in entries if entry["action"] == "exams_api.patch_exam"]
