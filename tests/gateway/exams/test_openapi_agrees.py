"""The gateway serves the exams routes again and passes the service's answers on unchanged, so its
OpenAPI document must describe them as the exams service's does: the same paths and methods, the
same parameters, bodies and security, the same shapes for the same statuses. It may only add
answers of its own, for a service that is down or too slow."""

from gateway.api import spec as gateway_spec
from portal_common.exam_schemas import SCHEMAS
from services.exams.openapi import spec as service_spec

GATEWAY_ONLY_STATUSES = {"503", "504"}
OPERATION_KEYS = ("parameters", "requestBody", "security")


def _exam_operations(document):
    """{(path, method): operation} of the exams routes, each with its path item's parameters."""
    found = {}
    for path, item in document["paths"].items():
        if path == "/api/v1/exams" or path.startswith("/api/v1/exams/"):
            for method, operation in item.items():
                if method != "parameters":
                    found[(path, method)] = {**operation, "path_parameters": item.get("parameters")}
    return found


def test_both_describe_the_same_exam_routes():
    assert set(_exam_operations(gateway_spec())) == set(_exam_operations(service_spec()))


def test_shared_routes_take_the_same_parameters_bodies_and_token():
    gateway = _exam_operations(gateway_spec())
    for route, operation in _exam_operations(service_spec()).items():
        for key in (*OPERATION_KEYS, "path_parameters"):
            assert gateway[route].get(key) == operation.get(key), (route, key)


def test_shared_routes_answer_the_same_shapes_and_the_gateway_adds_only_its_own():
    gateway = _exam_operations(gateway_spec())
    for route, operation in _exam_operations(service_spec()).items():
        gateway_answers, service_answers = gateway[route]["responses"], operation["responses"]
        assert set(service_answers) <= set(gateway_answers), route
        assert set(gateway_answers) - set(service_answers) <= GATEWAY_ONLY_STATUSES, route
        for status, answer in service_answers.items():
            assert gateway_answers[status].get("content") == answer.get("content"), (route, status)


def test_both_define_the_exam_shapes_alike():
    gateway, service = gateway_spec()["components"]["schemas"], service_spec()["components"]["schemas"]
    for name in SCHEMAS:
        assert gateway[name] == service[name], name
