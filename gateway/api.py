"""The public JSON API's own routes (/api/v1 root and its OpenAPI document); the resources are
in each domain's blueprint (news, media, exams)."""
from flask import Blueprint, jsonify

bp = Blueprint("api_root", __name__, url_prefix="/api/v1")


@bp.get("/")
def index():
    return jsonify(
        name="Cổng thông tin Sở Giáo dục và Đào tạo — API công khai",
        version="v1",
        openapi="/api/v1/openapi.json",
    )
