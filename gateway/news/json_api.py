"""The public JSON API for news (/api/v1): reads pass through the answer cache with the portal's
URLs added; writes need the admin token here and again at the service."""

from flask import request

from portal_common.auth import admin_required
from portal_common.route_policy import route_policy, when_arg

from .. import cache_life
from ..proxy import forward_json, query_args
from . import api, represent
from .client import article_api_path


@api.get("/categories")
@route_policy(cache=cache_life.NEWS, page_cache=True)
def categories():
    return forward_json("articles", "GET", "/api/v1/categories", transform=represent.categories)


@api.get("/articles")
@route_policy(cache=cache_life.NEWS, page_cache=True, limit="search", limit_when=when_arg("q"))
def articles():
    params = query_args("category", "q", "page", "per_page")
    return forward_json("articles", "GET", "/api/v1/articles", params=params, transform=represent.summary_page)


@api.get("/articles/<slug>")
@route_policy(cache=cache_life.NEWS, page_cache=True)
def article(slug):
    return forward_json("articles", "GET", article_api_path(slug), transform=represent.detail)


@api.get("/articles/<slug>/related")
@route_policy(cache=cache_life.NEWS, page_cache=True)
def related(slug):
    params = query_args("page", "per_page")
    return forward_json(
        "articles", "GET", article_api_path(slug, "/related"), params=params, transform=represent.summary_page
    )


def _body():
    # Passed on as sent: the service judges it and names the faulty field.
    return {"body": request.get_data(), "headers": {"Content-Type": request.content_type or "application/json"}}


@api.post("/articles")
@admin_required
def create_article():
    return forward_json("articles", "POST", "/api/v1/articles", transform=represent.written, **_body())


@api.patch("/articles/<slug>")
@admin_required
def update_article(slug):
    return forward_json("articles", "PATCH", article_api_path(slug), transform=represent.written, **_body())


@api.delete("/articles/<slug>")
@admin_required
def delete_article(slug):
    return forward_json("articles", "DELETE", article_api_path(slug))
