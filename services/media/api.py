"""The media service's JSON API."""
from flask import Blueprint

bp = Blueprint("media_api", __name__, url_prefix="/api/v1")
