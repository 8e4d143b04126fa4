"""The sections' public JSON API (/api/v1), passed on to the articles service: the site settings
and their logo, the static pages, Hỏi đáp. Public reads go through the answer cache and may be
page-cached; a read made with a token (the desk's: pending questions with the askers' emails, a
page's draft) is never kept (private, no-store). Writes need a valid token here
(signed_in_required), the service decides what its roles allow; the public's question needs
none, and goes on with the visitor's address (proxy.client_headers) so that the service's
per-address limit counts the visitor, not the gateway."""

from urllib.parse import quote

from flask import Response, request

from portal_common.auth import signed_in_required
from portal_common.errors import ApiError
from portal_common.route_policy import route_policy, when_arg

from .. import cache_life
from ..backends import backend, close
from ..proxy import forward_json, query_args, write_headers
from ..uploads import forward_upload
from . import api

PRIVATE = "private, no-store"
LOGO_PATH = "/api/v1/site/logo"
LOGO_ANSWERED = ("Content-Type", "Content-Length", "ETag", "Cache-Control", "X-Content-Type-Options")


def _page_path(key, tail=""):
    return f"/api/v1/pages/{quote(key, safe='')}{tail}"


def _for_this_reader(response):
    if "Authorization" in request.headers:
        response.headers["Cache-Control"] = PRIVATE
    return response


def _write(method, path):
    return forward_json("articles", method, path, body=request.get_data() or None, headers=write_headers())


@api.get("/site")
@route_policy(cache=cache_life.NEWS, page_cache=True)
def site():
    return forward_json("articles", "GET", "/api/v1/site")


@api.patch("/site")
@signed_in_required
def patch_site():
    return _write("PATCH", "/api/v1/site")


@api.get("/site/logo")
# The service's own Cache-Control and ETag pass through (the URL carries the logo's version).
@route_policy(page_cache=False)
def logo():
    headers = {"If-None-Match": request.headers["If-None-Match"]} if "If-None-Match" in request.headers else {}
    answer = backend("articles").send("GET", LOGO_PATH, headers=headers)
    passed = {name: answer.headers[name] for name in LOGO_ANSWERED if name in answer.headers}
    if answer.status == 304:
        close(answer)
        return Response(status=304, headers=passed)
    if answer.status != 200:
        raise ApiError(404, "Trang chưa có logo.")
    return Response(answer.data, status=200, headers=passed)


@api.put("/site/logo")
@signed_in_required
def put_logo():
    return forward_upload("articles", "PUT", LOGO_PATH)


@api.delete("/site/logo")
@signed_in_required
def delete_logo():
    return _write("DELETE", LOGO_PATH)


@api.get("/pages/<key>")
@route_policy(cache=cache_life.NEWS, page_cache=True)
def page(key):
    return _for_this_reader(forward_json("articles", "GET", _page_path(key)))


@api.get("/pages/<key>/edit")
@route_policy(cache=PRIVATE)
@signed_in_required
def edit_page(key):
    response = forward_json("articles", "GET", _page_path(key, "/edit"))
    response.headers["Cache-Control"] = PRIVATE
    return response


@api.put("/pages/<key>")
@signed_in_required
def put_page(key):
    return _write("PUT", _page_path(key))


@api.get("/questions/form")
# The token proves only the form's age: a kept copy may serve many visitors for a few seconds.
@route_policy(cache=cache_life.NEWS, page_cache=True)
def question_form():
    return forward_json("articles", "GET", "/api/v1/questions/form")


@api.get("/questions")
@route_policy(cache=cache_life.NEWS, page_cache=True, limit="search", limit_when=when_arg("q"))
def questions():
    params = query_args("q", "status", "page", "per_page")
    return _for_this_reader(forward_json("articles", "GET", "/api/v1/questions", params=params))


@api.post("/questions")
def ask():
    # The public's: no token. The body goes on as sent; the service judges it, and counts the
    # visitor's address (forward_json sends the one the gateway judged).
    return _write("POST", "/api/v1/questions")


@api.get("/questions/<int:question_id>")
@route_policy(cache=cache_life.NEWS, page_cache=True)
def question(question_id):
    return _for_this_reader(forward_json("articles", "GET", f"/api/v1/questions/{question_id}"))


@api.post("/questions/<int:question_id>/answer")
@signed_in_required
def answer(question_id):
    return _write("POST", f"/api/v1/questions/{question_id}/answer")


@api.delete("/questions/<int:question_id>")
@signed_in_required
def delete_question(question_id):
    return _write("DELETE", f"/api/v1/questions/{question_id}")
