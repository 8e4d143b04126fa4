"""Media in the gateway: album and video pages, the media byte proxy, and /api/v1 media."""

from flask import Blueprint

pages = Blueprint("media_pages", __name__)
api = Blueprint("media_api", __name__, url_prefix="/api/v1")

from . import bytes_proxy, json_api, views  # noqa: E402,F401  (routes register on the blueprints above)
