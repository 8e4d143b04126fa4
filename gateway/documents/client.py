"""What the gateway asks the documents service for, turned into the contract's public shapes:
each file's URL loads through the gateway (/van-ban/<id>/tep/<n>), each document's `url` is its
page; both absolute, from PUBLIC_BASE_URL (urls.absolute)."""

from urllib.parse import quote

from ..backends import backend
from ..urls import absolute
from .paths import document_file_path, document_path

FIELDS = ("id", "number", "type", "issuer", "signer", "issued_on", "effective_on", "expires_on", "field", "summary")
LINK_LISTS = ("related_documents", "replaces_documents", "replaced_by")
FILTERS = ("q", "type", "issuer", "field", "year", "status")


def public_file(document_id, file):
    return {
        "name": file["name"],
        "url": absolute(document_file_path(document_id, file["n"])),
        "size": file["size"],
        "content_type": file["content_type"],
    }


def public_document(document):
    """The contract's list item."""
    body = {name: document[name] for name in FIELDS}
    body["status"] = document["status"]
    body["files"] = [public_file(document["id"], file) for file in document["files"]]
    body["url"] = absolute(document_path(document["id"]))
    return body


def public_link(link):
    return {**link, "url": absolute(document_path(link["id"]))}


def public_detail(document):
    """The list item's fields, plus the related, replaced and replacing documents."""
    body = public_document(document)
    body["ends_on"] = document["ends_on"]
    body["related"], body["replaces"] = document["related"], document["replaces"]
    for name in LINK_LISTS:
        body[name] = [public_link(link) for link in document[name]]
    return body


def public_page(body):
    return {**body, "items": [public_document(item) for item in body["items"]]}


def documents(filters, page=1, per_page=20):
    params = {name: value for name, value in filters.items() if name in FILTERS and value}
    return public_page(backend("documents").read("/api/v1/documents", {**params, "page": page, "per_page": per_page}))


def document(document_id):
    return public_detail(backend("documents").read(f"/api/v1/documents/{quote(document_id, safe='')}"))


def facets():
    return backend("documents").read("/api/v1/documents/facets")
