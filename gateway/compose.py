"""Pages built from several services at once: every call runs in parallel on a bounded pool, and
a failed call costs only its own section, which the page shows as a short notice.

A page that lost a section says so in `X-Partial-Content` (the backends that failed) and gets a
very short cache life, so no cache keeps a degraded page for long."""

import contextvars
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from flask import current_app, g

from portal_common.errors import ApiError

from .backends import BackendBusy, BackendError

UNAVAILABLE = "Nội dung tạm thời không khả dụng."


@dataclass
class Section:
    value: object = None
    error: str = None  # a short notice for the visitor when the section could not be had
    backend: str = None

    @property
    def ok(self):
        return self.error is None


def _executor():
    executor = current_app.extensions.get("compose_executor")
    if executor is None:
        executor = current_app.extensions["compose_executor"] = ThreadPoolExecutor(
            max_workers=current_app.config["COMPOSE_THREADS"], thread_name_prefix="compose"
        )
    return executor


def mark_partial(backend_name):
    g.setdefault("partial_backends", set()).add(backend_name)


def fetch_parallel(calls):
    """Run every call at once; `calls` maps a section name to a function of no arguments. Returns {name: Section}.

    Each call runs in a copy of this request's context (contextvars), so it sees the request id and
    `g`. A BackendError marks the page partial; a 4xx ApiError (e.g. not found) is left to the
    caller to judge through `Section.error` = the message and `Section.value` = the ApiError."""
    executor = _executor()
    futures = {name: executor.submit(contextvars.copy_context().run, call) for name, call in calls.items()}
    sections = {}
    for name, future in futures.items():
        try:
            sections[name] = Section(value=future.result())
        except BackendBusy as error:  # the page's owner judges: the lookup page answers 503, retried
            mark_partial(error.backend)
            sections[name] = Section(value=error, error=error.message, backend=error.backend)
        except BackendError as error:
            mark_partial(error.backend)
            sections[name] = Section(error=UNAVAILABLE, backend=error.backend)
        except ApiError as error:
            sections[name] = Section(value=error, error=error.message)
    return sections


def init_app(app):
    @app.after_request
    def say_partial(response):
        partial = g.get("partial_backends")
        if partial:
            response.headers["X-Partial-Content"] = ",".join(sorted(partial))
            response.headers["Cache-Control"] = "public, max-age=5"
        return response
