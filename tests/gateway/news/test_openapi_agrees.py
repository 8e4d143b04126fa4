"""The gateway passes the articles service's writes, workflow steps and revisions on and its
refusals back unchanged, so for those routes its OpenAPI document must say what the service's
does: the same routes, path parameters, token, If-Match and request bodies, and every refusal the
service may answer. (The answers' shapes differ by design: the gateway's carry the portal's
absolute URLs.)"""

from gateway.api import spec as gateway_spec
from services.articles.openapi import spec as service_spec

STAFF_METHODS = {"post", "patch", "delete"}
STAFF_READS = ("/revisions",)


def _resolve(document, value):
    if isinstance(value, dict) and "$ref" in value:
        return _resolve(document, document["components"]["schemas"][value["$ref"].rsplit("/", 1)[1]])
    if isinstance(value, dict):
        return {key: _resolve(document, item) for key, item in value.items() if key != "description"}
    if isinstance(value, list):
        return [_resolve(document, item) for item in value]
    return value


def _staff_operations(document):
    found = {}
    for path, item in document["paths"].items():
        if not path.startswith("/api/v1/articles"):
            continue
        for method, operation in item.items():
            if method in STAFF_METHODS or (method == "get" and STAFF_READS[0] in path):
                found[(path, method)] = {**operation, "path_parameters": item.get("parameters")}
    return found


def test_the_gateway_offers_the_services_staff_routes():
    gateway, service = _staff_operations(gateway_spec()), _staff_operations(service_spec())
    assert set(gateway) == set(service)


def test_they_take_the_same_parameters_token_and_bodies():
    gateway_document, service_document = gateway_spec(), service_spec()
    gateway, service = _staff_operations(gateway_document), _staff_operations(service_document)
    for route, operation in gateway.items():
        theirs = service[route]
        assert operation.get("security") == theirs.get("security"), route
        names = [(p["name"], p["in"]) for p in (operation.get("path_parameters") or [])]
        assert names == [(p["name"], p["in"]) for p in (theirs.get("path_parameters") or [])], route
        headers = sorted(p["name"] for p in operation.get("parameters", []) if p["in"] == "header")
        assert headers == sorted(p["name"] for p in theirs.get("parameters", []) if p["in"] == "header"), route
        body, their_body = operation.get("requestBody"), theirs.get("requestBody")
        assert _resolve(gateway_document, body) == _resolve(service_document, their_body), route


def test_the_gateway_declares_every_refusal_the_service_passes_back():
    gateway, service = _staff_operations(gateway_spec()), _staff_operations(service_spec())
    for route, operation in gateway.items():
        theirs = {status for status in service[route]["responses"] if status.startswith("4")}
        assert theirs <= set(operation["responses"]), (route, theirs - set(operation["responses"]))
