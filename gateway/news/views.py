"""The news pages: a category's list, an article with its related news, the print view, search.

Each page fetches its own data and the layout's (menu, sidebar) in one parallel round. When the
page's main content is "not found" (unknown category or article, a page number past the last)
the visitor gets the friendly 404 page; when the articles service is down, the section says so
and the page is still served."""

from flask import render_template, request

from portal_common.article_schemas import SEARCH_QUERY_MAX_CHARS
from portal_common.errors import ApiError
from portal_common.pagination import positive_int_arg
from portal_common.route_policy import route_policy, when_arg

from .. import cache_life
from ..compose import Section
from ..pager import pager
from ..pages import layout  # the module, not its names: layout.py imports this package's client
from ..urls import article_path, category_path, search_path
from . import client, pages

PER_PAGE = 10
# The same page size as the first page of related news that the articles service puts in an
# article (its RELATED_PER_PAGE), which page 1 of the pager shows without another call.
RELATED_PER_PAGE = 10
RELATED_PAGE_ARG = "trang"


def _page_exists(section, page):
    if page > 1 and section.ok and page > section.value["pages"]:
        raise ApiError(404, f"Không có trang {page}.")


def _category_named(sections, slug):
    found = sections["categories"]
    names = {item["slug"]: item["name"] for item in found.value} if found.ok else {}
    return {"slug": slug, "name": names.get(slug, "Tin tức")}


@pages.get("/chuyen-muc/<slug>")
@route_policy(cache=cache_life.NEWS, page_cache=True)
def category_page(slug):
    page = positive_int_arg("page", 1)
    sections = layout.sections_or_error_page(
        {"articles": lambda: client.article_list(category=slug, page=page, per_page=PER_PAGE)}
    )
    listing = sections["articles"]
    _page_exists(listing, page)
    pages = listing.value["pages"] if listing.ok else None
    links = pager(page, pages, lambda n: category_path(slug, n)) if listing.ok else []
    return render_template(
        "news/category.html",
        s=sections,
        category=_category_named(sections, slug),
        page=page,
        pages=pages,
        pager_links=links,
    )


@pages.get("/bai-viet/<slug>")
@route_policy(cache=cache_life.NEWS, page_cache=True)
def article_page(slug):
    related_page = positive_int_arg(RELATED_PAGE_ARG, 1)
    calls = {"article": lambda: client.article(slug)}
    if related_page > 1:  # the article itself carries the first page of its related news
        calls["related"] = lambda: client.related(slug, related_page, RELATED_PER_PAGE)
    sections = layout.sections_or_error_page(calls)
    article = sections["article"]
    if not article.ok:  # the service is down: there is no article to show
        raise ApiError(503, article.error)
    if related_page == 1:
        sections["related"] = Section(value=article.value["related"])
    _page_exists(sections["related"], related_page)
    related = sections["related"]

    def related_url(n):
        return article_path(slug) + (f"?{RELATED_PAGE_ARG}={n}" if n > 1 else "") + "#tin-lien-quan"

    related_pages = related.value["pages"] if related.ok else None
    links = pager(related_page, related_pages, related_url) if related.ok else []
    return render_template(
        "news/article.html",
        s=sections,
        article=article.value,
        category=_category_named(sections, article.value["category"]),
        pager_links=links,
        related_page=related_page,
        related_pages=related_pages,
    )


@pages.get("/bai-viet/<slug>/in")
@route_policy(cache=cache_life.NEWS, page_cache=True)
def article_print(slug):
    sections = layout.sections_or_error_page({"article": lambda: client.article(slug)}, with_layout=False)
    if not sections["article"].ok:
        raise ApiError(503, sections["article"].error)
    return render_template("news/print.html", s={}, article=sections["article"].value)


@pages.get("/tim-kiem")
@route_policy(cache=cache_life.NEWS, page_cache=True, limit="search", limit_when=when_arg("q"))
def search_page():
    q = request.args.get("q", "").strip()[:SEARCH_QUERY_MAX_CHARS]
    page = positive_int_arg("page", 1)
    calls = {"results": lambda: client.article_list(q=q, page=page, per_page=PER_PAGE)} if q else {}
    sections = layout.sections_or_error_page(calls)
    results = sections.get("results")
    if results is not None:
        _page_exists(results, page)
    pages = results.value["pages"] if results is not None and results.ok else None
    links = pager(page, pages, lambda n: search_path(q, n)) if pages else []
    return render_template(
        "news/search.html", s=sections, query=q, results=results, page=page, pages=pages, pager_links=links
    )
