"""What the gateway asks the articles service for. Functions return plain dicts for templates."""
from ..backends import backend


def latest_articles(limit=6):
    return backend("articles").get_json("/api/v1/articles", {"per_page": limit})["items"]


def categories():
    return backend("articles").get_json("/api/v1/categories")["items"]
