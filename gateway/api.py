"""The public JSON API's own routes: /api/v1 and its OpenAPI document, merged from each domain's
part (gateway/<domain>/openapi.py); the resources themselves are in each domain's blueprint."""

from flask import Blueprint, jsonify

from portal_common.openapi import document
from portal_common.route_policy import route_policy

from . import cache_life
from .accounts import openapi as accounts_openapi
from .documents import openapi as documents_openapi
from .exams import openapi as exams_openapi
from .media import openapi as media_openapi
from .news import openapi as news_openapi
from .sections import openapi as sections_openapi

bp = Blueprint("api_root", __name__, url_prefix="/api/v1")


def spec():
    paths = {
        "/api/v1/": {"get": {"summary": "About this API", "responses": {"200": {"description": "Name and version"}}}},
        "/api/v1/openapi.json": {
            "get": {"summary": "This document", "responses": {"200": {"description": "OpenAPI 3"}}}
        },
    }
    schemas = {}
    for part in (news_openapi, media_openapi, exams_openapi, accounts_openapi):
        paths.update(part.PATHS)
        schemas.update(part.SCHEMAS)
    # The site settings, static pages and Hỏi đáp (gateway/sections/).
    paths.update(sections_openapi.PATHS)
    schemas.update(sections_openapi.SCHEMAS)
    # Văn bản (gateway/documents/).
    paths.update(documents_openapi.PATHS)
    schemas.update(documents_openapi.SCHEMAS)
    doc = document(
        "Cổng thông tin Sở GD&ĐT — API công khai",
        "1.0.0",
        paths,
        schemas,
        'Tin tức, hình ảnh, video và tra cứu điểm thi. Mọi lỗi: {"error": {"code", "message"}}. '
        "Thời gian: ISO 8601, giờ Việt Nam (+07:00). Ghi cần 'Authorization: Bearer <mã>': mã đăng nhập "
        "của cán bộ (POST /api/v1/auth/token), với vai trò được phép, hoặc mã máy ADMIN_TOKEN.",
    )
    return doc


@bp.get("/")
@route_policy(cache=cache_life.PUBLISHED, page_cache=True)
def index():
    return jsonify(
        name="Cổng thông tin Sở Giáo dục và Đào tạo — API công khai",
        version="v1",
        openapi="/api/v1/openapi.json",
    )


@bp.get("/openapi.json")
@route_policy(cache=cache_life.PUBLISHED, page_cache=True)
def openapi_json():
    return jsonify(spec())
