"""The home page, as department portals have it: a lead story with its picture, the latest news,
a block per category with "Xem thêm", "Tra cứu điểm thi", "Hình ảnh hoạt động" (album covers) and
"Video clip" (posters with their length).

The lead is the newest of the latest articles that has a picture of its own (its `cover`, the
article's first image as the articles service gives it), else the newest article, shown without
a picture: an album cover beside an unrelated headline would tell the reader something false.

Two parallel rounds: the page's lists with the layout's, then one list per category (known only
once the categories are in). Each block that cannot be had says so; the page is still 200."""

from flask import Blueprint, render_template

from portal_common.route_policy import route_policy

from .. import cache_life
from ..compose import fetch_parallel
from ..media import client as media
from ..news import client as news
from . import layout

bp = Blueprint("home", __name__)

LATEST = 9
PER_CATEGORY = 3
ALBUMS = 4
VIDEOS = 4


def lead_and_rest(articles):
    """(lead, the others): the lead is the newest article with a picture, else the newest."""
    if not articles:
        return None, []
    lead = next((article for article in articles if article.get("cover")), articles[0])
    return lead, [article for article in articles if article is not lead]


def _category_blocks(categories):
    if not categories.ok or not categories.value:
        return []
    lists = fetch_parallel(
        {
            category["slug"]: (lambda slug=category["slug"]: news.article_list(category=slug, per_page=PER_CATEGORY))
            for category in categories.value
        }
    )
    blocks = []
    for category in categories.value:
        section = lists[category["slug"]]
        if section.ok and not section.value["items"]:
            continue  # a category with nothing in it yet is left off the home page
        blocks.append({"category": category, "section": section})
    return blocks


@bp.get("/")
@route_policy(cache=cache_life.NEWS, page_cache=True)
def home():
    sections = layout.sections_with_layout(
        {
            "latest_news": lambda: news.latest_articles(LATEST),
            "home_albums": lambda: media.albums(1, ALBUMS, with_upload_date=True)["items"],
            "home_videos": lambda: media.videos(1, VIDEOS)["items"],
        }
    )
    lead, latest = lead_and_rest(sections["latest_news"].value) if sections["latest_news"].ok else (None, [])
    return render_template(
        "home.html", s=sections, lead=lead, latest=latest, category_blocks=_category_blocks(sections["categories"])
    )
