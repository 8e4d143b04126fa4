"""Bodies are cleaned on write: nothing that runs survives, formatting does."""

import pytest

from services.articles.sanitize import clean_html


@pytest.mark.parametrize(
    "dirty, forbidden",
    [
        ("<p>a<script>alert(1)</script></p>", "script"),
        ('<img src="/a.jpg" onerror="alert(1)">', "onerror"),
        ('<p onclick="alert(1)">x</p>', "onclick"),
        ('<a href="javascript:alert(1)">x</a>', "javascript"),
        ('<a href="JaVaScRiPt:alert(1)">x</a>', "alert"),
        ('<img src="data:image/png;base64,AAAA">', "data:"),
        ('<a href="data:text/html,<script>x</script>">x</a>', "data:"),
        ('<iframe src="https://evil.example"></iframe>', "iframe"),
        ('<p style="background:url(javascript:x)">x</p>', "style"),
        ("<svg><script>alert(1)</script></svg>", "script"),
        ('<form action="/x"><input name="a"></form>', "input"),
    ],
)
def test_nothing_that_runs_survives(dirty, forbidden):
    assert forbidden.lower() not in clean_html(dirty).lower()


def test_formatting_links_images_and_tables_are_kept():
    html = (
        "<h2>Tiêu đề</h2><p><strong>đậm</strong> <em>nghiêng</em> <u>gạch</u><br>dòng</p>"
        '<p><a href="https://moet.gov.vn/x" title="Bộ">liên kết</a></p>'
        '<figure><img src="/media/a.jpg" alt="Ảnh" width="640" height="480"><figcaption>Chú thích</figcaption></figure>'
        '<table><thead><tr><th>Cột</th></tr></thead><tbody><tr><td colspan="2">1</td></tr></tbody></table>'
        "<ul><li>một</li></ul><ol><li>hai</li></ol><blockquote>trích</blockquote>"
    )
    clean = clean_html(html)
    for kept in (
        "<h2>",
        "<strong>",
        "<em>",
        "<u>",
        "<br>",
        "<figure>",
        "<figcaption>",
        "<table>",
        "<th>",
        'colspan="2"',
        "<ul>",
        "<ol>",
        "<blockquote>",
        'src="/media/a.jpg"',
        'alt="Ảnh"',
        'width="640"',
        'title="Bộ"',
    ):
        assert kept in clean, kept


def test_links_get_rel_noopener_and_images_only_web_urls():
    clean = clean_html('<a href="https://a.vn">a</a><img src="https://a.vn/x.png"><img src="ftp://a.vn/x.png">')
    assert 'rel="noopener noreferrer"' in clean
    assert 'src="https://a.vn/x.png"' in clean and "ftp:" not in clean
