"""Every /api/ route each app serves is in the OpenAPI document that app serves, so the spec
(and the fuzzing that runs from it) cannot fall behind the code."""

import pytest

from portal_common.openapi import routes_missing_from

APPS = ("articles", "media", "exams", "accounts", "documents", "gateway")
# Writes that need no token: signing in is how one gets one; the public asks its questions
# (Hỏi đáp, guarded by its form token and per-address limit instead), on the articles service.
PUBLIC_WRITES = {"POST /api/v1/auth/token", "POST /api/v1/questions"}
PUBLIC_WRITES_OF = {
    "accounts": {"POST /api/v1/auth/token"},
    "articles": {"POST /api/v1/questions"},
    "gateway": PUBLIC_WRITES,
}


@pytest.mark.parametrize("name", APPS)
def test_every_api_route_is_in_the_served_spec(site, name):
    app = site.apps[name]
    response = app.test_client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.get_json()
    assert spec["openapi"].startswith("3.")
    assert routes_missing_from(app, spec) == []


@pytest.mark.parametrize("name", APPS)
def test_every_write_in_the_spec_declares_its_token(site, name):
    spec = site.apps[name].test_client().get("/api/v1/openapi.json").get_json()
    unguarded = [
        f"{method.upper()} {path}"
        for path, operations in spec["paths"].items()
        for method, operation in operations.items()
        if method in ("post", "put", "patch", "delete") and not (operation.get("security") or spec.get("security"))
    ]
    assert set(unguarded) <= PUBLIC_WRITES, "writes whose spec does not say they need 'Authorization: Bearer <token>'"
    assert set(unguarded) == PUBLIC_WRITES_OF.get(name, set())
