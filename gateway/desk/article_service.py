"""The articles service as the desk uses it, on the signed-in member's behalf (calls.py): the
desk's lists, one article with its version, the writes and the workflow's steps, revisions.
Every write names the version the member's page was made on (If-Match), so a colleague's save in
between is a 412 the editor shows, never a silent overwrite."""

from ..news.client import article_api_path
from .calls import desk_call, desk_json

STAFF_LISTS = "/api/v1/staff/articles"


def if_match(version):
    return {"If-Match": f'"{version}"'}


def staff_list(view, owner=None, page=1, per_page=10):
    params = {"view": view, "page": page, "per_page": per_page}
    if owner:
        params["owner"] = owner
    return desk_json("articles", "GET", STAFF_LISTS, params=params)


def article(slug):
    """The article as staff see it (drafts too); a 404 raised."""
    return desk_json("articles", "GET", article_api_path(slug))


# What a revision proposes of an article (the articles service's CONTENT).
CONTENT = ("title", "category", "summary", "body_html", "author", "cover")


def working_copy(slug):
    """The article as the desk edits it: while an edit of the published article awaits
    approval, with that edit's content (what the approver reviews, what a save changes)."""
    found = article(slug)
    pending = found.get("pending_revision")
    if not pending:
        return found
    proposed = revision(slug, pending["id"])
    return {**found, **{name: proposed.get(name) for name in CONTENT if name in proposed}}


def create(fields):
    return desk_call("articles", "POST", "/api/v1/articles", json=fields)


def update(slug, version, fields, autosave=False):
    params = {"autosave": "1"} if autosave else None
    return desk_call("articles", "PATCH", article_api_path(slug), params=params, json=fields, headers=if_match(version))


def step(slug, version, name, body=None):
    """submit, approve ({"published_at"}), reject ({"comment"}), unpublish."""
    return desk_call("articles", "POST", article_api_path(slug, f"/{name}"), json=body or {}, headers=if_match(version))


def revisions(slug, page=1, per_page=20):
    return desk_json(
        "articles", "GET", article_api_path(slug, "/revisions"), params={"page": page, "per_page": per_page}
    )


def revision(slug, revision_id):
    return desk_json("articles", "GET", article_api_path(slug, f"/revisions/{int(revision_id)}"))


def restore(slug, revision_id, version):
    return desk_call(
        "articles", "POST", article_api_path(slug, f"/revisions/{int(revision_id)}/restore"), headers=if_match(version)
    )
