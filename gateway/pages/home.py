"""The home page: latest news, "Hình ảnh hoạt động", "Video clip", "Tra cứu điểm thi"."""

from flask import Blueprint, render_template

from portal_common.route_policy import route_policy

from .. import cache_life
from ..news import client as news
from . import layout

bp = Blueprint("home", __name__)


@bp.get("/")
@route_policy(cache=cache_life.NEWS, page_cache=True)
def home():
    sections = layout.sections_with_layout({"latest_news": lambda: news.latest_articles(8)})
    return render_template("home.html", s=sections)
