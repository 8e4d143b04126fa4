"""portal_common.ratelimit: per client, per scope, 429 with Retry-After, and open when its
counter storage is down."""

from flask import Flask

from portal_common import errors, ratelimit
from tools.processes import free_port


def make_app(storage_uri, limit="2/minute"):
    app = Flask(__name__)
    errors.init_app(app)

    @app.get("/a/<x>")
    def a(x):
        return "a"

    @app.get("/b")
    def b():
        return "b"

    @app.get("/free")
    def free():
        return "free"

    limits = ratelimit.init_app(app, storage_uri, "test")
    limits.attach("a", "shared", limit)
    limits.attach("b", "shared", limit)
    return app


def test_routes_in_one_scope_share_the_allowance_per_client():
    client = make_app("memory://").test_client()
    assert client.get("/a/1").status_code == 200
    assert client.get("/b").status_code == 200
    limited = client.get("/a/2")
    assert limited.status_code == 429 and 0 < int(limited.headers["Retry-After"]) <= 60
    assert limited.json["error"]["code"] == "too_many_requests"
    assert "(tối đa 2 lần mỗi phút)" in limited.json["error"]["message"]  # in the visitor's language
    assert client.get("/free").status_code == 200
    assert client.get("/b", environ_base={"REMOTE_ADDR": "192.0.2.9"}).status_code == 200


def test_writes_are_not_counted():
    client = make_app("memory://", "1/minute").test_client()
    client.post("/b")
    client.post("/b")
    assert client.get("/b").status_code == 200


def test_counter_storage_down_lets_visitors_through():
    dead = f"redis://127.0.0.1:{free_port()}/0"
    client = make_app(dead, "1/minute").test_client()
    assert [client.get("/b").status_code for _ in range(3)] == [200, 200, 200]
