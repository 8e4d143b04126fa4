"""The edge's nginx config, rendered here and nowhere else.

nginx sits in front of the gateway on results day (`EDGE=1 make run`, the `edge` service in
docker-compose.yml). Everything it says about a route comes from the gateway's own declarations,
so a route is still declared once, on the route:

- the routes the gateway declares `route_policy(pass_through="<backend>")` go straight to that
  service (`pass_throughs()` walks the gateway's url_map): their GETs and HEADs without a token,
  that is; writes, preflights and reads with a token still go to the gateway. Their Cache-Control
  is the service's own when it states one, else what the gateway's HTTP caching gives that status
  of that route, and their Vary the gateway's (both asked of gateway/http_caching.py itself, not
  copied); the service applies the same limits, security headers and CORS as the gateway
  (portal_common/ratelimit.py, portal_common/security.py);
- the edge's own error pages carry the security headers of portal_common/security.py, and a
  visitor's X-Request-ID is kept when it matches portal_common/request_id.py's pattern;
- the timeouts of a pass-through are the gateway's own for a backend call, the body cap its
  UPLOAD_MAX_BYTES.

    python -m deploy.edge.render --out DIR/nginx.conf --prefix DIR   # local: EDGE=1 make run, tests
    python -m deploy.edge.render --compose                           # deploy/edge/templates/…

The local config is a whole nginx.conf (pid, logs, cache and temp files under the prefix); the
compose one is the http-level part the official nginx image includes from conf.d/, with
${EDGE_PROXY_SECRET} left for the image's envsubst. tests/edge/ checks the committed template
against a fresh rendering."""

import argparse
import os
import re
import sys
import tempfile
from dataclasses import dataclass
from urllib.parse import urlsplit

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
ERRORS_DIR = os.path.join(HERE, "errors")
COMPOSE_TEMPLATE = os.path.join(HERE, "templates", "default.conf.template")
COMPOSE_FILE = os.path.join(ROOT, "docker-compose.yml")
# Where docker-compose.yml mounts deploy/edge/errors, and the image's own cache folder.
COMPOSE_ERRORS_DIR = "/etc/nginx/portal-errors"
COMPOSE_CACHE_DIR = "/var/cache/nginx"  # exists in the image; nginx makes one level below

# How long the edge keeps a public page or JSON answer (its micro-cache; nginx counts whole
# seconds), whatever longer life the answer declares to browsers: hot pages and repeated lookups
# are answered here, and a write reaches the edge's readers within a second or two. Which answers
# are kept is the upstream's Cache-Control: public, not no-store/no-cache/private, a max-age at
# least this long; never a partial page (X-Partial-Content, see below), never a Set-Cookie.
MICRO_CACHE_SECONDS = 1
# An entry nobody asked for in this long is dropped. Until then an expired one may be served once
# more while it is refreshed (proxy_cache_use_stale updating); nginx's cache manager drops it up
# to 10 s late, so such a copy can be some 15 s old: within the 30 s and more that public answers
# declare, but not within a partial page's 5 s, which is therefore never kept at all.
MICRO_CACHE_INACTIVE_SECONDS = 3
# A pass-through's answers are kept under its backend's content version, which the edge asks for
# in a subrequest (auth_request to /_edge/versions/<backend>, itself kept this long). A kept
# answer may then live as long as the backend declares (a published lookup: 60 s; an embargo's
# refusal: until the announced time), and still a re-import, a correction (phúc khảo) or a change
# of the embargo reaches every reader of the edge within about this long: the next version read
# makes a new key, and nothing kept under the old one is served again. Repeated lookups — a class
# checking its results, a parent pressing F5 — are then answered here, not one per second. The
# subrequest is itself a kept answer: in trials a kept lookup ran at 0.7× a kept static file's
# rate, against 0.85× with the version in a map file that a follower rewrote and reloaded nginx
# for — not worth a second process, its reloads, and a version up to its poll behind.
VERSION_SECONDS = 1
# Those answers have a zone of their own, where one asked for again within this long is still
# kept (the pages' zone forgets in seconds): room for some 500,000 numbers (8,000 keys per MB).
PASS_THROUGH_INACTIVE_SECONDS = 120
PASS_THROUGH_KEYS_MB = 64
# Static files (the gateway says no-cache: browsers revalidate, and the edge answers the 304s)
# are asked of the gateway again, with If-None-Match, after this long.
STATIC_SECONDS = 60
# Flood guards per client address, far above what a school behind one address needs (the
# portal's real limits are the gateway's and the exams service's, per client).
# Per client address. Generous: a school, or a mobile carrier's NAT, puts many parents behind one
# address. EDGE_FLOOD_* change them (the benchmarks lift them: wrk is one address).
FLOOD_RATE_PER_SECOND = int(os.environ.get("EDGE_FLOOD_RATE") or 100)
FLOOD_BURST = int(os.environ.get("EDGE_FLOOD_BURST") or 400)
FLOOD_CONNECTIONS = int(os.environ.get("EDGE_FLOOD_CONNECTIONS") or 200)
# limit_req/limit_conn refuse with this status, answered as 429: never mistaken for a 429 of the
# services (which passes through with its own message and Retry-After).
FLOOD_STATUS = 599
# The edge's own refusals: nginx's status(es) → the status answered, whose page is
# errors/json/<status>.json on /api/ and errors/html/<status>.html elsewhere.
ERROR_PAGES = (
    ((400,), 400),
    ((404,), 404),
    ((413,), 413),
    ((414,), 414),
    ((494,), 431),  # nginx's own code for "request header or cookie too large"
    ((500, 502, 503), 503),  # the gateway (or the service) cannot be reached
    ((504,), 504),
    ((FLOOD_STATUS,), 429),
)
# On a pass-through, the service's own answers are the gateway's (its 4xx pass on unchanged); its
# 5xx become the edge's 503 as the gateway makes them; nginx's own errors as everywhere.
PASS_THROUGH_INTERCEPTED = (413, 500, 502, 503, 504, FLOOD_STATUS)
RETRY_AFTER = {503: 5, 429: 1}
# An internal status: a request the location sends on to @gateway_long.
TO_GATEWAY_STATUS = 418
# How long a read may wait on the gateway (it bounds its own backend calls; media bytes may pause
# 30 s between chunks, gateway/streamed_bytes.py).
READ_SECONDS = 40
# What each of those pages says: code (the contract's error codes), title, message.
ERROR_TEXTS = {
    400: ("bad_request", "Yêu cầu không hợp lệ", "Yêu cầu không hợp lệ."),
    404: ("not_found", "Không tìm thấy trang", "Không tìm thấy địa chỉ này."),
    413: ("payload_too_large", "Nội dung quá lớn", "Nội dung gửi lên quá lớn."),
    414: ("uri_too_long", "Địa chỉ quá dài", "Địa chỉ yêu cầu quá dài."),
    429: (
        "too_many_requests",
        "Quá nhiều yêu cầu",
        "Quá nhiều yêu cầu từ địa chỉ của bạn. Vui lòng thử lại sau giây lát.",
    ),
    431: (
        "request_header_fields_too_large",
        "Yêu cầu quá lớn",
        "Phần đầu của yêu cầu (header hoặc cookie) quá lớn.",
    ),
    503: (
        "unavailable",
        "Tạm thời không khả dụng",
        "Cổng thông tin tạm thời không khả dụng. Vui lòng thử lại sau ít phút.",
    ),
    504: ("timeout", "Máy chủ không trả lời kịp", "Máy chủ không trả lời kịp. Vui lòng thử lại sau."),
}
SITE_NAME = "Sở Giáo dục và Đào tạo"
GZIP_TYPES = (
    "text/css",
    "text/plain",
    "text/xml",
    "text/javascript",
    "application/javascript",
    "application/json",
    "application/xml",
    "application/rss+xml",
    "application/atom+xml",
    "image/svg+xml",
)
# Statuses whose Cache-Control the gateway might make differently (asked of it for each).
PROBED_STATUSES = tuple(range(200, 600))


@dataclass(frozen=True)
class PassThrough:
    """One gateway route the edge sends straight to its backend."""

    endpoint: str
    rule: str
    methods: tuple
    backend: str
    location: str  # the nginx regex of the rule
    cache_control: tuple  # ((status, value), …) where it differs from `cache_control_default`
    cache_control_default: str
    vary: tuple  # ((status, value), …); other statuses: none


@dataclass(frozen=True)
class Edge:
    listen: str  # "127.0.0.1:8080", or "80" in compose
    upstreams: dict  # "gateway" and each pass-through backend → "host:port"
    errors_dir: str
    cache_dir: str
    pass_throughs: tuple
    connect_timeout: float  # a pass-through call, as the gateway's call to a backend
    read_timeout: float
    max_body_bytes: int  # the gateway's UPLOAD_MAX_BYTES: each route's real cap is its own
    upload_timeout: float
    access_log: str = "/var/log/nginx/access.log"  # JSON lines (the official image: stdout)
    proxy_secret: str = ""  # PROXY_SECRET: proves the edge to the gateway and the services
    media_origin: str = None
    worker_processes: str = "auto"
    # Requests each nginx worker sends a pass-through backend at once: the gateway's own bound for
    # a backend's reads per worker (BACKEND_POOL_SIZE + BACKEND_QUEUE_LIMIT). Past it, an
    # immediate 503 with Retry-After, as the gateway's admission answers (graceful overload).
    backend_bound: int = 0


# -- the gateway's declarations --------------------------------------------------------------

_PART = re.compile(r"<(?:(?P<converter>[a-zA-Z_][a-zA-Z0-9_]*)(?P<args>\(.*?\))?:)?(?P<name>[a-zA-Z_][a-zA-Z0-9_]*)>")


def location_regex(url_map, rule_text):
    """The nginx (PCRE) regex matching exactly the paths Flask's rule matches."""
    parts, position = ["^"], 0
    for match in _PART.finditer(rule_text):
        parts.append(re.escape(rule_text[position : match.start()]))
        if match["args"]:
            raise ValueError(f"{rule_text}: converter arguments are not rendered for the edge")
        converter = url_map.converters[match["converter"] or "default"](url_map)
        parts.append(f"(?:{converter.regex})")
        position = match.end()
    parts.append(re.escape(rule_text[position:]) + "$")
    return "".join(parts)


def _caching_hook(app):
    from gateway import http_caching

    for hook in app.after_request_funcs.get(None, ()):
        if hook.__module__ == http_caching.__name__:
            return hook
    raise RuntimeError("gateway/http_caching.py registered no after_request hook")


def _declared_headers(app, rule, status):
    """Cache-Control and Vary of a GET answer of `rule` with `status`, as the gateway's HTTP
    caching makes them (asked of its hook, on a request matched to the route)."""
    hook = _caching_hook(app)
    path = app.url_map.bind("localhost").build(rule.endpoint, {name: "1" for name in rule.arguments})
    with app.test_request_context(path, method="GET"):
        response = app.response_class(b"{}", status=status, mimetype="application/json")
        response = hook(response)
        return response.headers.get("Cache-Control"), response.headers.get("Vary")


def pass_throughs(app):
    """Every route of the gateway `app` declaring `pass_through`, as the edge renders it."""
    from portal_common.route_policy import policy_for

    found = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda rule: (rule.rule, rule.endpoint)):
        policy = policy_for(app, rule.endpoint)
        if not policy.pass_through:
            continue
        methods = tuple(sorted(rule.methods - {"OPTIONS"}))
        if not set(methods) <= {"GET", "HEAD"}:
            raise ValueError(f"{rule.rule}: only reads pass through the edge, not {methods}")
        answers = {status: _declared_headers(app, rule, status) for status in PROBED_STATUSES}
        # A 304 is the 200 answer made conditional (werkzeug's make_conditional): its headers.
        answers[304] = answers[200]
        default = answers[418][0] or ""
        found.append(
            PassThrough(
                endpoint=rule.endpoint,
                rule=rule.rule,
                methods=methods,
                backend=policy.pass_through,
                location=location_regex(app.url_map, rule.rule),
                cache_control=tuple((s, cc) for s, (cc, _) in sorted(answers.items()) if (cc or "") != default),
                cache_control_default=default,
                vary=tuple((s, vary) for s, (_, vary) in sorted(answers.items()) if vary),
            )
        )
    return tuple(found)


def host_port(url):
    parts = urlsplit(url)
    if parts.scheme != "http" or not parts.hostname:
        raise ValueError(f"{url!r}: the edge calls plain http://host:port addresses")
    return f"{parts.hostname}:{parts.port or 80}"


def gateway_app(data_dir):
    """The gateway as its processes make it (from this process's environment), to read its routes
    and settings; `data_dir` takes the folder its factory makes."""
    from gateway import create_app

    return create_app({"DATA_DIR": data_dir})


def settings_from(env, listen, errors_dir, cache_dir, app):
    """The edge for the gateway `app` configured by `env` (what its processes get): GATEWAY_URL,
    and each pass-through backend's <NAME>_URL (the gateway's own setting when unset)."""
    config = app.config
    routes = pass_throughs(app)
    upstreams = {"gateway": host_port(env.get("GATEWAY_URL") or "http://127.0.0.1:8000")}
    for route in routes:
        setting = f"{route.backend.upper()}_URL"
        upstreams[route.backend] = host_port(env.get(setting) or config[setting])
    return Edge(
        listen=listen,
        upstreams=upstreams,
        errors_dir=errors_dir,
        cache_dir=cache_dir,
        pass_throughs=routes,
        connect_timeout=config["BACKEND_CONNECT_TIMEOUT"],
        read_timeout=config["BACKEND_READ_TIMEOUT"],
        max_body_bytes=config["UPLOAD_MAX_BYTES"],
        upload_timeout=config["UPLOAD_TIMEOUT"],
        proxy_secret=env.get("PROXY_SECRET") or "",
        media_origin=config.get("MEDIA_ORIGIN"),
        backend_bound=config["BACKEND_POOL_SIZE"] + config["BACKEND_QUEUE_LIMIT"],
    )


# -- the config text -------------------------------------------------------------------------


def _quoted(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _ms(seconds):
    return f"{max(1, round(seconds * 1000))}ms"


def _upstream_name(backend):
    return f"edge_{backend}"


def _map(source, target, entries, default):
    lines = [f"map {source} {target} {{"]
    lines += [f"    {key} {value};" for key, value in entries]
    lines.append(f"    default {default};")
    lines.append("}")
    return lines


def _keep_rules(shortest_kept):
    """map entries: 1 (not kept) for an answer's Cache-Control that forbids shared caching or
    lives shorter than the micro-cache, 0 for a public one; no Cache-Control: not kept."""
    shorter = "|".join(str(seconds) for seconds in range(shortest_kept))
    return [
        ('"~*(?:no-store|no-cache|private)"', "1"),
        (_quoted(f"~*max-age=0*(?:{shorter})(?![0-9])"), "1"),
        ('"~*public"', "0"),
    ]


def _security_headers(edge):
    from portal_common.security import security_headers

    return security_headers(edge.media_origin)


def _request_id_pattern():
    from portal_common import request_id

    return request_id._ACCEPTABLE.pattern


def _cors_exposed():
    from portal_common.security import CORS_EXPOSED

    return ", ".join(sorted(CORS_EXPOSED))


# What the edge does not take from a backend's answer. The X-Accel ones would let a backend steer
# nginx. Vary: the services say "Vary: Accept-Encoding", but their bytes never depend on it (the
# edge asks for them uncompressed and compresses them for each visitor); followed, nginx keeps one
# copy per key and a visitor with another browser's Accept-Encoding replaces it, so alternating
# visitors made nearly every kept lookup a miss (bench/edge_load.py: 4,158 of 8,872 lookups
# reached the service). Visitors still get the Vary header.
NOT_FOLLOWED = "Expires X-Accel-Expires X-Accel-Redirect X-Accel-Limit-Rate Vary"


def _proxy_headers(edge, indent, extra=()):
    """proxy_set_header lines (a location that sets any must set them all: nginx inherits none)."""
    lines = [
        "proxy_set_header Host $http_host;",
        'proxy_set_header Connection "";',
        # Kept bytes are the identity encoding whoever asked first; gzip is added per visitor.
        'proxy_set_header Accept-Encoding "";',
        "proxy_set_header X-Forwarded-For $edge_forwarded_for;",
        "proxy_set_header X-Forwarded-Proto $scheme;",
        "proxy_set_header X-Request-ID $edge_request_id;",
        # Never a visitor's own; the edge's secret when there is one (portal_common/proxies.py).
        f"proxy_set_header X-Portal-Proxy {_quoted(edge.proxy_secret)};",
        *extra,
    ]
    return [indent + line for line in lines]


def _answer_headers(indent, extra=()):
    """add_header lines every answer through the edge gets (likewise not inherited by a location
    that adds its own)."""
    lines = [
        "add_header X-Request-ID $edge_request_id always;",
        "add_header X-Cache-Status $upstream_cache_status always;",
        *extra,
    ]
    return [indent + line for line in lines]


def _error_pages(statuses, kind, indent):
    lines = []
    for nginx_statuses, answered in ERROR_PAGES:
        chosen = [status for status in nginx_statuses if status in statuses]
        if not chosen:
            continue
        changed = "" if chosen == [answered] else f"={answered} "
        target = f"/_edge/{kind}/{answered}.{kind}"  # kind: json, html, or $edge_error_kind
        lines.append(f"{indent}error_page {' '.join(map(str, chosen))} {changed}{target};")
    return lines


def _all_error_statuses():
    return {status for statuses, _ in ERROR_PAGES for status in statuses}


def _to_gateway(indent, condition, intercepted=None):
    """Send the requests `condition` (an nginx if-condition) holds for to @gateway_long (nginx sets
    timeouts per location, not per request). A location with an error_page of its own inherits
    none: its refusals are listed (`intercepted`: those of a pass-through, in JSON)."""
    if intercepted is None:
        pages = _error_pages(_all_error_statuses(), "$edge_error_kind", indent)
    else:
        pages = _error_pages(intercepted, "json", indent)
    return [
        f"{indent}error_page {TO_GATEWAY_STATUS} = @gateway_long;",
        *pages,
        f"{indent}if ({condition}) {{",
        f"{indent}    return {TO_GATEWAY_STATUS};",
        f"{indent}}}",
    ]


def _version_variable(backend):
    return "$edge_version_" + re.sub(r"[^A-Za-z0-9]", "_", backend)


def _version_location(edge, backend):
    """The content version of `backend`, read by its pass-throughs' auth_request: its
    X-Content-Version header (portal_common/content_version.py), kept VERSION_SECONDS."""
    return [
        f"    # {backend}'s content version, keying what the edge keeps of its pass-throughs. Kept",
        f"    # {VERSION_SECONDS} s, refreshed by one request while the others read the old one; with the",
        "    # service down, the last one known (its kept lookups are still served while they last).",
        f"    location = /_edge/versions/{backend} {{",
        "        internal;",
        f"        proxy_pass http://{_upstream_name(backend)}/api/v1/content-version;",
        "        proxy_pass_request_body off;",
        *_proxy_headers(edge, "        ", ('proxy_set_header Content-Length "";',)),
        f"        proxy_connect_timeout {_ms(edge.connect_timeout)};",
        f"        proxy_read_timeout {_ms(edge.read_timeout)};",
        "        proxy_cache edge_versions;",
        f'        proxy_cache_key "{backend}";',
        f"        proxy_cache_valid 200 {VERSION_SECONDS}s;",
        # Whatever the visitor sent (a cookie, a token): one version for all, always kept.
        "        proxy_cache_bypass 0;",
        "        proxy_no_cache 0;",
        "        proxy_cache_use_stale updating error timeout http_500 http_502 http_503 http_504;",
        "    }",
    ]


def _pass_through_location(edge, index, route):
    upstream = _upstream_name(route.backend)
    version = _version_variable(route.backend)
    lines = [
        f"    # {' '.join(route.methods)} {route.rule}: the gateway's {route.endpoint} declares",
        f"    # pass_through={route.backend!r}, so it goes straight to {route.backend}, answered as the gateway",
        "    # answers it (Cache-Control, Vary; the service applies the same limits, CORS and headers).",
        f"    location ~ {_quoted(route.location)} {{",
        # Writes, preflights and reads with a token are the gateway's (it alone judges a token's
        # read, e.g. of an embargoed result): sent there whole.
        *_to_gateway("        ", f"$edge_to_gateway_{index}", PASS_THROUGH_INTERCEPTED),
        # Kept under the backend's content version, for as long as the backend's Cache-Control
        # says (or the micro-cache's life when it says none): see VERSION_SECONDS. A version that
        # cannot be read is a 500, answered as the edge's 503.
        f"        auth_request /_edge/versions/{route.backend};",
        f"        auth_request_set {version} $upstream_http_x_content_version;",
        "        proxy_cache edge_pass_throughs;",
        f'        proxy_cache_key "$scheme://$http_host$request_uri {version}";',
        f"        proxy_ignore_headers {NOT_FOLLOWED};",
        f"        proxy_pass http://{upstream};",
        f"        proxy_connect_timeout {_ms(edge.connect_timeout)};",
        f"        proxy_read_timeout {_ms(edge.read_timeout)};",
        f"        proxy_send_timeout {_ms(edge.read_timeout)};",
        "        proxy_intercept_errors on;",
        f"        proxy_no_cache $http_authorization $http_cookie $edge_not_kept_{index};",
        # A stale copy only while it is refreshed: with the service down the gateway answers 503,
        # and so does the edge.
        "        proxy_cache_use_stale updating;",
        "        proxy_hide_header X-Request-ID;",
        "        proxy_hide_header Cache-Control;",
        "        proxy_hide_header Vary;",
        *_answer_headers(
            "        ",
            (
                f"add_header Cache-Control $edge_cache_control_{index} always;",
                f"add_header Vary $edge_vary_{index} always;",
            ),
        ),
        "    }",
    ]
    return lines


def _pass_through_maps(index, route):
    """Cache-Control: the service's own when it states one (the embargo's, which it and the
    gateway both take from portal_common/exam_embargo.py), else the gateway's for the status."""
    cache_control = [(str(status), _quoted(value)) for status, value in route.cache_control]
    vary = [(str(status), _quoted(value)) for status, value in route.vary]
    declared = f"$edge_declared_cache_control_{index}"
    return [
        f"# {route.endpoint}: Cache-Control and Vary as the gateway answers {route.rule}.",
        *_map("$status", declared, cache_control, _quoted(route.cache_control_default)),
        *_map(
            "$upstream_http_cache_control",
            f"$edge_cache_control_{index}",
            [('""', declared)],
            "$upstream_http_cache_control",
        ),
        *_map(f"$edge_cache_control_{index}", f"$edge_not_kept_{index}", _keep_rules(MICRO_CACHE_SECONDS), "1"),
        *_map("$status", f"$edge_vary_{index}", vary, '""'),
        *_map(
            '"$request_method $http_authorization"',
            f"$edge_to_gateway_{index}",
            [(_quoted(f"~^(?:{'|'.join(route.methods)}) $"), "0")],
            "1",
        ),
    ]


def _error_location(edge, kind, content_type, extra_headers=()):
    security = [f"add_header {name} {_quoted(value)} always;" for name, value in _security_headers(edge).items()]
    return [
        f"    location ^~ /_edge/{kind}/ {{",
        "        internal;",
        f"        alias {edge.errors_dir}/{kind}/;",
        "        types { }",
        f"        default_type {content_type};",
        "        charset utf-8;",
        *([f"        charset_types {content_type};"] if content_type != "text/html" else []),
        "        etag off;",
        "        if_modified_since off;",
        "        max_ranges 0;",
        *_answer_headers(
            "        ",
            (
                'add_header Cache-Control "no-store" always;',
                'add_header Last-Modified "" always;',
                "add_header Retry-After $edge_retry_after always;",
                *extra_headers,
                *security,
            ),
        ),
        "    }",
    ]


def http_config(edge):
    """The http-level part: maps, zones, upstreams and the server."""
    routes = edge.pass_throughs
    request_id = _quoted("~" + _request_id_pattern())
    lines = [
        "# The portal's edge. Rendered by deploy/edge/render.py from the gateway's declarations:",
        "# do not edit the rendered file, change the route (or render.py) and render it again.",
        "",
        "log_format portal_edge escape=json",
        '    \'{"time":"$time_iso8601","request_id":"$edge_request_id","client":"$remote_addr",\'',
        '    \'"method":"$request_method","uri":"$request_uri","status":$status,"bytes":$body_bytes_sent,\'',
        '    \'"duration":$request_time,"upstream":"$upstream_addr","upstream_status":"$upstream_status",\'',
        '    \'"cache":"$upstream_cache_status"}\';',
        "",
        "# A visitor's X-Request-ID when the portal accepts it (portal_common/request_id.py), else a new one.",
        *_map("$http_x_request_id", "$edge_request_id", [(request_id, "$http_x_request_id")], "$request_id"),
        "# The visitor's address appended to what came before (a load balancer's); an absurdly long",
        "# header is not passed on, only the address (the gateway and the services trust one hop).",
        *_map(
            "$http_x_forwarded_for",
            "$edge_forwarded_for",
            [('"~^.{0,512}$"', "$proxy_add_x_forwarded_for")],
            "$remote_addr",
        ),
        "# The edge's own error pages: JSON on /api/, a page elsewhere (as the gateway's errors). A",
        "# request line too long to read (414) has no path: JSON, since /api/ never gets a page.",
        *_map("$request_uri", "$edge_error_kind", [('"~^/api/"', "json"), ('""', "json")], "html"),
        *_map("$status", "$edge_retry_after", [(str(s), str(v)) for s, v in RETRY_AFTER.items()], '""'),
        "# Kept by the micro-cache: public answers that live at least as long as it keeps them.",
        *_map("$upstream_http_cache_control", "$edge_not_kept", _keep_rules(MICRO_CACHE_SECONDS), "1"),
    ]
    for index, route in enumerate(routes, 1):
        lines += _pass_through_maps(index, route)
    lines += [
        "",
        f"proxy_cache_path {edge.cache_dir}/edge-pages levels=1:2 keys_zone=edge_pages:16m max_size=512m",
        f"    inactive={MICRO_CACHE_INACTIVE_SECONDS}s use_temp_path=off;",
        f"proxy_cache_path {edge.cache_dir}/edge-pass-throughs levels=1:2",
        f"    keys_zone=edge_pass_throughs:{PASS_THROUGH_KEYS_MB}m max_size=2g",
        f"    inactive={PASS_THROUGH_INACTIVE_SECONDS}s use_temp_path=off;",
        f"proxy_cache_path {edge.cache_dir}/edge-versions levels=1 keys_zone=edge_versions:1m inactive=1d",
        "    use_temp_path=off;",
        f"proxy_cache_path {edge.cache_dir}/edge-assets levels=1:2 keys_zone=edge_assets:16m max_size=4g",
        "    inactive=7d use_temp_path=off;",
        f"limit_req_zone $binary_remote_addr zone=edge_flood:16m rate={FLOOD_RATE_PER_SECOND}r/s;",
        "limit_conn_zone $binary_remote_addr zone=edge_connections:16m;",
        "",
    ]
    for name, address in edge.upstreams.items():
        # A pass-through backend takes no more than the gateway would send it: beyond that the
        # upstream has no free peer, nginx answers 502 at once, and the location's error page makes
        # it the edge's 503 with Retry-After. Open-source nginx counts it per worker (the upstream
        # is not in a shared zone), as the gateway counts per worker. The gateway has its own.
        bound = f" max_conns={edge.backend_bound}" if name != "gateway" and edge.backend_bound else ""
        lines += [
            f"upstream {_upstream_name(name)} {{",
            f"    server {address}{bound};",
            "    keepalive 32;",
            "    keepalive_timeout 4s;  # below gunicorn's keep-alive (5 s): nginx closes first",
            "}",
        ]
    intercepted = _all_error_statuses()
    lines += [
        "",
        "server {",
        f"    listen {edge.listen} default_server;",
        "    server_name _;",
        "    server_tokens off;",
        f"    access_log {edge.access_log} portal_edge;",
        f"    client_max_body_size {edge.max_body_bytes};",
        "    client_header_buffer_size 1k;",
        "    large_client_header_buffers 4 8k;",
        "",
        f"    limit_req zone=edge_flood burst={FLOOD_BURST} nodelay;",
        f"    limit_req_status {FLOOD_STATUS};",
        f"    limit_conn edge_connections {FLOOD_CONNECTIONS};",
        f"    limit_conn_status {FLOOD_STATUS};",
        "",
        "    gzip on;",
        "    gzip_comp_level 5;",
        "    gzip_min_length 256;",
        "    gzip_proxied any;",
        f"    gzip_types {' '.join(GZIP_TYPES)};",
        "",
        "    proxy_http_version 1.1;",
        *_proxy_headers(edge, "    "),
        "    proxy_hide_header X-Request-ID;",
        f"    proxy_ignore_headers Cache-Control {NOT_FOLLOWED};",
        "    proxy_connect_timeout 2s;",
        # Reads: the gateway bounds its own calls; media bytes may pause this long between chunks.
        f"    proxy_read_timeout {READ_SECONDS}s;",
        f"    proxy_send_timeout {READ_SECONDS}s;",
        "    proxy_request_buffering off;",
        "",
        "    proxy_cache edge_pages;",
        '    proxy_cache_key "$scheme://$http_host$request_uri";',
        "    proxy_cache_lock on;",
        "    proxy_cache_lock_timeout 5s;",
        "    proxy_cache_lock_age 5s;",
        "    proxy_cache_use_stale updating error timeout;",
        "    proxy_cache_background_update on;",
        "    proxy_cache_bypass $http_authorization $http_cookie;",
        "    proxy_no_cache $http_authorization $http_cookie $upstream_http_x_partial_content $edge_not_kept;",
        f"    proxy_cache_valid 200 203 {MICRO_CACHE_SECONDS}s;",
        "",
        *_answer_headers("    "),
        *_error_pages(intercepted, "$edge_error_kind", "    "),
        "",
        "    location / {",
        *_to_gateway("        ", f"$request_method !~ {_quoted('^(GET|HEAD|OPTIONS)$')}"),
        f"        proxy_pass http://{_upstream_name('gateway')};",
        "    }",
        "",
        "    # Writes and uploads (streamed to the gateway as they arrive, which may take a service",
        "    # minutes to take in: UPLOAD_TIMEOUT), and what a pass-through leaves to the gateway.",
        "    location @gateway_long {",
        f"        proxy_pass http://{_upstream_name('gateway')};",
        f"        proxy_read_timeout {int(edge.upload_timeout) + 60}s;",
        f"        proxy_send_timeout {int(edge.upload_timeout) + 60}s;",
        "    }",
        "",
        "    # The gateway's static files: it says no-cache, so browsers revalidate; the edge answers",
        "    # their 304s and asks the gateway again (If-None-Match) after a minute.",
        "    location ^~ /static/ {",
        f"        proxy_pass http://{_upstream_name('gateway')};",
        "        proxy_cache edge_assets;",
        f"        proxy_cache_valid 200 {STATIC_SECONDS}s;",
        "        proxy_cache_revalidate on;",
        "        proxy_no_cache $http_authorization $http_cookie;",
        *_answer_headers("        ", ("add_header Vary Accept-Encoding always;",)),
        "    }",
        "",
        "    # Media bytes: immutable under their key (the media service says so; its Cache-Control is",
        "    # followed here). Kept in 1 MB slices, so a seek into a video is a Range of the kept bytes.",
        "    location ^~ /media/ {",
        f"        proxy_pass http://{_upstream_name('gateway')};",
        "        proxy_cache edge_assets;",
        "        slice 1m;",
        '        proxy_cache_key "$scheme://$http_host$request_uri $slice_range";',
        *_proxy_headers(edge, "        ", ("proxy_set_header Range $slice_range;",)),
        f"        proxy_ignore_headers {NOT_FOLLOWED};",
        "        proxy_cache_valid 200 206 1h;",
        "        proxy_read_timeout 60s;",
        "    }",
        "",
    ]
    for index, route in enumerate(routes, 1):
        lines += _pass_through_location(edge, index, route) + [""]
    for backend in sorted({route.backend for route in routes}):
        lines += _version_location(edge, backend) + [""]
    lines += [
        "    location = /_edge/healthz {",
        "        access_log off;",
        "        default_type text/plain;",
        '        return 200 "ok\\n";',
        "    }",
        "",
        *_error_location(
            edge,
            "json",
            "application/json",
            (
                # As flask-cors answers /api/ (with or without an Origin).
                'add_header Access-Control-Allow-Origin "*" always;',
                f"add_header Access-Control-Expose-Headers {_quoted(_cors_exposed())} always;",
            ),
        ),
        "",
        *_error_location(edge, "html", "text/html"),
        "}",
    ]
    return "\n".join(lines) + "\n"


def nginx_conf(edge, prefix, user=None):
    """A whole nginx.conf around http_config(), for Debian's nginx run as `nginx -p prefix -c …`:
    pid and temp files under `prefix`, in the foreground, errors on stderr."""
    temp = os.path.join(prefix, "tmp")
    lines = [
        *([f"user {user};"] if user else []),
        f"worker_processes {edge.worker_processes};",
        "daemon off;",
        f"pid {os.path.join(prefix, 'nginx.pid')};",
        "error_log stderr warn;",
        "events {",
        "    worker_connections 2048;",
        "}",
        "http {",
        "    sendfile on;",
        "    tcp_nopush on;",
        "    keepalive_timeout 65s;",
        "    default_type application/octet-stream;",
        *[
            f"    {kind}_temp_path {os.path.join(temp, kind)};"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        ],
        *["    " + line if line else "" for line in http_config(edge).splitlines()],
        "}",
    ]
    return "\n".join(lines) + "\n"


def local_conf(env, listen, prefix, logs_dir):
    """The local edge's nginx.conf (EDGE=1 make run, tests), for the gateway configured by `env`."""
    for folder in (prefix, logs_dir, os.path.join(prefix, "cache"), os.path.join(prefix, "tmp")):
        os.makedirs(folder, exist_ok=True)
    app = gateway_app(os.path.join(prefix, "tmp"))
    edge = settings_from(env, listen, ERRORS_DIR, os.path.join(prefix, "cache"), app)
    edge = Edge(**{**edge.__dict__, "access_log": os.path.join(logs_dir, "edge-access.log")})
    # As root (CI), workers would run as nobody and could not write the prefix: keep our user.
    user = None
    if os.geteuid() == 0:
        import pwd

        user = pwd.getpwuid(os.geteuid()).pw_name
    return nginx_conf(edge, prefix, user)


def error_files():
    """The edge's error pages, relative path → text (committed in deploy/edge/errors/, which the
    configs serve; tests/edge/ checks them against this)."""
    import html
    import json

    files = {}
    for status, (code, title, message) in sorted(ERROR_TEXTS.items()):
        body = {"error": {"code": code, "message": message}}
        files[f"json/{status}.json"] = json.dumps(body, ensure_ascii=False) + "\n"
        files[f"html/{status}.html"] = "\n".join(
            (
                "<!doctype html>",
                '<html lang="vi">',
                "<head>",
                '  <meta charset="utf-8">',
                '  <meta name="viewport" content="width=device-width, initial-scale=1">',
                f"  <title>{html.escape(title)} — {SITE_NAME}</title>",
                '  <link rel="stylesheet" href="/static/portal.css">',
                "</head>",
                "<body>",
                '  <main id="noi-dung" class="wrap page">',
                f"    <h1>{html.escape(title)}</h1>",
                f"    <p>{html.escape(message)}</p>",
                '    <p><a href="/">Về trang chủ</a></p>',
                "  </main>",
                "</body>",
                "</html>",
                "",
            )
        )
    return files


def write_committed():
    """Write what is committed under deploy/edge/: the compose template and the error pages."""
    os.makedirs(os.path.dirname(COMPOSE_TEMPLATE), exist_ok=True)
    with open(COMPOSE_TEMPLATE, "w") as out:
        out.write(compose_template())
    for relative, text in error_files().items():
        path = os.path.join(ERRORS_DIR, relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as out:
            out.write(text)


def compose_environment():
    """The environment docker-compose.yml gives the gateway and the edge (the edge's addresses
    and the gateway's timeouts and caps come from there)."""
    import yaml

    with open(COMPOSE_FILE) as compose_file:
        services = yaml.safe_load(compose_file)["services"]
    env = {}
    for name in ("gateway", "edge"):
        environment = services.get(name, {}).get("environment", {})
        env.update({key: str(value) for key, value in environment.items()})
    return env


def compose_template():
    """The http-level config for the official nginx image (mounted as a template, envsubst fills
    ${EDGE_PROXY_SECRET} at start)."""
    env = compose_environment()
    # The gateway's settings as its container reads them: compose's values, nothing from here.
    saved = dict(os.environ)
    try:
        for key in [key for key in os.environ if key not in ("PATH", "HOME", "PYTHONPATH")]:
            del os.environ[key]
        os.environ.update({key: value for key, value in env.items() if "${" not in value})
        with tempfile.TemporaryDirectory(prefix="edge-render-") as data_dir:
            edge = settings_from(env, "80", COMPOSE_ERRORS_DIR, COMPOSE_CACHE_DIR, gateway_app(data_dir))
    finally:
        os.environ.clear()
        os.environ.update(saved)
    edge = Edge(**{**edge.__dict__, "proxy_secret": "${EDGE_PROXY_SECRET}"})
    return http_config(edge)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--compose", action="store_true", help="write the compose template and the error pages")
    parser.add_argument("--out", help="where to write the local nginx.conf")
    parser.add_argument("--prefix", help="the local edge's folder: pid, cache, temp files")
    parser.add_argument("--logs", help="the local edge's log folder (default: PREFIX/logs)")
    parser.add_argument("--listen", default="127.0.0.1:8080")
    args = parser.parse_args(argv)
    if args.compose:
        write_committed()
        return 0
    if not (args.out and args.prefix):
        parser.error("--out and --prefix, or --compose")
    text = local_conf(os.environ, args.listen, args.prefix, args.logs or os.path.join(args.prefix, "logs"))
    fd = os.open(args.out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # it may hold PROXY_SECRET
    with os.fdopen(fd, "w") as out:
        out.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
