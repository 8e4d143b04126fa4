"""The exams service's JSON API."""
from flask import Blueprint

bp = Blueprint("exams_api", __name__, url_prefix="/api/v1")
