"""The accounts service's OpenAPI document: it describes every /api/ route the app serves, every
write declares its security, and schemathesis finds no answer that breaks it (statuses, content
types, bodies; no 5xx). Fuzzed in-process with the machine token on a throwaway data folder."""

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis import checks

from portal_common.openapi import routes_missing_from
from services.accounts import create_app
from services.accounts.openapi import spec

from .conftest import MACHINE, accounts_config

PUBLIC_WRITES = {"POST /api/v1/auth/token"}  # signing in is how one gets a token


def test_every_api_route_is_in_the_served_spec(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    served = response.get_json()
    assert served["openapi"].startswith("3.")
    assert routes_missing_from(client.application, served) == []
    unguarded = [
        f"{method.upper()} {path}"
        for path, operations in served["paths"].items()
        for method, operation in operations.items()
        if method in ("post", "put", "patch", "delete") and not operation.get("security")
    ]
    assert set(unguarded) == PUBLIC_WRITES


schema = schemathesis.openapi.from_dict(spec())


@pytest.fixture(scope="module")
def fuzzed_app(tmp_path_factory):
    base = {"DATA_DIR": str(tmp_path_factory.mktemp("accounts-fuzz")), "ADMIN_TOKEN": "test-admin-token"}
    return create_app(accounts_config({**base, "TESTING": True}, SIGNIN_ATTEMPTS_PER_ADDRESS="100000/minute"))


@pytest.mark.slow
@schema.parametrize()
@settings(
    max_examples=20,
    deadline=None,
    database=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_schemathesis(fuzzed_app, case):
    case.call_and_validate(
        app=fuzzed_app,
        headers=MACHINE,
        checks=[
            checks.not_a_server_error,
            checks.status_code_conformance,
            checks.content_type_conformance,
            checks.response_headers_conformance,
            checks.response_schema_conformance,
        ],
    )
