"""The sections every Sở GD&ĐT portal carries besides news (kept by the articles service, the
contract's "Hỏi đáp (questions from the public) and the other sections"): the pages /gioi-thieu,
/lien-he, /hoi-dap and /en, the public question form they post, and the /api/v1 routes of the
site settings, static pages and questions. The site settings also make every page's header and
footer (pages/layout.py)."""

from flask import Blueprint

pages = Blueprint("sections_pages", __name__)
api = Blueprint("sections_api", __name__, url_prefix="/api/v1")

from . import json_api, views  # noqa: E402,F401  (routes register on the blueprints above)
