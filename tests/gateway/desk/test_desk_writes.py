"""Every write of the desk, enumerated from the gateway's URL map: all are under /quan-tri/, all
are guarded by the desk's session (desk_page) but signing in and out, and each is refused
without its CSRF token (400) and, with a token but no session, sent to the sign-in page (or a
401 for the desk's scripts) — a cookie the browser adds by itself can never act alone."""

import re

from gateway.desk import area_blueprints

from .conftest import csrf_of

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
# Signing in needs no session (it makes one); signing out only its CSRF token.
OPEN_WRITES = {"desk_signin.sign_in", "desk_signin.sign_out"}
_ARGUMENT = re.compile(r"<(?:(?P<converter>[a-z]+):)?[a-z_]+>")


def desk_writes(app):
    names = {blueprint.name for blueprint in area_blueprints()}
    return sorted(
        (method, rule.rule, rule.endpoint)
        for rule in app.url_map.iter_rules()
        if rule.endpoint.partition(".")[0] in names
        for method in rule.methods & WRITE_METHODS
    )


def sample(rule):
    return _ARGUMENT.sub(lambda match: "1" if match.group("converter") == "int" else "x", rule)


def test_every_desk_write_is_under_the_desk_and_guarded(app):
    writes = desk_writes(app)
    assert len(writes) >= 10
    assert all(rule.startswith("/quan-tri/") for _, rule, _ in writes)
    unguarded = {
        endpoint
        for _, _, endpoint in writes
        if not hasattr(app.view_functions[endpoint], "desk_roles") and endpoint not in OPEN_WRITES
    }
    assert unguarded == set()


def test_every_desk_write_needs_its_csrf_token_then_a_session(app):
    client = app.test_client()
    token = csrf_of(client.get("/quan-tri/dang-nhap"))
    wrong = []
    for method, rule, endpoint in desk_writes(app):
        url = sample(rule)
        refused = client.open(url, method=method, data={"x": "1"})
        if refused.status_code != 400 or "thiếu mã bảo vệ" not in refused.get_data(as_text=True):
            wrong.append(f"{method} {url} without its token → {refused.status_code}")
        if endpoint in OPEN_WRITES:
            continue
        anonymous = client.open(url, method=method, data={"csrf_token": token})
        if anonymous.status_code != 302 or not anonymous.headers["Location"].startswith("/quan-tri/dang-nhap?next="):
            wrong.append(f"{method} {url} without a session → {anonymous.status_code}")
        scripted = client.open(
            url, method=method, json={}, headers={"X-CSRFToken": token, "Accept": "application/json"}
        )
        if scripted.status_code != 401 or "error" not in (scripted.get_json(silent=True) or {}):
            wrong.append(f"{method} {url} from a script without a session → {scripted.status_code}")
    assert wrong == []
