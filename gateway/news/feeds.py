"""/rss.xml (RSS 2.0, the latest 20 articles) and /sitemap.xml (home, categories, every public
article). Both are XML rendered by autoescaping templates, so titles cannot break the markup; and
every character XML 1.0 forbids is dropped from the rendered document, so no stored text can
either (a vertical tab in one title made the whole feed "not well-formed" for every reader, and
articles stored before the services cleaned their text fields may still hold one)."""

from email.utils import format_datetime

from flask import render_template

from portal_common.route_policy import route_policy
from portal_common.text_fields import xml_text
from portal_common.timefmt import parse_iso

from .. import cache_life
from ..backends import BackendDown
from ..compose import fetch_parallel
from ..urls import absolute, article_path, category_path
from . import client, pages

RSS_ITEMS = 20


def _xml(template, mimetype, **context):
    body = xml_text(render_template(template, **context))
    return body, 200, {"Content-Type": f"{mimetype}; charset=utf-8"}


@pages.get("/rss.xml")
@route_policy(cache=cache_life.FEED, page_cache=True)
def rss():
    sections = fetch_parallel(
        {"latest": lambda: client.article_list(per_page=RSS_ITEMS), "categories": client.categories}
    )
    latest = sections["latest"]
    if not latest.ok:  # no feed is better than an empty one that readers would believe
        raise latest.value or BackendDown(latest.backend)
    names = {item["slug"]: item["name"] for item in sections["categories"].value} if sections["categories"].ok else {}
    items = [
        {
            **item,
            "url": absolute(article_path(item["slug"])),
            "pub_date": format_datetime(parse_iso(item["published_at"])),
            "category_name": names.get(item["category"]),
        }
        for item in latest.value["items"]
    ]
    return _xml("news/rss.xml", "application/rss+xml", items=items)


@pages.get("/sitemap.xml")
@route_policy(cache=cache_life.FEED, page_cache=True)
def sitemap():
    sections = fetch_parallel({"entries": client.sitemap_entries, "categories": client.categories})
    for section in sections.values():
        if not section.ok:
            raise section.value or BackendDown(section.backend)
    entries = [{"loc": absolute("/"), "lastmod": None}]
    entries += [
        {"loc": absolute(category_path(item["slug"])), "lastmod": None} for item in sections["categories"].value
    ]
    entries += [
        {"loc": absolute(article_path(item["slug"])), "lastmod": item["updated_at"]}
        for item in sections["entries"].value
    ]
    return _xml("news/sitemap.xml", "application/xml", entries=entries)
