"""The documents' public addresses, each from its route with url_for (as gateway/urls.py does for
the other domains), also offered to the templates."""

from flask import url_for

from . import pages


@pages.app_template_global()
def documents_path(page=1, **filters):
    values = {name: value for name, value in filters.items() if value not in (None, "")}
    if page != 1:
        values["page"] = page
    return url_for("documents_pages.documents_page", **values)


@pages.app_template_global()
def document_path(document_id):
    return url_for("documents_pages.document_page", document_id=str(document_id))


def document_file_path(document_id, n):
    return url_for("documents_pages.document_file", document_id=str(document_id), n=n)
