"""/rss.xml and /sitemap.xml: valid XML with the portal's absolute addresses."""

import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime

from .conftest import SEED

BASE = "https://sgddt.example.vn"
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_rss_is_rss_2_with_the_latest_20(client):
    response = client.get("/rss.xml")
    assert response.status_code == 200 and response.mimetype == "application/rss+xml"
    root = ET.fromstring(response.data)
    assert root.tag == "rss" and root.attrib["version"] == "2.0"
    channel = root.find("channel")
    assert channel.findtext("link") == BASE + "/" and channel.findtext("language") == "vi"
    items = channel.findall("item")
    assert len(items) == 20
    dates = [parsedate_to_datetime(item.findtext("pubDate")) for item in items]
    assert dates == sorted(dates, reverse=True)
    first = items[0]
    assert first.findtext("link").startswith(BASE + "/bai-viet/") and first.findtext("guid") == first.findtext("link")
    assert first.findtext("title") and first.findtext("category")


def test_rss_escapes_titles(fresh_client):
    from .conftest import ADMIN

    fresh_client.post(
        "/api/v1/articles", json={"title": "A & B <b>", "category": "van-phong", "body_html": "<p>x</p>"}, headers=ADMIN
    )
    items = ET.fromstring(fresh_client.get("/rss.xml").data).find("channel").findall("item")
    assert [item.findtext("title") for item in items] == ["A & B <b>"]


def test_sitemap_lists_home_categories_and_every_article(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200 and response.mimetype == "application/xml"
    root = ET.fromstring(response.data)
    assert root.tag == SITEMAP_NS + "urlset"
    locations = [url.findtext(SITEMAP_NS + "loc") for url in root.findall(SITEMAP_NS + "url")]
    assert locations[0] == BASE + "/"
    assert BASE + "/chuyen-muc/van-phong" in locations and BASE + f"/bai-viet/{SEED}" in locations
    assert len(locations) == 1 + 10 + 124
    lastmods = [
        url.findtext(SITEMAP_NS + "lastmod")
        for url in root.findall(SITEMAP_NS + "url")
        if "/bai-viet/" in url.findtext(SITEMAP_NS + "loc")
    ]
    assert all(lastmod and lastmod.endswith("+07:00") for lastmod in lastmods)


def test_feeds_say_unavailable_when_articles_are_down(tmp_path, dead_backends):
    from .conftest import gateway_for

    client = gateway_for(tmp_path, dead_backends, dead_backends["ARTICLES_URL"]).test_client()
    assert client.get("/rss.xml").status_code == 503
    assert client.get("/sitemap.xml").status_code == 503


def test_feeds_stay_well_formed_whatever_the_store_holds(tmp_path, dead_backends):
    """Text stored before the services cleaned their fields (or written to the store some other
    way) with a vertical tab — Word's line break — and a NUL: both feeds still parse, without them."""
    from portal_common.store import get_store
    from services.articles import editing
    from tests.support.live import serve_app

    from .conftest import ADMIN, _service, gateway_for

    service = _service(tmp_path / "articles", demo=False)
    with service.app_context():
        # Straight to the store, as old data is: editing.create cleans the body only.
        editing.create(
            {
                "title": "Kế hoạch\x0bnăm học\x00 mới",
                "category": "van-phong",
                "body_html": "<p>x</p>",
                "summary": "a\x0bb",
            }
        )
        get_store().conn.execute("UPDATE categories SET name = ? WHERE slug = 'van-phong'", ("Văn\x0bphòng\x1f",))
    with serve_app(service) as url:
        client = gateway_for(tmp_path, dead_backends, url).test_client()
        rss = client.get("/rss.xml")
        assert rss.status_code == 200
        item = ET.fromstring(rss.data).find("channel").find("item")
        assert item.findtext("title") == "Kế hoạchnăm học mới"
        assert item.findtext("category") == "Vănphòng" and item.findtext("description") == "ab"
        sitemap = client.get("/sitemap.xml")
        assert sitemap.status_code == 200 and len(ET.fromstring(sitemap.data)) == 1 + 10 + 1

        # A new write through the gateway is cleaned by the service: the break becomes a space.
        created = client.post(
            "/api/v1/articles",
            json={"title": "Tin\x0bmới\x00", "category": "van-phong", "body_html": "<p>y</p>", "summary": "c\x0bd"},
            headers=ADMIN,
        )
        assert created.status_code == 201 and created.json["title"] == "Tin mới"
        titles = [i.findtext("title") for i in ET.fromstring(client.get("/rss.xml").data).iter("item")]
        assert "Tin mới" in titles
