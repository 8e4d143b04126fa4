"""The edge's config, checked without traffic: the pass-through table is the gateway's declared
routes (a route is declared once, on the route), each goes to a service that serves the same path
under the same limits, the committed compose template and error pages are what render.py makes,
and Debian's nginx accepts both configs."""

import json
import os
import re
import subprocess

import pytest
from limits import parse_many
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from deploy.edge import render
from portal_common.route_policy import policy_for
from tools.processes import find_nginx

BACKEND_FACTORIES = {"exams": "services.exams", "media": "services.media", "articles": "services.articles"}


@pytest.fixture(scope="module")
def gateway_app(tmp_path_factory):
    return render.gateway_app(str(tmp_path_factory.mktemp("gateway")))


def _declared(app):
    return {
        (rule.rule, policy_for(app, rule.endpoint).pass_through)
        for rule in app.url_map.iter_rules()
        if policy_for(app, rule.endpoint).pass_through
    }


def _local_conf(tmp_path, env=None):
    env = {"GATEWAY_URL": "http://127.0.0.1:18000", "EXAMS_URL": "http://127.0.0.1:18003", **(env or {})}
    prefix = str(tmp_path / "edge")
    return render.local_conf(env, "127.0.0.1:18080", prefix, str(tmp_path / "logs")), prefix


def _block(text, start):
    """The text of the {…} block opening at or after `start`."""
    opening = text.index("{", start)
    depth = 0
    for position in range(opening, len(text)):
        depth += {"{": 1, "}": -1}.get(text[position], 0)
        if depth == 0:
            return text[opening + 1 : position]
    raise ValueError("unbalanced braces")


def _rendered_pass_throughs(text):
    """(location regex, upstream) of every regex location of a rendered config."""
    found = set()
    for match in re.finditer(r'location ~ "([^"]+)" \{', text):
        upstream = re.search(r"proxy_pass http://edge_(\w+);", _block(text, match.end() - 1))
        found.add((match.group(1), upstream.group(1) if upstream else None))
    return found


def test_the_pass_through_table_is_the_gateways_declared_routes(gateway_app, tmp_path):
    declared = _declared(gateway_app)
    assert ("/api/v1/exams/<exam_id>/results/<sbd>", "exams") in declared
    assert {(route.rule, route.backend) for route in render.pass_throughs(gateway_app)} == declared

    text, _ = _local_conf(tmp_path)
    expected = {(render.location_regex(gateway_app.url_map, rule), backend) for rule, backend in declared}
    assert _rendered_pass_throughs(text) == expected
    # Everything else goes to the gateway: no other location names a service.
    assert set(re.findall(r"proxy_pass http://edge_(\w+);", text)) == {"gateway"} | {b for _, b in declared}
    assert _rendered_pass_throughs(render.compose_template()) == expected


def test_a_pass_through_location_matches_exactly_the_paths_its_route_matches(gateway_app):
    adapter = gateway_app.url_map.bind("localhost")
    for route in render.pass_throughs(gateway_app):
        regex = re.compile(route.location)
        good = adapter.build(route.endpoint, {name: "11000001" for name in _arguments(gateway_app, route)})
        candidates = [good, good + "/", good + "/x", good.replace("/11000001", "/", 1), good.replace("/", "//", 1)]
        for path in candidates:
            try:
                endpoint, _ = adapter.match(path, method="GET")
                flask_matches = endpoint == route.endpoint
            except (HTTPException, RequestRedirect):
                flask_matches = False
            # nginx matches locations on the path with its slashes merged (merge_slashes on), and
            # passes the path as sent: the service then answers it as the gateway would.
            assert bool(regex.match(re.sub("/+", "/", path))) == flask_matches, path


def _arguments(app, route):
    return next(rule.arguments for rule in app.url_map.iter_rules() if rule.endpoint == route.endpoint)


def test_each_backend_serves_its_pass_throughs_under_limits_as_strict_as_the_gateways(gateway_app, tmp_path):
    from importlib import import_module

    from gateway.limits import setting_of

    for route in render.pass_throughs(gateway_app):
        backend_app = import_module(BACKEND_FACTORIES[route.backend]).create_app({"DATA_DIR": str(tmp_path)})
        path = gateway_app.url_map.bind("localhost").build(
            route.endpoint, {name: "11000001" for name in _arguments(gateway_app, route)}
        )
        endpoint, _ = backend_app.url_map.bind("localhost").match(path, method="GET")
        declared = policy_for(gateway_app, route.endpoint)
        if not declared.limit:
            continue
        # The gateway counts this route per client; straight to the backend, only its own limit
        # counts: it must be there, and allow no more in any window than the gateway's.
        backend_scope = policy_for(backend_app, endpoint).limit
        assert backend_scope, f"{route.backend} does not limit {path}"
        limited = backend_app.extensions["rate_limits"].by_endpoint[endpoint][1]
        for item in parse_many(gateway_app.config[setting_of(declared.limit)]):
            same_window = [b for b in limited if b.get_expiry() == item.get_expiry()]
            assert same_window and min(b.amount for b in same_window) <= item.amount, (path, str(item))


def test_committed_template_and_error_pages_are_rendered_current():
    with open(render.COMPOSE_TEMPLATE) as template:
        assert template.read() == render.compose_template(), "run: python -m deploy.edge.render --compose"
    files = render.error_files()
    on_disk = {
        os.path.relpath(os.path.join(folder, name), render.ERRORS_DIR)
        for folder, _, names in os.walk(render.ERRORS_DIR)
        for name in names
    }
    assert on_disk == set(files), "run: python -m deploy.edge.render --compose"
    for relative, text in files.items():
        with open(os.path.join(render.ERRORS_DIR, relative)) as page:
            assert page.read() == text, relative


def test_every_refusal_has_its_page_in_the_contracts_shape():
    answered = {status for _, status in render.ERROR_PAGES}
    assert answered == set(render.ERROR_TEXTS)
    for status in answered:
        body = json.loads(render.error_files()[f"json/{status}.json"])
        assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
        assert re.fullmatch(r"[a-z_]+", body["error"]["code"])
        page = render.error_files()[f"html/{status}.html"]
        assert '<html lang="vi">' in page and body["error"]["message"] in page


def test_the_compose_edge_speaks_to_the_gateway_and_exams_services():
    text = render.compose_template()
    upstreams = dict(re.findall(r"upstream edge_(\w+) \{\s*server ([^;]+);", text))
    # The pass-through backend is bound as the gateway bounds it (its default pool and queue).
    assert upstreams == {"gateway": "gateway:8000", "exams": "exams:8003 max_conns=232"}
    assert "listen 80 default_server;" in text
    assert 'proxy_set_header X-Portal-Proxy "${EDGE_PROXY_SECRET}";' in text
    assert render.COMPOSE_ERRORS_DIR in text and render.COMPOSE_CACHE_DIR in text


def _nginx_t(nginx, prefix, conf_text):
    os.makedirs(prefix, exist_ok=True)
    conf = os.path.join(prefix, "nginx.conf")
    with open(conf, "w") as out:
        out.write(conf_text)
    return subprocess.run([nginx, "-t", "-q", "-p", prefix, "-c", conf, "-e", "stderr"], capture_output=True, text=True)


@pytest.mark.skipif(not find_nginx(), reason="nginx is not installed (apt-get install nginx-light)")
def test_debians_nginx_accepts_the_local_and_the_compose_config(tmp_path):
    nginx = find_nginx()
    text, prefix = _local_conf(tmp_path)
    checked = _nginx_t(nginx, prefix, text)
    assert checked.returncode == 0, checked.stderr

    # The compose part as the official image includes it (inside http {}), its paths moved here.
    compose = render.compose_template()
    compose = compose.replace("${EDGE_PROXY_SECRET}", "secret").replace("listen 80 ", "listen 127.0.0.1:18081 ")
    compose = compose.replace(render.COMPOSE_ERRORS_DIR, render.ERRORS_DIR)
    compose = compose.replace(f"{render.COMPOSE_CACHE_DIR}/", f"{tmp_path}/compose-cache/")
    compose = compose.replace("/var/log/nginx/access.log", f"{tmp_path}/access.log")
    os.makedirs(tmp_path / "compose-cache")  # the image's /var/cache/nginx
    wrapped = "\n".join(
        (
            "daemon off;",
            f"pid {tmp_path}/compose.pid;",
            "events {}",
            "http {",
            *(
                f"{kind}_temp_path {tmp_path}/tmp-{kind};"
                for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
            ),
            compose,
            "}",
        )
    )
    # The image resolves gateway and exams through Docker's DNS; here they are loopback names.
    wrapped = wrapped.replace("server gateway:8000;", "server 127.0.0.1:18000;")
    wrapped = wrapped.replace("server exams:8003 ", "server 127.0.0.1:18003 ")
    checked = _nginx_t(nginx, str(tmp_path / "compose"), wrapped)
    assert checked.returncode == 0, checked.stderr
