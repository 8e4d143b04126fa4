"""Exams in the gateway: the lookup page, the score distribution page, and /api/v1 exams."""

from flask import Blueprint

pages = Blueprint("exams_pages", __name__)
api = Blueprint("exams_api", __name__, url_prefix="/api/v1")

from . import json_api, lean_lookup, views  # noqa: E402,F401  (routes register on the blueprints above)
