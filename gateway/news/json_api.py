"""The public JSON API for news (/api/v1): reads pass through the answer cache with the portal's
URLs added; writes, the workflow's steps and revisions need a valid token here
(portal_common.auth.signed_in_required: the machine token, or a staff token with a good
signature), and the articles service decides what the token's roles allow.

Passed on to the service: the body as sent, Authorization, and If-Match (the version a save was
made on); passed back: the service's status, its error, and ETag (the article's version).

A read made with a token may show what the public must not (a draft, who owns an article): it is
never for a shared cache (Cache-Control: private, no-store), and it is not served from the answer
cache. A public read's ETag is the gateway's own, made from the answer it gives (which also holds
the related articles), not the service's version of the article alone."""

from flask import request

from portal_common.auth import signed_in_required
from portal_common.route_policy import route_policy, when_arg

from .. import cache_life
from ..proxy import forward_json, query_args, write_headers
from . import api, represent
from .client import article_api_path

PRIVATE = "private, no-store"


def _for_this_reader(response):
    if "Authorization" in request.headers:
        response.headers["Cache-Control"] = PRIVATE
    else:
        response.headers.pop("ETag", None)
    return response


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
    return _for_this_reader(forward_json("articles", "GET", article_api_path(slug), transform=represent.detail))


@api.get("/articles/<slug>/related")
@route_policy(cache=cache_life.NEWS, page_cache=True)
def related(slug):
    params = query_args("page", "per_page")
    return _for_this_reader(
        forward_json(
            "articles", "GET", article_api_path(slug, "/related"), params=params, transform=represent.summary_page
        )
    )


def _write(method, path, transform=represent.written):
    # The body is passed on as sent: the service judges it and names the faulty field.
    return forward_json(
        "articles", method, path, transform=transform, body=request.get_data() or None, headers=write_headers()
    )


@api.post("/articles")
@signed_in_required
def create_article():
    return _write("POST", "/api/v1/articles")


@api.patch("/articles/<slug>")
@signed_in_required
def update_article(slug):
    return _write("PATCH", article_api_path(slug))


@api.delete("/articles/<slug>")
@signed_in_required
def delete_article(slug):
    return _write("DELETE", article_api_path(slug), transform=None)


@api.post("/articles/<slug>/submit")
@signed_in_required
def submit_article(slug):
    return _write("POST", article_api_path(slug, "/submit"))


@api.post("/articles/<slug>/approve")
@signed_in_required
def approve_article(slug):
    return _write("POST", article_api_path(slug, "/approve"))


@api.post("/articles/<slug>/reject")
@signed_in_required
def reject_article(slug):
    return _write("POST", article_api_path(slug, "/reject"))


@api.post("/articles/<slug>/unpublish")
@signed_in_required
def unpublish_article(slug):
    return _write("POST", article_api_path(slug, "/unpublish"))


@api.get("/articles/<slug>/revisions")
# Staff only (the service checks the token): never kept, never replayed.
@route_policy(cache="private, no-store")
@signed_in_required
def revisions(slug):
    response = forward_json(
        "articles", "GET", article_api_path(slug, "/revisions"), params=query_args("page", "per_page")
    )
    response.headers["Cache-Control"] = PRIVATE
    return response


@api.get("/articles/<slug>/revisions/<int:revision_id>")
@route_policy(cache="private, no-store")
@signed_in_required
def revision(slug, revision_id):
    response = forward_json("articles", "GET", article_api_path(slug, f"/revisions/{revision_id}"))
    response.headers["Cache-Control"] = PRIVATE
    return response


@api.post("/articles/<slug>/revisions/<int:revision_id>/restore")
@signed_in_required
def restore_revision(slug, revision_id):
    return _write("POST", article_api_path(slug, f"/revisions/{revision_id}/restore"))
