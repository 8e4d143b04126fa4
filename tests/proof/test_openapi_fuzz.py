"""schemathesis against each service and the gateway, in-process (WSGI), from the OpenAPI
document each one serves: no answer is a 5xx, and every status, content type, header and body
matches the spec. Writes are fuzzed with the machine token (ADMIN_TOKEN), on a throwaway data
folder; sign-in needs none, and the accounts service's own limits are lifted (inprocess.py)."""

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis import checks

from gateway.api import spec as gateway_spec
from services.accounts.openapi import spec as accounts_spec
from services.articles.openapi import spec as articles_spec
from services.documents.openapi import spec as documents_spec
from services.exams.openapi import spec as exams_spec
from services.media.openapi import spec as media_spec

from .inprocess import ADMIN

pytestmark = pytest.mark.slow

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Enough to walk every parameter's edges while the whole run stays within a minute or two.
EXAMPLES = settings(
    max_examples=20,
    deadline=None,
    database=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_headers_conformance,
    checks.response_schema_conformance,
]


@schemathesis.serializer(XLSX)
def as_spreadsheet_bytes(context, value):
    """Spreadsheet uploads: whatever was generated, as raw bytes (the service must refuse it
    cleanly when it is not a workbook)."""
    if isinstance(value, bytes):
        return value
    return str(value).encode("utf-8")


articles_schema = schemathesis.openapi.from_dict(articles_spec())
media_schema = schemathesis.openapi.from_dict(media_spec())
exams_schema = schemathesis.openapi.from_dict(exams_spec())
accounts_schema = schemathesis.openapi.from_dict(accounts_spec())
documents_schema = schemathesis.openapi.from_dict(documents_spec())
gateway_schema = schemathesis.openapi.from_dict(gateway_spec())


def call_and_validate(site, name, case):
    case.call_and_validate(app=site.apps[name], headers=ADMIN, checks=CHECKS)


@articles_schema.parametrize()
@EXAMPLES
def test_articles_service(site, case):
    call_and_validate(site, "articles", case)


@media_schema.parametrize()
@EXAMPLES
def test_media_service(site, case):
    call_and_validate(site, "media", case)


@exams_schema.parametrize()
@EXAMPLES
def test_exams_service(site, case):
    call_and_validate(site, "exams", case)


@accounts_schema.parametrize()
@EXAMPLES
def test_accounts_service(site, case):
    call_and_validate(site, "accounts", case)


@documents_schema.parametrize()
@EXAMPLES
def test_documents_service(site, case):
    call_and_validate(site, "documents", case)


@gateway_schema.parametrize()
@EXAMPLES
def test_gateway(site, case):
    call_and_validate(site, "gateway", case)
