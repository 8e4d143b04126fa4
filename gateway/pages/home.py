"""The home page: latest news, "Hình ảnh hoạt động", "Video clip", "Tra cứu điểm thi"."""
from flask import Blueprint

from ..news import client as news
from .layout import render_page

bp = Blueprint("home", __name__)


@bp.get("/")
def home():
    return render_page("home.html", {"latest_news": lambda: news.latest_articles(8)})
