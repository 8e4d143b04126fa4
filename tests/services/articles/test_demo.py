"""Demo content: the seed article verbatim, pagers with five pages, idempotent loading."""

import os

from services.articles.demo import SEED_COVER, SEED_SLUG, load_demo

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))


def test_load_demo_is_idempotent_and_keeps_the_seed_article_verbatim(app, client, runner):
    with app.app_context():
        first = load_demo(app)
    assert "124 demo articles added" in first
    assert "0 demo articles added" in runner.invoke(args=["load-demo"]).output
    seed = client.get(f"/api/v1/articles/{SEED_SLUG}").json
    assert seed["title"] == "Kế hoạch truyền thông về giáo dục và đào tạo năm 2019"
    assert (
        seed["published_at"] == "2019-02-26T08:00:00+07:00"
        and seed["author"] == "T.T.T"
        and seed["category"] == "van-phong"
    )
    assert "các chủ trương, chính sách mới ừong việc nâng cao" in seed["body_html"]
    assert seed["body_html"].count("<p>") == 8
    assert seed["related"]["pages"] >= 5
    # Its picture for the home page's lead: a file the gateway serves under /static/.
    assert seed["cover"] == SEED_COVER
    assert os.path.isfile(os.path.join(ROOT, "gateway", SEED_COVER.lstrip("/")))
    listing = client.get("/api/v1/articles?category=van-phong&per_page=10").json
    assert listing["pages"] >= 5


def test_seed_paragraphs_match_the_seed_page(app, client, shared_data):
    import html

    path = os.path.join(os.path.dirname(shared_data), "seed", "000_35a09d9c2cba6e4e.txt")
    with open(path, encoding="utf-8") as page:
        lines = [line.rstrip("\n") for line in page]
    with app.app_context():
        load_demo(app)
    body = html.unescape(client.get(f"/api/v1/articles/{SEED_SLUG}").json["body_html"])
    paragraphs = [line for line in lines[3:18] if line.strip()]
    assert body == "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
