"""The public JSON shapes of the contract, made from the service's answers: summaries
{"slug", "title", "category", "published_at", "summary", "url"} and the detail with "author",
"body_html", "print_url" and "related" (summaries). URLs are the portal's absolute addresses.

Staff (the service says who: it adds `owner` to the answers it gives them) also get the editorial
fields: status, cover, times, version, owner, the last return (`review`) and the edit awaiting
approval (`pending_revision`)."""

from ..urls import absolute, article_path, article_print_path

SUMMARY_FIELDS = ("slug", "title", "category", "published_at", "summary")
EDITORIAL_FIELDS = ("status", "cover", "created_at", "updated_at", "version")
STAFF_FIELDS = ("owner", "review", "pending_revision")


def summary(item):
    return {**{name: item[name] for name in SUMMARY_FIELDS}, "url": absolute(article_path(item["slug"]))}


def summary_page(body):
    return {**body, "items": [summary(item) for item in body["items"]]}


def _editorial(body):
    return {
        **{name: body.get(name) for name in EDITORIAL_FIELDS},
        **{name: body.get(name) for name in STAFF_FIELDS},
    }


def detail(body):
    shown = {
        **summary(body),
        "author": body["author"],
        "body_html": body["body_html"],
        "print_url": absolute(article_print_path(body["slug"])),
        "related": [summary(item) for item in body["related"]["items"]],
    }
    if "owner" in body:  # the service answered a member of staff
        shown.update(_editorial(body))
    return shown


def written(body):
    """What staff get back from a write: the public detail fields minus related, plus the
    editorial ones."""
    return {
        **summary(body),
        "author": body["author"],
        "body_html": body["body_html"],
        "print_url": absolute(article_print_path(body["slug"])),
        **_editorial(body),
    }


def categories(body):
    return {"items": [{"slug": item["slug"], "name": item["name"]} for item in body["items"]]}
