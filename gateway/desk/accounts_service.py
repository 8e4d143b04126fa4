"""The accounts service as the desk's admin pages use it, with the signed-in admin's token
(calls.py): the service checks the role and writes the audit log entry naming the admin."""

from urllib.parse import quote

from .calls import desk_call, desk_json


def _user_path(username):
    return f"/api/v1/users/{quote(username, safe='')}"


def users(page=1, per_page=50):
    return desk_json("accounts", "GET", "/api/v1/users", params={"page": page, "per_page": per_page})


def user(username):
    return desk_json("accounts", "GET", _user_path(username))


def create(body):
    return desk_call("accounts", "POST", "/api/v1/users", json=body)


def update(username, changes):
    return desk_call("accounts", "PATCH", _user_path(username), json=changes)


def audit(filters, page=1, per_page=50):
    return desk_json("accounts", "GET", "/api/v1/audit", params={**filters, "page": page, "per_page": per_page})
