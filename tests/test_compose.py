"""docker-compose.yml's wiring, checked without Docker (no engine runs on these machines)."""

import os
from urllib.parse import urlsplit

import pytest
import yaml

from tests.conftest import ROOT
from tools.processes import APPS, GUNICORN_CONFIGS


@pytest.fixture(scope="module")
def compose():
    with open(os.path.join(ROOT, "docker-compose.yml")) as compose_file:
        return yaml.safe_load(compose_file)


def _env(service):
    env = service.get("environment", {})
    return env if isinstance(env, dict) else dict(item.split("=", 1) for item in env)


def _port_of(name, service):
    env = _env(service)
    if "PORT" in env:
        return int(env["PORT"])
    return {"mongo": 27017, "minio": 9000, "redis": 6379}.get(name)


def test_every_url_names_a_defined_service_and_its_port(compose):
    services = compose["services"]
    checked = 0
    for service in services.values():
        for key, value in _env(service).items():
            if (key.endswith("_URL") or key.endswith("_URI")) and value and "://" in str(value):
                target = urlsplit(str(value))
                assert target.hostname in services, f"{key}={value} names no service"
                assert target.port == _port_of(target.hostname, services[target.hostname]), f"{key}={value}: wrong port"
                checked += 1
        if "S3_ENDPOINT" in _env(service):
            host, port = _env(service)["S3_ENDPOINT"].split(":")
            assert host in services and int(port) == _port_of(host, services[host])
    assert checked >= 4  # MONGO_URL on every service, and the gateway's three backends


def test_every_build_context_has_its_dockerfile(compose):
    for name, service in compose["services"].items():
        if "build" in service:
            build = service["build"]
            context = os.path.join(ROOT, build["context"] if isinstance(build, dict) else build)
            dockerfile = build.get("dockerfile", "Dockerfile") if isinstance(build, dict) else "Dockerfile"
            assert os.path.isfile(os.path.join(context, dockerfile)), name


def test_every_service_has_a_healthcheck_and_waits_for_healthy_dependencies(compose):
    for name, service in compose["services"].items():
        assert "healthcheck" in service, name
        for dependency, condition in (service.get("depends_on") or {}).items():
            assert condition["condition"] == "service_healthy", (name, dependency)


def test_only_the_gateway_is_published(compose):
    published = [name for name, service in compose["services"].items() if service.get("ports")]
    assert published == ["gateway"]


def test_storage_keeps_data_in_named_volumes(compose):
    for name in ("mongo", "minio"):  # redis holds only rate-limit counters: no volume
        volumes = compose["services"][name]["volumes"]
        assert any(v.split(":")[0] in compose["volumes"] for v in volumes), name


def test_dockerfiles_run_gunicorn_with_the_config_make_run_uses():
    # The gateway's own config (gevent) and the services' shared one: what the tests and the
    # benchmarks run is what the images run.
    dockerfiles = {
        "gateway": "gateway/Dockerfile",
        **{name: f"services/{name}/Dockerfile" for name in ("articles", "media", "exams")},
    }
    for name, path in dockerfiles.items():
        with open(os.path.join(ROOT, path)) as dockerfile:
            text = dockerfile.read()
        assert f'CMD ["gunicorn", "-c", "{GUNICORN_CONFIGS[name]}", "{APPS[name]}"]' in text, path
        assert "requirements.txt" in text, path
