"""Whose X-Forwarded-For is believed. A service behind the gateway (and the gateway behind the
edge) takes the client's address from that header, trusting a set number of hops; but only when
the caller is one of our proxies — an address in TRUSTED_PROXY_NETWORKS (loopback by default), or
a caller proving itself with PROXY_SECRET in the X-Portal-Proxy header (compose, where addresses
change on every deploy). Anything else that can reach a service directly (another container on
the network) would otherwise rotate the header past every per-client limit."""

import hmac

from werkzeug.middleware.proxy_fix import ProxyFix

from .ops_only import Networks

PROXY_SECRET_HEADER = "X-Portal-Proxy"
_SECRET_ENVIRON = "HTTP_X_PORTAL_PROXY"


class TrustedProxyFix:
    def __init__(self, next_app, hops, networks, secret=None):
        self.next_app = next_app
        self.believing = ProxyFix(next_app, x_for=hops, x_proto=0, x_host=0, x_port=0, x_prefix=0)
        self.networks = Networks(networks)
        self.secret = secret.encode() if secret else None

    def trusted(self, environ):
        offered = environ.pop(_SECRET_ENVIRON, None)  # never seen by views, never passed on
        if self.secret and offered and hmac.compare_digest(offered.encode(), self.secret):
            return True
        return self.networks.holds(environ.get("REMOTE_ADDR"))

    def __call__(self, environ, start_response):
        if self.trusted(environ):
            return self.believing(environ, start_response)
        environ.pop("HTTP_X_FORWARDED_FOR", None)  # not ours: the peer is the client
        return self.next_app(environ, start_response)


def init_app(app, hops):
    """Wrap the app (outermost) so that request.remote_addr is the client's."""
    if hops > 0:
        app.wsgi_app = TrustedProxyFix(
            app.wsgi_app, hops, app.config["TRUSTED_PROXY_NETWORKS"], app.config.get("PROXY_SECRET")
        )
