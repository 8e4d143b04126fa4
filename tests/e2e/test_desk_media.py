"""The desk's "Hình ảnh" and "Video" in Chromium, against the running portal: an editor (the first
account, admin) makes an album, uploads three photos at once and sees a progress bar per file
reach 100 %, a file that is no photo refused in Vietnamese beside its name, gives each photo its
alt text; uploads a video with its progress bar and finds it with its poster and length. axe-core
finds no serious or critical violation on any of these pages. And 200 MB through the live
gateway's desk upload route, streamed (slow)."""

import os
import re

import pytest
import requests
from playwright.sync_api import expect

from bench.media_memory import MultipartFile

from .checks import assert_accessible

DEMO = os.path.join(
    os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "services", "media", "demo_data"
)
PHOTOS = ("rocket.jpg", "coffee.jpg", "chelsea.jpg")
CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')
CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def desk(new_context, portal):
    page = new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True).new_page()
    page.goto("/quan-tri/dang-nhap")
    page.get_by_label("Tên đăng nhập").fill("admin")
    page.get_by_label("Mật khẩu").fill(portal.admin_password)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("navigation", name="Trang quản trị")).to_be_visible()
    return page


def _without_auto_reload(page, selector):
    """The page reloads itself once every file is in; the test reads the rows first."""
    page.evaluate("s => document.querySelector(s).removeAttribute('data-reload')", selector)


def test_an_editor_uploads_three_photos_and_a_video(desk, tmp_path):
    page = desk
    page.get_by_role("navigation", name="Trang quản trị").get_by_role("link", name="Hình ảnh", exact=True).click()
    expect(page.locator("h1")).to_have_text("Hình ảnh")
    assert_accessible(page)
    page.get_by_label("Tên album").fill("Ngày hội đọc sách (thử)")
    page.get_by_label("Ngày diễn ra sự kiện").fill("2024-04-21")
    page.get_by_role("button", name="Tạo album").click()
    expect(page.locator("h1")).to_have_text("Album: Ngày hội đọc sách (thử)")
    assert_accessible(page)

    _without_auto_reload(page, ".upload-zone")
    not_a_photo = tmp_path / "ghi-chu.jpg"
    not_a_photo.write_text("không phải ảnh\n" * 20)
    page.get_by_label(re.compile("^Chọn ảnh")).set_input_files(
        [os.path.join(DEMO, name) for name in PHOTOS] + [str(not_a_photo)]
    )
    rows = page.locator(".upload-item")
    expect(rows).to_have_count(4)
    expect(page.locator(".upload-summary")).to_contain_text(
        "3 tệp đã tải lên, 1 tệp không tải lên được.", timeout=30_000
    )
    for index, name in enumerate(PHOTOS):
        expect(rows.nth(index)).to_contain_text(name)
        expect(rows.nth(index).locator(".upload-status")).to_have_text("Đã tải lên.")
        assert rows.nth(index).locator("progress").evaluate("bar => bar.value") == 100
    expect(rows.nth(3).locator(".upload-status")).to_have_text(
        "Không tải lên được: Chỉ nhận ảnh JPEG, PNG, GIF hoặc WebP."
    )
    assert_accessible(page)

    page.reload()
    expect(page.locator(".desk-photo")).to_have_count(3)
    expect(page.get_by_text("3 ảnh chưa có mô tả ảnh")).to_be_visible()
    for number in (1, 2, 3):
        page.get_by_label(f"Mô tả ảnh {number} (bắt buộc)").fill(f"Ảnh mẫu số {number}")
        page.get_by_role("button", name=f"Lưu ảnh {number}").click()
        expect(page.get_by_text("Đã lưu ảnh.")).to_be_visible()
    expect(page.locator(".needs-alt")).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("navigation", name="Trang quản trị").get_by_role("link", name="Video", exact=True).click()
    expect(page.locator("h1")).to_have_text("Video")
    _without_auto_reload(page, ".upload-form")
    page.get_by_label("Tiêu đề video").fill("Clip thử của biên tập viên")
    page.get_by_label("Ngày diễn ra sự kiện").fill("2024-04-21")
    page.get_by_label(re.compile("^Tệp video")).set_input_files(os.path.join(DEMO, "sample-360p-8s.mp4"))
    page.get_by_role("button", name="Tải video lên").click()
    row = page.locator(".upload-item")
    expect(row.locator(".upload-status")).to_have_text("Đã tải lên.", timeout=30_000)
    assert row.locator("progress").evaluate("bar => bar.value") == 100
    assert_accessible(page)
    page.reload()
    listed = page.locator("tr", has_text="Clip thử của biên tập viên")
    expect(listed).to_contain_text("0:08")
    expect(listed).to_contain_text("Chủ nhật, 21/04/2024")
    assert listed.locator("img").evaluate("img => img.complete && img.naturalWidth") > 0  # its poster
    listed.get_by_role("link").click()
    expect(page.get_by_text("Đang dùng ảnh trích từ video.")).to_be_visible()
    assert_accessible(page)


@pytest.mark.slow
def test_200_mb_video_through_the_live_gateway(portal, tmp_path):
    """The desk's video upload route, over a real socket to the gateway process: the 200 MB
    body streams on to the media service (neither holds it whole) and comes back whole."""
    session = requests.Session()
    signin = session.get(portal.url + "/quan-tri/dang-nhap", timeout=10)
    session.post(
        portal.url + "/quan-tri/dang-nhap",
        data={"username": "admin", "password": portal.admin_password, "csrf_token": CSRF_FIELD.search(signin.text)[1]},
        timeout=30,
    ).raise_for_status()
    token = CSRF_META.search(session.get(portal.url + "/quan-tri/video", timeout=10).text)[1]
    clip = tmp_path / "big.mp4"
    size = 200 * 1024 * 1024
    with open(os.path.join(DEMO, "sample-360p-8s.mp4"), "rb") as real, open(clip, "wb") as out:
        head = real.read()
        out.write(head)
        # A top-level `free` box fills the rest: still a playable MP4, 200 MB of it.
        padding = size - len(head)
        out.write(padding.to_bytes(4, "big") + b"free")
        block = os.urandom(1024 * 1024)
        left = padding - 8
        while left > 0:
            out.write(block[: min(left, len(block))])
            left -= len(block)
    body = MultipartFile(str(clip), "Video 200 MB")
    answer = session.post(
        portal.url + "/quan-tri/video/tai-len",
        data=body,
        headers={"Content-Type": body.content_type, "X-CSRFToken": token, "Accept": "application/json"},
        timeout=600,
    )
    assert answer.status_code == 201, answer.text[:500]
    video = answer.json()
    assert video["size"] == size and video["duration"] == 8.0 and video["frame_key"]
    served = requests.head(portal.url + "/media/" + video["key"], timeout=30)
    assert int(served.headers["Content-Length"]) == size
    session.post(portal.url + f"/quan-tri/video/{video['id']}/xoa", data={"csrf_token": token}, timeout=30)
