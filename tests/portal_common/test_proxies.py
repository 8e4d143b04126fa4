"""Whose X-Forwarded-For a process believes: its proxies' (by address, or by the shared secret),
nobody else's."""

from flask import Flask, request

from portal_common import proxies
from portal_common.config import common_settings


def app_behind_proxies(**config):
    app = Flask(__name__)
    app.config.update(common_settings())
    app.config.update(config)

    @app.get("/who")
    def who():
        return request.remote_addr or ""

    proxies.init_app(app, 1)
    return app.test_client()


def test_a_proxy_on_a_trusted_network_is_believed():
    client = app_behind_proxies()
    assert client.get("/who", headers={"X-Forwarded-For": "203.0.113.5"}).text == "203.0.113.5"


def test_anyone_else_is_the_client_themselves():
    client = app_behind_proxies()
    answer = client.get("/who", headers={"X-Forwarded-For": "203.0.113.5"}, environ_base={"REMOTE_ADDR": "10.0.0.8"})
    assert answer.text == "10.0.0.8"


def test_a_proxy_that_proves_itself_with_the_secret_is_believed_from_anywhere():
    client = app_behind_proxies(PROXY_SECRET="s3cret")
    outside = {"REMOTE_ADDR": "10.0.0.8"}
    proven = client.get(
        "/who", headers={"X-Forwarded-For": "203.0.113.5", "X-Portal-Proxy": "s3cret"}, environ_base=outside
    )
    assert proven.text == "203.0.113.5"
    wrong = client.get(
        "/who", headers={"X-Forwarded-For": "203.0.113.5", "X-Portal-Proxy": "guess"}, environ_base=outside
    )
    assert wrong.text == "10.0.0.8"
