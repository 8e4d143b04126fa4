"""What the gateway asks the articles service for. Functions return plain dicts for templates."""

from urllib.parse import quote

from portal_common.article_schemas import SITEMAP_MAX_PER_PAGE

from ..backends import backend

SITEMAP_MAX_PAGES = 50  # 50,000 addresses: the sitemap protocol's limit for one file


def latest_articles(limit=6):
    return backend("articles").read("/api/v1/articles", {"per_page": limit})["items"]


def categories():
    return backend("articles").read("/api/v1/categories")["items"]


def article_list(category=None, q=None, page=1, per_page=10):
    params = {"page": page, "per_page": per_page}
    if category:
        params["category"] = category
    if q:
        params["q"] = q
    return backend("articles").read("/api/v1/articles", params)


def article_api_path(slug, tail=""):
    """The service's path for an article; the slug is quoted so that no visitor-typed character
    can change the path or add a query."""
    return f"/api/v1/articles/{quote(slug, safe='')}{tail}"


def article(slug):
    return backend("articles").read(article_api_path(slug))


def related(slug, page=1, per_page=10):
    return backend("articles").read(article_api_path(slug, "/related"), {"page": page, "per_page": per_page})


def sitemap_entries():
    """Every public article's slug and times, a bounded number of pages."""
    entries, page = [], 1
    while page <= SITEMAP_MAX_PAGES:
        body = backend("articles").read("/api/v1/sitemap", {"page": page, "per_page": SITEMAP_MAX_PER_PAGE})
        entries.extend(body["items"])
        if page >= body["pages"]:
            break
        page += 1
    return entries
