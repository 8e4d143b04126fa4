"""The Văn bản pages: /van-ban (the table of documents, the filters as a GET form, the pager) and
/van-ban/<id> (every field, the files with their sizes, related, replaced and replacing
documents). A documents service that is down costs its own section, never the page."""

from flask import render_template, request

from portal_common.document_vocabulary import STATUSES
from portal_common.errors import ApiError
from portal_common.pagination import positive_int_arg
from portal_common.route_policy import route_policy, when_arg

from .. import cache_life
from ..pager import pager
from ..pages import layout
from . import client, pages, presenting  # noqa: F401  (presenting registers the template filters)
from .paths import documents_path

PER_PAGE = 20
TEXT_FILTER_MAX = 200


def _filters():
    """The form's values, as the visitor sent them (trimmed); the service judges them."""
    return {name: request.args.get(name, "").strip()[:TEXT_FILTER_MAX] for name in client.FILTERS}


@pages.get("/van-ban")
@route_policy(cache=cache_life.DOCUMENTS, page_cache=True, limit="search", limit_when=when_arg("q"))
def documents_page():
    page = positive_int_arg("page", 1)
    filters = _filters()
    sections = layout.sections_with_layout(
        {"documents": lambda: client.documents(filters, page, PER_PAGE), "facets": client.facets}
    )
    found = sections["documents"]
    if isinstance(found.value, ApiError):  # a filter the service refused: said beside the form
        if found.value.status != 400:
            raise found.value
    pages_count = found.value["pages"] if found.ok else None
    if pages_count is not None and page > 1 and page > pages_count:
        raise ApiError(404, f"Không có trang {page}.")
    links = pager(page, pages_count, lambda n: documents_path(n, **filters)) if pages_count else []
    return render_template(
        "documents/list.html",
        s=sections,
        filters=filters,
        statuses=STATUSES,
        page=page,
        pages=pages_count,
        pager_links=links,
        filtering=any(filters.values()),
    )


@pages.get("/van-ban/<document_id>")
@route_policy(cache=cache_life.DOCUMENTS, page_cache=True)
def document_page(document_id):
    sections = layout.sections_or_error_page({"document": lambda: client.document(document_id)})
    return render_template("documents/document.html", s=sections)
