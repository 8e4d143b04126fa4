"""The staff of the workflow's tests: a real accounts service served in-process on a loopback port,
with one account per role, and what the articles service needs to talk to it. The articles
service asks it whether each staff token is still good before a write (check_with_accounts) and
posts its audit entries to it, so what the tests read back from its audit log is what the service
really recorded.

Tokens are made with portal_common.staff_tokens.issue (the accounts service's own signing key),
for accounts created through its users API."""

import contextlib

from portal_common import staff_tokens
from services.accounts import create_app as create_accounts
from tests.conftest import TEST_ADMIN_TOKEN
from tests.support.live import serve_app

SIGNING_KEY = "test-signing-key-0123456789-abcdefghijklmnop"
CHEAP_ARGON2 = {"ARGON2_TIME_COST": 1, "ARGON2_MEMORY_KIB": 1024, "ARGON2_PARALLELISM": 1}
PASSWORD = "Tra-cuu-diem-thi-2026"
MACHINE = {"Authorization": f"Bearer {TEST_ADMIN_TOKEN}"}

# name in the tests → (username, display name, roles, categories)
ACCOUNTS = {
    "contributor": ("ctv", "Trần Văn Cộng", ["contributor"], None),
    "contributor2": ("ctv.hai", "Lê Thị Hai", ["contributor"], None),
    "limited": ("ctv.tin", "Phạm Tin Tức", ["contributor"], ["tin-tuc-su-kien"]),
    "editor": ("bien.tap", "Nguyễn Thị Hoa", ["editor"], None),
    "limited_editor": ("bien.tap.th", "Đỗ Trung Học", ["editor"], ["giao-duc-trung-hoc"]),
    "approver": ("lanh.dao", "Hoàng Văn Duyệt", ["approver"], None),
    "exam_officer": ("khao.thi", "Vũ Khảo Thí", ["exam_officer"], None),
    "admin": ("quan.tri", "Quản Trị", ["admin"], None),
}
# The callers of the role matrix: every role, and the machine token.
ROLES = ("contributor", "editor", "approver", "exam_officer", "admin", "machine")


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


class Staff:
    """The served accounts service: `url`, `headers(name)` for a caller, `username(name)`,
    `audit(...)` (its log, newest first), `mark()` (the log's newest id, so a test reads only its
    own entries), `add(...)` and `client` (its test client, with the machine token)."""

    def __init__(self, app, url):
        self.app, self.url = app, url
        self.client = app.test_client()
        self.tokens = {}
        for name, (username, display_name, roles, categories) in ACCOUNTS.items():
            self.tokens[name] = self.add(username, roles, categories, display_name)

    def add(self, username, roles, categories=None, display_name=None):
        """A new account; its token."""
        body = {
            "username": username,
            "password": PASSWORD,
            "display_name": display_name or username,
            "roles": list(roles),
            "categories": categories,
        }
        response = self.client.post("/api/v1/users", json=body, headers=MACHINE)
        assert response.status_code == 201, response.get_json()
        return self.token_for(username, roles, categories)

    def token_for(self, username, roles, categories=None, hours=1, now=None, version=1):
        user = {"username": username, "roles": roles, "categories": categories, "token_version": version}
        return staff_tokens.issue(SIGNING_KEY, user, hours, now=now)[0]

    def headers(self, name):
        if name == "machine":
            return dict(MACHINE)
        if name is None:
            return {}
        return bearer(self.tokens[name])

    def username(self, name):
        return "ADMIN_TOKEN" if name == "machine" else ACCOUNTS[name][0]

    def audit(self, since=0, **filters):
        response = self.client.get("/api/v1/audit", query_string={"per_page": 100, **filters}, headers=MACHINE)
        assert response.status_code == 200, response.get_json()
        return [entry for entry in response.get_json()["items"] if entry["id"] > since]

    def mark(self):
        items = self.audit()
        return items[0]["id"] if items else 0

    def disable(self, username):
        response = self.client.patch(f"/api/v1/users/{username}", json={"disabled": True}, headers=MACHINE)
        assert response.status_code == 200, response.get_json()
        staff_tokens.forget_checks()


@contextlib.contextmanager
def served_staff(data_dir):
    app = create_accounts(
        {
            "DATA_DIR": str(data_dir),
            "ADMIN_TOKEN": TEST_ADMIN_TOKEN,
            "TESTING": True,
            "AUTH_SIGNING_KEY": SIGNING_KEY,
            **CHEAP_ARGON2,
        }
    )
    with serve_app(app) as url:
        yield Staff(app, url)


def articles_config(base, staff):
    """The articles service's settings against `staff`'s accounts service."""
    return {**base, "AUTH_SIGNING_KEY": SIGNING_KEY, "ACCOUNTS_URL": staff.url}
