"""What the gateway asks the articles service for about the sections. Reads go through the
backend's answer cache (CACHE_TTL_ARTICLES), which a content change empties (freshness.py)."""

from urllib.parse import quote

from ..backends import backend, decoded_json
from ..proxy import client_headers


def site_settings():
    return backend("articles").read("/api/v1/site")


def page(key):
    return backend("articles").read(f"/api/v1/pages/{quote(key, safe='')}")


def question_form():
    return backend("articles").read("/api/v1/questions/form")


def questions(q="", page=1, per_page=10):
    params = {"page": page, "per_page": per_page}
    if q:
        params["q"] = q
    return backend("articles").read("/api/v1/questions", params)


def ask(fields):
    """Post the visitor's question with their address (as the gateway judged it), so the
    service's per-address limit counts the visitor: (status, JSON body)."""
    response = backend("articles").send("POST", "/api/v1/questions", json=fields, headers=client_headers())
    return response.status, decoded_json(response, "articles")
