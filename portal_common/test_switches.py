"""Switches for fault and fan-out benchmarks only, off unless PORTAL_TEST_SWITCHES=1.

PORTAL_TEST_DELAY_MS=200 delays every answer of this process (but /healthz) by that much, to
prove the gateway calls its backends in parallel (a home page costs the slowest, not the sum)."""

import time

from flask import request

from .config import env_bool, env_int


def init_app(app):
    if not env_bool("PORTAL_TEST_SWITCHES", False):
        return
    delay_ms = env_int("PORTAL_TEST_DELAY_MS", 0)
    if delay_ms <= 0:
        return

    @app.before_request
    def delay():
        if request.path != "/healthz":
            time.sleep(delay_ms / 1000)
