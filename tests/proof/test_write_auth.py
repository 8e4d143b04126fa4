"""Every write on every app answers 401 without the admin token and 403 with a wrong one.

The routes are read from each app's URL map, not listed by hand, so a write route added later is
checked without anyone remembering to. The gateway runs with its backends down: it must refuse
by itself, never pass an unauthenticated write on."""

import re

import pytest

from gateway import create_app as create_gateway
from services import articles, exams, media
from tools.processes import free_port

from .inprocess import TOKEN, WRONG

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
}


def build_apps(data_dir):
    config = {"DATA_DIR": str(data_dir), "ADMIN_TOKEN": TOKEN, "TESTING": True}
    dead = {f"{name}_URL": f"http://127.0.0.1:{free_port()}" for name in ("ARTICLES", "MEDIA", "EXAMS")}
    return {
        "articles": articles.create_app(config),
        "media": media.create_app(config),
        "exams": exams.create_app(config),
        "gateway": create_gateway({**config, **dead}),
    }


def sample_url(rule):
    return _ARGUMENT.sub(lambda match: DUMMY.get(match.group("converter") or "", "x"), rule)


def write_routes(app):
    return sorted((method, rule.rule) for rule in app.url_map.iter_rules() for method in rule.methods & WRITE_METHODS)


@pytest.fixture(scope="module")
def apps(tmp_path_factory):
    return build_apps(tmp_path_factory.mktemp("auth"))


def routes_of(apps):
    return [(name, method, rule) for name, app in apps.items() for method, rule in write_routes(app)]


def test_the_enumeration_finds_the_contract_writes(apps):
    shapes = {(method, _ARGUMENT.sub("<>", rule)) for method, rule in write_routes(apps["gateway"])}
    assert CONTRACT_GATEWAY_WRITES - shapes == set(), "writes of the contract the gateway does not offer"
    for name in ("articles", "media", "exams"):
        assert write_routes(apps[name]), f"{name} has no write route at all?"


def test_every_write_needs_the_token(apps):
    wrong = []
    for name, method, rule in routes_of(apps):
        client = apps[name].test_client()
        url = sample_url(rule)
        for headers, expected in (({}, 401), (WRONG, 403), ({"Authorization": "Basic Zm9vOmJhcg=="}, 401)):
            response = client.open(url, method=method, headers=headers, json={})
            body = response.get_json(silent=True) or {}
            if response.status_code != expected or "error" not in body:
                wrong.append(
                    f"{name}: {method} {url} with {headers or 'no token'} "
                    f"→ {response.status_code} {response.data[:120]!r}"
                )
    assert wrong == [], "writes that do not refuse a missing or wrong token:\n" + "\n".join(wrong)
