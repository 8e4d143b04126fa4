"""Two gateway replicas with the production rate-limit storage (Redis) count one client together,
so scaling the gateway out does not multiply what a scraper may send."""

from gateway import create_app


def test_replicas_share_the_count(tmp_path, dead_backends, redis_server):
    config = {
        "DATA_DIR": str(tmp_path),
        "TESTING": True,
        "RATE_LIMIT_SEARCH": "4/minute",
        "RATELIMIT_STORAGE_URI": redis_server.url,
        **dead_backends,
    }
    replicas = [create_app(dict(config)).test_client() for _ in range(2)]
    statuses = [replicas[i % 2].get("/tim-kiem?q=thi").status_code for i in range(5)]
    assert 429 not in statuses[:4]
    assert statuses[4] == 429
    # A fresh replica started now still sees the client's spent allowance.
    assert create_app(dict(config)).test_client().get("/tim-kiem?q=thi").status_code == 429
