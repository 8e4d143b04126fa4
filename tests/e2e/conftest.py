"""The portal as a visitor sees it: the four real processes (gunicorn, embedded storage, demo
content) started once for the session, and one headless Debian Chromium driven by Playwright.

Chromium comes from Debian (`make test` installs it when /usr/bin/chromium is missing), never
from `playwright install`, whose download is not reachable here. axe-core comes from the npm
registry (tests/e2e/package.json, `npm ci` by `make test`)."""

import csv
import gzip
import os
import re
import shutil

import pytest
import requests

from services.exams.demo import DEMO_EXAM
from tests.support.portal import RunningPortal

HERE = os.path.dirname(os.path.abspath(__file__))
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# The browser tests look up and search far more often than one visitor may.
UNLIMITED = "100000/minute"
PORTAL_ENV = {
    "RATE_LIMIT_EXAM_LOOKUP": UNLIMITED,
    "RATE_LIMIT_SEARCH": UNLIMITED,
    "EXAMS_LOOKUP_RATE_LIMIT": UNLIMITED,
}
NAV_TIMEOUT_MS = 15_000


def pytest_collection_modifyitems(items):
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def portal(tmp_path_factory):
    running = RunningPortal(tmp_path_factory.mktemp("e2e"), extra_env=PORTAL_ENV).start()
    yield running
    running.stop()


@pytest.fixture(scope="session")
def browser():
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium (or set CHROMIUM)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def open_context(browser, portal, **options):
    """A browser context on the portal (relative URLs work), Vietnamese locale, short timeouts."""
    context = browser.new_context(base_url=portal.url, locale="vi-VN", **options)
    context.set_default_timeout(NAV_TIMEOUT_MS)
    return context


@pytest.fixture
def new_context(browser, portal):
    """Makes browser contexts with the portal as base URL (options as for new_context); closes them."""
    made = []

    def make(**options):
        made.append(open_context(browser, portal, **options))
        return made[-1]

    yield make
    for context in made:
        context.close()


@pytest.fixture
def page(new_context):
    return new_context().new_page()


@pytest.fixture(scope="session")
def demo(portal):
    """What the demo content holds, read from the services' own JSON (the pages under test are
    the gateway's): used to pick a category, an album, a video and a candidate number."""
    return DemoContent(portal)


class DemoContent:
    def __init__(self, portal):
        self.portal = portal

    def _get(self, service, path, **params):
        response = requests.get(self.portal.service_url(service) + path, params=params, timeout=10)
        assert response.status_code == 200, f"{service} {path}: {response.status_code} {response.text[:300]}"
        return response.json()

    def categories(self):
        return self._get("articles", "/api/v1/categories")["items"]

    def biggest_category(self):
        """(category, total articles) of the category with the most public articles."""
        counted = [
            (category, self._get("articles", "/api/v1/articles", category=category["slug"], per_page=1)["total"])
            for category in self.categories()
        ]
        return max(counted, key=lambda pair: pair[1])

    def article(self, slug):
        return self._get("articles", f"/api/v1/articles/{slug}")

    def albums(self):
        return self._get("media", "/api/v1/albums")["items"]

    def album(self, album_id):
        return self._get("media", f"/api/v1/albums/{album_id}")

    def videos(self):
        return self._get("media", "/api/v1/videos")["items"]

    def exams(self):
        return self._get("exams", "/api/v1/exams")["items"]

    def candidate(self):
        """(exam id, sbd, scores) of a candidate of the demo exam, found by asking the exams
        service for numbers from the demo data file (the service has no list of SBDs). The demo
        exam by its id: other tests import exams of their own into this session's portal (the
        desk's import), which may come first in the list."""
        exams = {exam["id"] for exam in self.exams()}
        assert DEMO_EXAM in exams, f"the demo content has no exam {DEMO_EXAM}"
        exam_id = DEMO_EXAM
        for sbd in demo_sbds():
            response = requests.get(
                self.portal.service_url("exams") + f"/api/v1/exams/{exam_id}/results/{sbd}", timeout=10
            )
            if response.status_code == 200:
                return exam_id, sbd, response.json()["scores"]
        raise AssertionError(f"no SBD of the exams demo data is found in exam {exam_id}")


def demo_sbds(limit=50):
    """Candidate numbers from the exams service's demo data files (CSV, gzip or not)."""
    folder = os.path.join(os.path.dirname(os.path.dirname(HERE)), "services", "exams", "demo_data")
    found = []
    for name in sorted(os.listdir(folder)) if os.path.isdir(folder) else []:
        path = os.path.join(folder, name)
        if not (name.endswith(".csv") or name.endswith(".csv.gz")):
            continue
        opener = gzip.open if name.endswith(".gz") else open
        with opener(path, "rt", encoding="utf-8-sig", newline="") as source:
            for row in csv.reader(source):
                for cell in row[:3]:
                    if re.fullmatch(r"\d{8}", cell.strip()):
                        found.append(cell.strip())
                        break
                if len(found) >= limit:
                    return found
    return found


@pytest.fixture(scope="session")
def site_path(demo):
    """The path of one of the portal's pages by name, from the demo content (resolved when a test
    asks, so a domain whose content is missing fails only its own pages)."""
    from urllib.parse import quote

    def resolve(name):
        if name == "home":
            return "/"
        if name in ("category", "category page 3"):
            slug = demo.biggest_category()[0]["slug"]
            return f"/chuyen-muc/{quote(slug)}" + ("?page=3" if name.endswith("3") else "")
        if name == "article":
            return "/bai-viet/ke-hoach-truyen-thong-ve-giao-duc-va-dao-tao-nam-2019"
        if name == "print":
            return "/bai-viet/ke-hoach-truyen-thong-ve-giao-duc-va-dao-tao-nam-2019/in"
        if name == "search":
            return "/tim-kiem?q=giao+duc"
        if name == "albums":
            return "/hinh-anh"
        if name == "album":
            return f"/hinh-anh/{quote(demo.albums()[0]['id'])}"
        if name == "videos":
            return "/video"
        if name == "video":
            return f"/video/{quote(demo.videos()[0]['id'])}"
        if name == "lookup":
            return "/tra-cuu-diem-thi"
        if name == "not found":
            return "/bai-viet/khong-co-bai-viet-nay"
        exam_id, sbd, _ = demo.candidate()
        if name == "lookup result":
            return f"/tra-cuu-diem-thi?exam={quote(exam_id)}&sbd={sbd}"
        if name == "stats":
            return f"/tra-cuu-diem-thi/pho-diem/{quote(exam_id)}"
        raise KeyError(name)

    return resolve
