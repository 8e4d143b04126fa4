"""/api/v1/documents in the contract's shapes. Reads go through the answer cache and the page
cache; writes (multipart uploads stream through as they arrive, gateway/uploads.py) are checked
for a genuine token here and for the role by the documents service."""

from urllib.parse import quote

from flask import jsonify, request

from portal_common.auth import signed_in_required
from portal_common.pagination import page_args
from portal_common.route_policy import route_policy, when_arg

from .. import cache_life
from ..proxy import forward_json
from ..uploads import forward_upload
from . import api, client


def _one(document_id):
    return f"/api/v1/documents/{quote(document_id, safe='')}"


@api.get("/documents")
@route_policy(cache=cache_life.DOCUMENTS, page_cache=True, limit="search", limit_when=when_arg("q"))
def documents():
    page, per_page = page_args()
    return jsonify(client.documents(request.args, page, per_page))


@api.get("/documents/facets")
@route_policy(cache=cache_life.DOCUMENTS, page_cache=True)
def facets():
    return jsonify(client.facets())


@api.get("/documents/<document_id>")
@route_policy(cache=cache_life.DOCUMENTS, page_cache=True)
def document(document_id):
    return jsonify(client.document(document_id))


@api.post("/documents")
@signed_in_required
def create_document():
    return forward_upload("documents", "POST", "/api/v1/documents", transform=client.public_detail)


@api.patch("/documents/<document_id>")
@signed_in_required
def update_document(document_id):
    return forward_json(
        "documents", "PATCH", _one(document_id), json=request.get_json(silent=True), transform=client.public_detail
    )


@api.delete("/documents/<document_id>")
@signed_in_required
def delete_document(document_id):
    return forward_json("documents", "DELETE", _one(document_id))


@api.post("/documents/<document_id>/files")
@signed_in_required
def add_files(document_id):
    return forward_upload("documents", "POST", _one(document_id) + "/files", transform=client.public_detail)


@api.delete("/documents/<document_id>/files/<int:n>")
@signed_in_required
def delete_file(document_id, n):
    return forward_json("documents", "DELETE", f"{_one(document_id)}/files/{n}", transform=client.public_detail)
