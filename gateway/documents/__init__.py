"""Văn bản in the gateway: the /van-ban pages, the files' byte proxy, and /api/v1/documents."""

from flask import Blueprint

pages = Blueprint("documents_pages", __name__)
api = Blueprint("documents_api", __name__, url_prefix="/api/v1")

from . import file_proxy, json_api, paths, views  # noqa: E402,F401  (routes register on the blueprints above)
