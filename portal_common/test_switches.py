"""Switches for fault and fan-out benchmarks and tests only, off unless PORTAL_TEST_SWITCHES=1.

PORTAL_TEST_DELAY_MS=200 delays every answer of this process (but /healthz) by that much, to
prove the gateway calls its backends in parallel (a home page costs the slowest, not the sum).
PORTAL_TEST_BODY_READ_DELAY_MS=5 waits that long before each read of a request body: a service
that takes an upload in slower than it arrives."""

import time

from flask import request

from .config import env_bool, env_int


class _SlowInput:
    def __init__(self, stream, delay):
        self.stream, self.delay = stream, delay

    def read(self, *args):
        time.sleep(self.delay)
        return self.stream.read(*args)

    def readline(self, *args):
        time.sleep(self.delay)
        return self.stream.readline(*args)

    def __iter__(self):
        return iter(self.readline, b"")


def init_app(app):
    if not env_bool("PORTAL_TEST_SWITCHES", False):
        return
    delay_ms = env_int("PORTAL_TEST_DELAY_MS", 0)
    if delay_ms > 0:

        @app.before_request
        def delay():
            if request.path != "/healthz":
                time.sleep(delay_ms / 1000)

    body_delay_ms = env_int("PORTAL_TEST_BODY_READ_DELAY_MS", 0)
    if body_delay_ms > 0:
        next_app = app.wsgi_app

        def slow_bodies(environ, start_response):
            environ["wsgi.input"] = _SlowInput(environ["wsgi.input"], body_delay_ms / 1000)
            return next_app(environ, start_response)

        app.wsgi_app = slow_bodies
