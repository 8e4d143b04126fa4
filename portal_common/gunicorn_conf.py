"""gunicorn settings for every process, read from the environment so ops size each service alone:
gunicorn -c python:portal_common.gunicorn_conf 'services.exams:create_app()'
"""

import multiprocessing
import os

from portal_common import server_errors

# gunicorn's own 400/414/431/501 in the portal's JSON shape and in Vietnamese (server_errors.py).
server_errors.install()


def _int(name, default):
    return int(os.environ.get(name) or default)


bind = os.environ.get("BIND") or f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = _int("GUNICORN_WORKERS", min(4, multiprocessing.cpu_count() * 2))
threads = _int("GUNICORN_THREADS", 4)
worker_class = os.environ.get("GUNICORN_WORKER_CLASS") or ("gthread" if threads > 1 else "sync")
# Concurrent clients per worker on async workers (the gateway's gevent; see gateway/gunicorn_conf.py).
worker_connections = _int("GUNICORN_WORKER_CONNECTIONS", 1000)
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 20)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
backlog = _int("GUNICORN_BACKLOG", 2048)
max_requests = _int("GUNICORN_MAX_REQUESTS", 0)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 0)
# Our apps write one JSON line per request themselves; gunicorn's access log would double it.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# Uploads stream through; gunicorn itself must not cap them below the app's own limits.
limit_request_line = 8190


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
