"""The figures of the docs, made from the real portal with the demo content: the screenshots at
375 px of a lookup result and of the phổ điểm page (docs/screenshots/), and what each kind of page
weighs (HTML + CSS + JS, as sent and gzipped as the edge sends it).

    .venv/bin/python -m tests.e2e.docs_figures            # both; prints the weights as Markdown
    .venv/bin/python -m tests.e2e.docs_figures --weights  # the weights only

The screenshots are cut to the first screen and reduced to 64 colours, so each stays small."""

import argparse
import gzip
import os
import re
import tempfile
from html.parser import HTMLParser
from urllib.parse import urljoin

import requests

from tests.support.portal import RunningPortal

from .checks import PAGES
from .conftest import CHROMIUM, CHROMIUM_ARGS, PORTAL_ENV, DemoContent

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCREENSHOTS = os.path.join(ROOT, "docs", "screenshots")
PHONE = {"viewport": {"width": 375, "height": 812}, "device_scale_factor": 1, "is_mobile": True, "has_touch": True}


class _Assets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") == "stylesheet":
            self.found.append(("css", attrs["href"]))
        elif tag == "script" and attrs.get("src"):
            self.found.append(("js", attrs["src"]))


def page_weight(base_url, path):
    """{"html", "css", "js"}: (bytes, gzipped bytes) of the page and the style sheets and scripts
    it loads (images and video are not counted: they load lazily, and differ by content)."""
    response = requests.get(base_url + path, timeout=10)
    weights = {"html": [len(response.content), len(gzip.compress(response.content, 6))], "css": [0, 0], "js": [0, 0]}
    parser = _Assets()
    parser.feed(response.text)
    for kind, href in parser.found:
        body = requests.get(urljoin(base_url + path, href), timeout=10).content
        weights[kind][0] += len(body)
        weights[kind][1] += len(gzip.compress(body, 6))
    return {kind: tuple(sizes) for kind, sizes in weights.items()}


def site_paths(demo):
    """Each kind of page's path, as the browser tests name them (conftest.site_path)."""
    from urllib.parse import quote

    exam_id, sbd, _ = demo.candidate()
    slug = demo.biggest_category()[0]["slug"]
    article = "/bai-viet/ke-hoach-truyen-thong-ve-giao-duc-va-dao-tao-nam-2019"
    paths = {
        "home": "/",
        "category": f"/chuyen-muc/{quote(slug)}",
        "category page 3": f"/chuyen-muc/{quote(slug)}?page=3",
        "article": article,
        "print": article + "/in",
        "search": "/tim-kiem?q=giao+duc",
        "albums": "/hinh-anh",
        "album": f"/hinh-anh/{quote(demo.albums()[0]['id'])}",
        "videos": "/video",
        "video": f"/video/{quote(demo.videos()[0]['id'])}",
        "lookup": "/tra-cuu-diem-thi",
        "lookup result": f"/tra-cuu-diem-thi?exam={quote(exam_id)}&sbd={sbd}",
        "stats": f"/tra-cuu-diem-thi/pho-diem/{quote(exam_id)}",
        "not found": "/bai-viet/khong-co-bai-viet-nay",
    }
    paths["stats with a candidate"] = f"/tra-cuu-diem-thi/pho-diem/{quote(exam_id)}?sbd={sbd}"
    assert set(PAGES) <= set(paths)
    return paths


def weights_table(base_url, demo):
    def kb(size):
        return f"{size / 1024:.1f}".replace(".", ",")

    lines = [
        "| page | HTML | CSS | JS | total | gzipped |",
        "|---|---|---|---|---|---|",
    ]
    for name, path in site_paths(demo).items():
        weight = page_weight(base_url, path)
        total = sum(size for size, _ in weight.values())
        zipped = sum(size for _, size in weight.values())
        cells = [kb(weight[kind][0]) for kind in ("html", "css", "js")]
        shown = re.sub(r"[0-9a-f]{32}", "…", path)
        lines.append(f"| {name} (`{shown}`) | {' | '.join(cells)} | {kb(total)} | {kb(zipped)} |")
    return "\n".join(lines)


def _small_png(path):
    from PIL import Image

    with Image.open(path) as image:
        reduced = image.convert("RGB").quantize(colors=64, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
        reduced.save(path, optimize=True)


def screenshots(base_url, demo):
    from playwright.sync_api import sync_playwright

    os.makedirs(SCREENSHOTS, exist_ok=True)
    exam_id, sbd, _ = demo.candidate()
    made = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(base_url=base_url, locale="vi-VN", **PHONE)
        page = context.new_page()
        # As a parent does it: the number pasted with a space, the form sent, the result in view.
        page.goto("/tra-cuu-diem-thi")
        form = page.locator("main form").first
        form.get_by_label("Kỳ thi").select_option(exam_id)
        form.get_by_label("Số báo danh").fill(f" {sbd[:4]} {sbd[4:]}")
        form.get_by_role("button", name="Tra cứu").click()
        page.wait_for_url(re.compile("#ket-qua$"))
        page.wait_for_load_state("load")
        made.append(os.path.join(SCREENSHOTS, "lookup-result-375.png"))
        page.screenshot(path=made[-1])
        page.goto(f"/tra-cuu-diem-thi/pho-diem/{exam_id}?sbd={sbd}")
        page.wait_for_load_state("load")
        made.append(os.path.join(SCREENSHOTS, "pho-diem-375.png"))
        page.screenshot(path=made[-1])
        page.locator("main nav.chart-index a").first.click()
        page.wait_for_timeout(200)
        made.append(os.path.join(SCREENSHOTS, "pho-diem-chart-375.png"))
        page.screenshot(path=made[-1])
        page.goto("/")
        page.locator("summary", has_text="Danh mục").click()
        made.append(os.path.join(SCREENSHOTS, "menu-open-375.png"))
        page.screenshot(path=made[-1])
        context.close()
        browser.close()
    for path in made:
        _small_png(path)
        print(f"{os.path.relpath(path, ROOT)}: {os.path.getsize(path) / 1024:.0f} KB")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--weights", action="store_true", help="only the page weights")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="docs-figures-") as folder:
        portal = RunningPortal(folder, extra_env=PORTAL_ENV).start()
        try:
            demo = DemoContent(portal)
            if not options.weights:
                screenshots(portal.url, demo)
            print(weights_table(portal.url, demo))
        finally:
            portal.stop()


if __name__ == "__main__":
    main()
