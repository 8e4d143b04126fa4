"""The part of every app factory that is the same for the four processes."""

import os

from flask import Flask

from . import errors, health, logging_setup, metrics, ops_only, request_body, request_id, test_switches
from .config import common_settings


def create_base_app(import_name, service_name, settings=None, test_config=None, html_renderer=None):
    """A Flask app with configuration (environment, then the service's own settings, then
    `test_config`), JSON logging, request ids, metrics, errors and health already wired."""
    app = Flask(import_name)
    app.config.update(common_settings())
    app.config["SERVICE_NAME"] = service_name
    app.config.update(settings or {})
    app.config.update(test_config or {})
    app.json.sort_keys = False
    app.json.ensure_ascii = False

    logging_setup.configure(service_name, app.config["LOG_LEVEL"])
    request_id.init_app(app)
    metrics.init_app(app)
    errors.init_app(app, html_renderer)
    app.register_blueprint(health.bp)
    test_switches.init_app(app)
    ops_only.init_app(app)
    request_body.init_app(app)
    os.makedirs(app.config["DATA_DIR"], exist_ok=True)
    return app
