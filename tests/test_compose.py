"""docker-compose.yml's wiring, checked without Docker (no engine runs on these machines)."""

import os
import re
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
            internal = value and "://" in str(value) and not str(value).startswith("${")  # not the operator's
            if (key.endswith("_URL") or key.endswith("_URI")) and internal:
                target = urlsplit(str(value))
                assert target.hostname in services, f"{key}={value} names no service"
                assert target.port == _port_of(target.hostname, services[target.hostname]), f"{key}={value}: wrong port"
                checked += 1
        if "S3_ENDPOINT" in _env(service):
            host, port = _env(service)["S3_ENDPOINT"].split(":")
            assert host in services and int(port) == _port_of(host, services[host])
    assert checked >= 12  # MONGO_URL and ACCOUNTS_URL on every process, the gateway's backends, the edge's two


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


def test_only_the_edge_is_published_on_the_port_that_published_the_gateway(compose):
    published = {name: service["ports"] for name, service in compose["services"].items() if service.get("ports")}
    assert list(published) == ["edge"]
    [mapping] = published["edge"]
    assert mapping.split(":")[-2].endswith("8000}") and mapping.split(":")[-1] == "80"


def test_the_edge_runs_the_official_image_with_deploy_edges_config(compose):
    from deploy.edge import render

    edge = compose["services"]["edge"]
    assert edge["image"].split(":")[0] == "nginx" and "build" not in edge
    mounts = {target.split(":")[0]: source for source, target in (v.split(":", 1) for v in edge["volumes"])}
    templates = os.path.relpath(os.path.dirname(render.COMPOSE_TEMPLATE), ROOT)
    errors = os.path.relpath(render.ERRORS_DIR, ROOT)
    assert mounts == {"/etc/nginx/templates": f"./{templates}", render.COMPOSE_ERRORS_DIR: f"./{errors}"}
    assert all(os.path.isdir(os.path.join(ROOT, source)) for source in mounts.values())
    assert all(v.endswith(":ro") for v in edge["volumes"])

    # The image's envsubst fills only the EDGE_ variables, and each one the template uses is set.
    env = _env(edge)
    with open(render.COMPOSE_TEMPLATE) as template:
        text = template.read()
    assert env["NGINX_ENVSUBST_FILTER"] == "EDGE_"
    assert set(re.findall(r"\$\{(EDGE_\w+)\}", text)) <= set(env)
    # Its upstreams are the addresses it was rendered from, which name services and their ports.
    # (The address only: a pass-through backend's server also carries its max_conns bound.)
    upstreams = dict(re.findall(r"upstream edge_(\w+) \{\s*server ([^;\s]+)", text))
    assert upstreams == {
        name: f"{urlsplit(env[f'{name.upper()}_URL']).hostname}:{urlsplit(env[f'{name.upper()}_URL']).port}"
        for name in upstreams
    }
    assert set(upstreams) == {"gateway", "exams"}
    # Its health check asks nginx itself, so it starts once the gateway and the exams service are up.
    assert "/_edge/healthz" in " ".join(edge["healthcheck"]["test"]) and "location = /_edge/healthz" in text
    assert set(edge["depends_on"]) == {"gateway", "exams"}


def test_the_processes_behind_the_edge_believe_its_x_forwarded_for(compose):
    services = compose["services"]
    assert _env(services["gateway"])["TRUSTED_PROXIES"] == "1"
    assert int(_env(services["exams"]).get("EXAMS_TRUSTED_PROXIES", 1)) == 1  # the gateway, or the edge
    # Addresses change on every deploy: the edge and the gateway prove themselves with PROXY_SECRET.
    secret = _env(services["edge"])["EDGE_PROXY_SECRET"]
    assert secret.startswith("${PROXY_SECRET")
    for name in ("gateway", "exams"):
        assert _env(services[name])["PROXY_SECRET"].startswith("${PROXY_SECRET")


PROCESSES = ("articles", "media", "exams", "accounts", "documents", "gateway")


def test_every_process_verifies_staff_tokens_with_one_required_key_and_finds_the_accounts_service(compose):
    services = compose["services"]
    assert set(PROCESSES) == set(APPS) and set(PROCESSES) <= set(services)
    for name in PROCESSES:
        env = _env(services[name])
        assert env["AUTH_SIGNING_KEY"].startswith("${AUTH_SIGNING_KEY:?"), name  # compose refuses to start without it
        assert urlsplit(env["ACCOUNTS_URL"]).hostname == "accounts", name
        assert env["ADMIN_TOKEN"].startswith("${ADMIN_TOKEN:?"), name


def test_the_desk_session_key_is_required_by_the_gateway_alone(compose):
    services = compose["services"]
    assert _env(services["gateway"])["DESK_SECRET_KEY"].startswith("${DESK_SECRET_KEY:?")
    assert all("DESK_SECRET_KEY" not in _env(services[name]) for name in PROCESSES if name != "gateway")


def test_the_accounts_service_makes_its_admin_from_a_required_password(compose):
    accounts = compose["services"]["accounts"]
    assert accounts["build"]["dockerfile"] == "services/accounts/Dockerfile"
    assert _env(accounts)["PORT"] == "8004"
    # A container's DATA_DIR is not kept: a generated password would be lost (or end in a log).
    assert _env(accounts)["ADMIN_PASSWORD"].startswith("${ADMIN_PASSWORD:?")
    assert set(accounts["depends_on"]) == {"mongo", "redis"}
    assert "8004/readyz" in " ".join(accounts["healthcheck"]["test"])
    with open(os.path.join(ROOT, "services/accounts/Dockerfile")) as dockerfile:
        assert "ensure-admin" in dockerfile.read()


def test_the_gateway_waits_for_accounts_and_needs_its_public_address(compose):
    gateway = compose["services"]["gateway"]
    assert gateway["depends_on"]["accounts"]["condition"] == "service_healthy"
    assert {"articles", "media", "exams", "accounts", "documents"} <= set(gateway["depends_on"])
    # Absolute links are built from PUBLIC_BASE_URL, never from a request's Host: no default.
    assert _env(gateway)["PUBLIC_BASE_URL"].startswith("${PUBLIC_BASE_URL:?")


def test_storage_keeps_data_in_named_volumes(compose):
    for name in ("mongo", "minio"):  # redis holds only rate-limit counters: no volume
        volumes = compose["services"][name]["volumes"]
        assert any(v.split(":")[0] in compose["volumes"] for v in volumes), name


def test_dockerfiles_run_gunicorn_with_the_config_make_run_uses():
    # The gateway's own config (gevent) and the services' shared one: what the tests and the
    # benchmarks run is what the images run.
    dockerfiles = {
        "gateway": "gateway/Dockerfile",
        **{name: f"services/{name}/Dockerfile" for name in ("articles", "media", "exams", "accounts", "documents")},
    }
    for name, path in dockerfiles.items():
        with open(os.path.join(ROOT, path)) as dockerfile:
            text = dockerfile.read()
        assert f'CMD ["gunicorn", "-c", "{GUNICORN_CONFIGS[name]}", "{APPS[name]}"]' in text, path
        assert "requirements.txt" in text, path


def test_scheduled_backups_read_the_production_stores_into_a_volume_of_their_own(compose):
    backup = compose["services"]["backup"]
    assert backup["profiles"] == ["backup"] and not backup.get("ports")
    assert backup["build"]["dockerfile"] == "tools/backup/Dockerfile"
    env = _env(backup)
    media = _env(compose["services"]["media"])
    for name in ("MONGO_URL", "S3_ENDPOINT", "S3_BUCKET"):
        assert env[name] == (media.get(name) or compose["x-service-env"][name]), name
    assert "backups:/backups" in backup["volumes"] and env["BACKUP_DIR"] == "/backups"
    assert "backups" in compose["volumes"]
    assert 'test -n "$$BACKUP_PASSPHRASE"' in backup["command"][-1], "archives hold personal data: encrypted"
