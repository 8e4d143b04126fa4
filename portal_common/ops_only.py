"""Routes for ops only (`route_policy(ops_only=True)`: health, readiness, metrics): answered to
callers from OPS_NETWORKS (loopback by default, where container health checks and a local
Prometheus run), a 404 to anyone else. /readyz makes a call to every backend; on the one published
port it was a way for anyone to make the portal work, and /metrics told them how it was doing."""

import ipaddress
from functools import lru_cache

from flask import current_app, request

from .errors import ApiError
from .route_policy import policy_for


class Networks:
    """Networks from text like '127.0.0.0/8, 10.1.2.3' (a bare address is a /32 or /128), and
    which addresses are in them. Asked on every request (portal_common.proxies), of the few
    addresses that call a service: each answer is kept, since parsing the address was a twentieth
    of a lean lookup's CPU."""

    def __init__(self, text):
        self.networks = tuple(
            ipaddress.ip_network(part.strip(), strict=False) for part in (text or "").split(",") if part.strip()
        )
        self.holds = lru_cache(maxsize=4096)(self._holds)

    def _holds(self, address):
        try:
            ip = ipaddress.ip_address(address or "")
        except ValueError:
            return False
        return any(ip in network for network in self.networks)


def init_app(app):
    networks = Networks(app.config["OPS_NETWORKS"])

    @app.before_request
    def only_for_ops():
        if policy_for(current_app, request.endpoint).ops_only and not networks.holds(request.remote_addr):
            raise ApiError(404, "Không tìm thấy địa chỉ này.")
