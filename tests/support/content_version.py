"""Checks of a service's content version (GET /api/v1/content-version, portal_common.content_version)
that the services' tests share."""

import logging


def version(client):
    """The version `client`'s app serves now, after checking the answer is one not to be cached."""
    response = client.get("/api/v1/content-version")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert set(response.json) == {"version"} and isinstance(response.json["version"], str)
    # The edge reads it from the header (a subrequest's body is not for nginx to read).
    assert response.headers["X-Content-Version"] == response.json["version"]
    return response.json["version"]


def assert_the_demo_load_changes_the_version(runner, client):
    """`flask load-demo` (run by `runner`, the app's CLI runner) moves the version."""
    before = version(client)
    assert runner.invoke(args=["load-demo"]).exit_code == 0
    assert version(client) != before


def assert_polling_writes_no_access_log_line(client, caplog):
    """The gateway polls the version often; those requests stay out of the access log."""
    with caplog.at_level(logging.INFO, logger="portal.access"):
        for _ in range(3):
            version(client)
    assert [r for r in caplog.records if r.name == "portal.access"] == []
