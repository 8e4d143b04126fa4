"""News in the gateway: category, article, print, search pages, feeds, and /api/v1 articles."""

from flask import Blueprint

pages = Blueprint("news_pages", __name__)
api = Blueprint("news_api", __name__, url_prefix="/api/v1")

from . import feeds, json_api, views  # noqa: E402,F401  (routes register on the blueprints above)
