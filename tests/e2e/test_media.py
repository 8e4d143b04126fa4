"""Photos and videos in the browser: an album opens and its photos load, a photo opens large;
the video plays and seeks, served in ranges (206) through the gateway."""

import re

from playwright.sync_api import expect

LOADED_IMAGES = """(root) => [...root.querySelectorAll('img')]
    .filter(img => img.complete && img.naturalWidth > 0).map(img => img.currentSrc)"""


def test_open_an_album_and_a_photo(page, demo):
    albums = [album for album in demo.albums() if album["count"] > 0]
    assert albums, "the demo content has no album with photos"
    album = demo.album(albums[0]["id"])

    page.goto("/")
    page.get_by_role("navigation", name="Chuyên mục").get_by_role("link", name="Hình ảnh", exact=True).click()
    expect(page).to_have_url(re.compile(r"/hinh-anh/?$"))
    page.locator(f'main a[href$="/hinh-anh/{album["id"]}"]').first.click()
    expect(page).to_have_url(re.compile(rf"/hinh-anh/{album['id']}$"))
    expect(page.locator("main h1")).to_contain_text(album["title"])

    main = page.locator("main")
    images = main.locator("img")
    expect(images).to_have_count(len(album["images"]))
    page.wait_for_load_state("load")
    loaded = main.evaluate(LOADED_IMAGES)
    assert len(loaded) == len(album["images"]), f"only {len(loaded)} of {len(album['images'])} photos loaded: {loaded}"
    for image in images.all():
        assert (image.get_attribute("alt") or "").strip(), "every photo has an alt text"

    # A photo opens: its link leads to the large picture (a page showing it, or the image itself).
    photo_link = main.locator("a:has(img)").first
    with page.expect_response(
        lambda response: "/media/" in response.url and response.request.resource_type in ("image", "document")
    ) as seen:
        photo_link.click()
    response = seen.value
    assert response.status in (200, 304), f"{response.url} answered {response.status}"
    page.wait_for_load_state("load")
    if page.evaluate("document.contentType").startswith("image/"):
        assert page.evaluate("document.images[0].naturalWidth") > 0
    else:
        widest = page.evaluate("Math.max(0, ...[...document.images].filter(i => i.complete).map(i => i.naturalWidth))")
        thumbs = max(image["width"] for image in album["images"])
        assert widest >= min(thumbs, 321), "the opened photo is shown larger than a thumbnail"


def test_video_plays_and_seeks_with_ranges(page, demo):
    videos = demo.videos()
    assert videos, "the demo content has no video"
    video = videos[0]
    ranged = []
    page.on(
        "response", lambda response: "/media/" in response.url and response.status == 206 and ranged.append(response)
    )

    page.goto("/")
    page.get_by_role("navigation", name="Chuyên mục").get_by_role("link", name="Video", exact=True).click()
    expect(page).to_have_url(re.compile(r"/video/?$"))
    page.locator(f'main a[href$="/video/{video["id"]}"]').first.click()
    expect(page).to_have_url(re.compile(rf"/video/{video['id']}$"))
    player = page.locator("main video").first
    expect(player).to_be_visible()

    duration = page.evaluate(
        """async () => {
            const v = document.querySelector('main video');
            v.muted = true;
            if (v.readyState < 1) await new Promise((ok, ko) => {
                v.addEventListener('loadedmetadata', ok, {once: true});
                const failed = () => ko(new Error('video error ' + (v.error && v.error.code)));
                v.addEventListener('error', failed, {once: true});
                v.load();
            });
            return v.duration;
        }"""
    )
    assert duration and duration > 0, f"the video reports no duration ({duration})"
    seek = page.evaluate(
        """async () => {
            const v = document.querySelector('main video');
            await v.play();
            const seeked = new Promise(ok => v.addEventListener('seeked', ok, {once: true}));
            v.currentTime = v.duration / 2;
            await seeked;
            return {at: v.currentTime, error: v.error && v.error.code};
        }"""
    )
    assert seek["error"] is None, seek
    assert abs(seek["at"] - duration / 2) < max(1.0, duration * 0.1), seek
    # Playback goes on from there (a loaded machine may buffer a moment first).
    page.wait_for_function(
        "at => { const v = document.querySelector('main video'); return !v.error && v.currentTime > at + 0.2; }",
        arg=seek["at"],
        timeout=10_000,
    )
    assert ranged, "the server never answered a range request with 206"
    assert all("bytes" in (r.headers.get("content-range") or "") for r in ranged)
