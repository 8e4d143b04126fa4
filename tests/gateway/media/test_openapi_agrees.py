"""The gateway serves the media service's albums and videos routes again and passes the service's
errors on unchanged, so for those routes its OpenAPI document must state what the service's does:
the same path and query parameters, the same token, the same request bodies and the same error
answers. The answers' shapes differ by design (the service describes its own records with object
keys, the gateway the public contract with absolute URLs), and the gateway states a little more
than the service's document does (the paging defaults, the title's length limit) and adds answers
of its own for a service that is down or too slow."""

from gateway.api import spec as gateway_spec
from services.media.openapi import spec as service_spec

MEDIA_PREFIXES = ("/api/v1/albums", "/api/v1/videos")
GATEWAY_ONLY_STATUSES = {"503", "504"}
GATEWAY_ONLY_CONSTRAINTS = {"default", "maxLength"}


def _media_operations(document):
    """{(path, method): operation} of the media routes, each with its path item's parameters."""
    found = {}
    for path, item in document["paths"].items():
        if path.startswith(MEDIA_PREFIXES):
            for method, operation in item.items():
                if method != "parameters":
                    found[(path, method)] = {**operation, "path_parameters": item.get("parameters")}
    return found


def _without_gateway_constraints(value):
    if isinstance(value, dict):
        return {
            key: _without_gateway_constraints(item)
            for key, item in value.items()
            if key not in GATEWAY_ONLY_CONSTRAINTS
        }
    if isinstance(value, list):
        return [_without_gateway_constraints(item) for item in value]
    return value


def _shared():
    """(route, gateway operation, service operation) for every media route the gateway serves."""
    gateway, service = _media_operations(gateway_spec()), _media_operations(service_spec())
    return [(route, operation, service[route]) for route, operation in gateway.items()]


def test_every_media_route_of_the_gateway_is_a_route_of_the_service():
    gateway, service = _media_operations(gateway_spec()), _media_operations(service_spec())
    assert gateway, "the gateway describes no media route"
    assert set(gateway) <= set(service)


def test_shared_routes_take_the_same_path_parameters_and_token():
    for route, gateway, service in _shared():
        for key in ("path_parameters", "security"):
            assert gateway.get(key) == service.get(key), (route, key)


def test_shared_routes_take_the_same_query_parameters_and_bodies():
    for route, gateway, service in _shared():
        for key in ("parameters", "requestBody"):
            gateway_says, service_says = (_without_gateway_constraints(side.get(key)) for side in (gateway, service))
            assert gateway_says == service_says, (route, key)


def test_shared_routes_answer_the_same_errors_and_the_gateway_adds_only_its_own():
    for route, gateway, service in _shared():
        gateway_answers, service_answers = gateway["responses"], service["responses"]
        assert set(service_answers) <= set(gateway_answers), route
        assert set(gateway_answers) - set(service_answers) <= GATEWAY_ONLY_STATUSES, route
        for status, answer in service_answers.items():
            if not status.startswith("2"):  # the shapes of successful answers differ by design
                assert gateway_answers[status] == answer, (route, status)
