"""gunicorn settings for the gateway: the shared ones, but on gevent workers.

  gunicorn -c python:gateway.gunicorn_conf 'gateway:create_app()'

The gateway spends most of a request waiting on the services (a page waits on four or five calls
at once). On gthread workers every wait and every parallel call is an OS thread fighting for the
GIL; on gevent they are greenlets in one thread. Measured with the results-day benchmark on the
2-core machine: lookups through the gateway +40–55 % req/s, and less system time per request
(bench/gateway_load.py, README). The services stay on gthread: they wait little, and their SQLite
calls would block a gevent worker's every other request. GUNICORN_WORKER_CLASS still overrides."""

import os

from portal_common.gunicorn_conf import *  # noqa: F401,F403 (bind, workers, timeouts, hooks)

worker_class = os.environ.get("GUNICORN_WORKER_CLASS") or "gevent"


if worker_class == "gevent":
    import gevent

    def post_request(worker, req, environ, resp):
        # A keep-alive connection whose next request has already arrived would be served again
        # at once, and a few busy connections could keep a worker to themselves while the others
        # wait: measured on the warm page, p50 0.6 ms but p75 124 ms and p99 774 ms. Yielding
        # once per request gives the connections turns: p50 6.3 ms, p99 82 ms, same req/s.
        gevent.sleep(0)
