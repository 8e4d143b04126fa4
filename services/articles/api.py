"""The articles service's JSON API."""
from flask import Blueprint

bp = Blueprint("articles_api", __name__, url_prefix="/api/v1")
