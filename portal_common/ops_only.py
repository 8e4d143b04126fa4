"""Routes for ops only (`route_policy(ops_only=True)`: health, readiness, metrics): answered to
callers from OPS_NETWORKS (loopback by default, where container health checks and a local
Prometheus run), a 404 to anyone else. /readyz makes a call to every backend; on the one published
port it was a way for anyone to make the portal work, and /metrics told them how it was doing."""

import ipaddress

from flask import current_app, request

from .errors import ApiError
from .route_policy import policy_for


def parse_networks(text):
    """'127.0.0.0/8, 10.1.2.3' → ip_network objects (a bare address is a /32 or /128)."""
    return tuple(ipaddress.ip_network(part.strip(), strict=False) for part in (text or "").split(",") if part.strip())


def address_in(address, networks):
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return False
    return any(ip in network for network in networks)


def init_app(app):
    networks = parse_networks(app.config["OPS_NETWORKS"])

    @app.before_request
    def only_for_ops():
        if policy_for(current_app, request.endpoint).ops_only and not address_in(request.remote_addr, networks):
            raise ApiError(404, "Không tìm thấy địa chỉ này.")
