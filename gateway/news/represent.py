"""The public JSON shapes of the contract, made from the service's answers: summaries
{"slug", "title", "category", "published_at", "summary", "url"} and the detail with "author",
"body_html", "print_url" and "related" (summaries). URLs are the portal's absolute addresses."""

from ..urls import absolute, article_path, article_print_path

SUMMARY_FIELDS = ("slug", "title", "category", "published_at", "summary")


def summary(item):
    return {**{name: item[name] for name in SUMMARY_FIELDS}, "url": absolute(article_path(item["slug"]))}


def summary_page(body):
    return {**body, "items": [summary(item) for item in body["items"]]}


def detail(body):
    return {
        **summary(body),
        "author": body["author"],
        "body_html": body["body_html"],
        "print_url": absolute(article_print_path(body["slug"])),
        "related": [summary(item) for item in body["related"]["items"]],
    }


def written(body):
    """What an editor gets back from a write: the public detail fields minus related, plus the
    editorial ones (status, cover, times)."""
    return {
        **summary(body),
        "author": body["author"],
        "body_html": body["body_html"],
        "print_url": absolute(article_print_path(body["slug"])),
        "status": body["status"],
        "cover": body.get("cover"),
        "created_at": body["created_at"],
        "updated_at": body["updated_at"],
    }


def categories(body):
    return {"items": [{"slug": item["slug"], "name": item["name"]} for item in body["items"]]}
