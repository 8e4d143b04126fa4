"""The desk's article pages on real accounts and articles services: the dashboard's sections, the
editor's buttons through the whole workflow, a Word paste cleaned by the service's sanitizer,
the warning when a colleague saved meanwhile, autosave without flooding the history, the
preview in the public template, revisions compared and restored, and who may open what."""

import re
from datetime import timedelta

import pytest

from portal_common import timefmt

from .conftest import MACHINE, csrf_of, meta_csrf_of, sign_in

# What Word puts on the clipboard (trimmed): conditional comments, an <xml> island, its own
# <style>, mso- styles and classes, <o:p>, a script an attacker might slip in.
WORD_PASTE = (
    "<!--[if gte mso 9]><xml><w:WordDocument><w:View>Normal</w:View></w:WordDocument></xml><![endif]-->"
    "<style>p.MsoNormal{margin:0cm;font-family:Calibri}</style>"
    '<p class="MsoNormal" style="mso-margin-top-alt:auto;line-height:115%">'
    '<b><span lang="VI" style="font-size:14.0pt;mso-bidi-font-family:Arial">Kế hoạch tuyển sinh</span></b>'
    "<o:p></o:p></p>"
    '<p class="MsoListParagraph" style="text-indent:-18.0pt;mso-list:l0 level1 lfo1">'
    '<span style="mso-list:Ignore">1.<span style="font:7.0pt">&nbsp;</span></span>Lớp 10 công lập</p>'
    '<table class="MsoTableGrid" border="1" style="border-collapse:collapse"><tr>'
    '<td width="200" style="border:solid windowtext 1.0pt" onclick="alert(1)"><p class="MsoNormal">Chỉ tiêu</p></td>'
    "</tr></table><script>alert('x')</script>"
)


@pytest.fixture
def app(make_gateway, articles_url):
    return make_gateway(ARTICLES_URL=articles_url, CACHE_ENABLED=False)


def signed_in(app, username):
    client = app.test_client()
    assert sign_in(client, username).status_code == 302
    return client


def new_article(client, action="gui", **fields):
    form = client.get("/quan-tri/bai-viet/moi")
    assert form.status_code == 200
    data = {
        "title": "Kế hoạch tuyển sinh lớp 10 năm học 2027-2028",
        "category": "tin-tuc-su-kien",
        "summary": "",
        "author": "Phòng Khảo thí",
        "body_html": "<p>Nội dung kế hoạch.</p>",
        "action": action,
        "csrf_token": csrf_of(form),
        **fields,
    }
    created = client.post("/quan-tri/bai-viet/moi", data=data)
    assert created.status_code == 302, created.get_data(as_text=True)[-2000:]
    return created.headers["Location"].split("/")[-2]


def edit_form(client, slug):
    page = client.get(f"/quan-tri/bai-viet/{slug}/sua")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    version = re.search(r'name="version" value="(\d+)"', text).group(1)
    return page, text, version


def save(client, slug, action="luu", **fields):
    page, text, version = edit_form(client, slug)
    data = {"action": action, "version": version, "csrf_token": csrf_of(page), **fields}
    return client.post(f"/quan-tri/bai-viet/{slug}/sua", data=data)


def stored(articles_app, slug):
    answer = articles_app.test_client().get(f"/api/v1/articles/{slug}", headers=MACHINE)
    assert answer.status_code == 200
    return answer.get_json()


def test_the_editor_has_every_labelled_field_and_its_buttons(app):
    contributor = signed_in(app, "cong-tac")
    page = contributor.get("/quan-tri/bai-viet/moi").get_data(as_text=True)
    for label in ("Tiêu đề", "Chuyên mục", "Tóm tắt", "Tác giả / chữ ký"):
        assert f">{label}</label>" in page
    assert '<label for="body_html" id="nhan-noi-dung">Nội dung</label>' in page
    assert '<select id="category" name="category"' in page and "Tin tức - Sự kiện</option>" in page
    assert "Lưu nháp</button>" in page and "Gửi duyệt</button>" in page
    assert "Xuất bản</button>" not in page  # approvers only
    assert "desk/editor.js" in page
    approver = signed_in(app, "duyet-tin").get("/quan-tri/bai-viet/moi").get_data(as_text=True)
    assert "Xuất bản</button>" in approver and 'type="datetime-local"' in approver


def test_a_word_paste_is_cleaned_by_the_services_sanitizer(app, articles_app):
    contributor = signed_in(app, "cong-tac")
    slug = new_article(contributor, action="luu", body_html=WORD_PASTE)
    body = stored(articles_app, slug)["body_html"]
    for left_out in ("mso", "MsoNormal", "<o:p", "<style", "<script", "alert", "onclick", "style=", "<xml", "[if"):
        assert left_out not in body
    assert "Kế hoạch tuyển sinh" in body and "<table>" in body and "Chỉ tiêu" in body
    # Exactly what the API makes of the same paste: one sanitizer.
    through_api = articles_app.test_client().post(
        "/api/v1/articles",
        json={"title": "Cùng nội dung", "category": "tin-tuc-su-kien", "body_html": WORD_PASTE, "status": "draft"},
        headers=MACHINE,
    )
    assert through_api.get_json()["body_html"] == body


def test_the_whole_workflow_from_the_dashboards(app, articles_app):
    contributor, approver = signed_in(app, "cong-tac"), signed_in(app, "duyet-tin")
    slug = new_article(contributor, action="gui")
    edited = contributor.get(f"/quan-tri/bai-viet/{slug}/sua").get_data(as_text=True)
    assert "Đã gửi duyệt bài viết." in edited and f"/bai-viet/{slug}" in edited  # the slug shown
    assert slug.startswith("ke-hoach-tuyen-sinh-lop-10")

    waiting = approver.get("/quan-tri/").get_data(as_text=True)
    assert 'id="muc-pending">Chờ duyệt' in waiting and f"/quan-tri/bai-viet/{slug}/sua" in waiting
    page, text, version = edit_form(approver, slug)
    assert "Trả lại</button>" in text
    returned = approver.post(
        f"/quan-tri/bai-viet/{slug}/tra-lai",
        data={"comment": "Bổ sung chỉ tiêu từng trường.", "version": version, "csrf_token": csrf_of(page)},
    )
    assert returned.status_code == 302 and stored(articles_app, slug)["status"] == "draft"

    mine = contributor.get("/quan-tri/").get_data(as_text=True)
    assert "Bị trả lại cho tôi" in mine and "Bổ sung chỉ tiêu từng trường." in mine
    assert "Bổ sung chỉ tiêu từng trường." in contributor.get(f"/quan-tri/bai-viet/{slug}/sua").get_data(as_text=True)
    fixed = save(contributor, slug, "gui", body_html="<p>Nội dung kế hoạch.</p><p>Chỉ tiêu từng trường.</p>")
    assert fixed.status_code == 302 and stored(articles_app, slug)["status"] == "pending"

    at = (timefmt.now() + timedelta(hours=2)).replace(second=0)
    scheduled = save(approver, slug, "xuat-ban", publish_at=at.strftime("%Y-%m-%dT%H:%M"))
    assert scheduled.status_code == 302
    assert "Đã hẹn giờ đăng bài lúc" in approver.get(scheduled.headers["Location"]).get_data(as_text=True)
    article = stored(articles_app, slug)
    assert article["status"] == "published" and timefmt.parse_iso(article["published_at"]) == at
    assert slug not in app.test_client().get("/api/v1/articles").get_data(as_text=True)  # readers: not yet
    assert f"/quan-tri/bai-viet/{slug}/sua" in approver.get("/quan-tri/bai-viet/?view=scheduled").get_data(as_text=True)


def test_a_colleagues_save_meanwhile_is_a_warning_not_an_overwrite(app, articles_app):
    contributor, editor = signed_in(app, "cong-tac"), signed_in(app, "bien-tap")
    slug = new_article(contributor, action="luu")
    mine, _, my_version = edit_form(contributor, slug)
    assert save(editor, slug, title="Tiêu đề do biên tập viên sửa").status_code == 302
    late = contributor.post(
        f"/quan-tri/bai-viet/{slug}/sua",
        data={"action": "luu", "version": my_version, "csrf_token": csrf_of(mine), "title": "Tiêu đề của tôi"},
    )
    page = late.get_data(as_text=True)
    assert late.status_code == 409
    assert "Có người khác đã lưu bài viết này" in page and "Nguyễn Thị Biên" in page
    assert 'value="Tiêu đề của tôi"' in page  # the member's text is kept in the form
    assert stored(articles_app, slug)["title"] == "Tiêu đề do biên tập viên sửa"
    link = re.search(r'href="(/quan-tri/bai-viet/[^"]+/so-sanh\?[^"]+)"', page).group(1).replace("&amp;", "&")
    compared = contributor.get(link).get_data(as_text=True)
    assert "<ins>" in compared and "biên tập viên sửa" in compared


def test_autosave_keeps_one_revision_per_stretch_of_typing(app, articles_app):
    contributor = signed_in(app, "cong-tac")
    page = contributor.get("/quan-tri/bai-viet/moi")
    headers = {"X-CSRFToken": meta_csrf_of(page), "Accept": "application/json"}
    body = {"title": "Bài tự lưu", "category": "van-phong", "body_html": "<p>Một</p>", "version": ""}
    first = contributor.post("/quan-tri/bai-viet/moi/tu-dong-luu", json=body, headers=headers)
    assert first.status_code == 200, first.get_json()
    saved = first.get_json()
    assert saved["edit_url"] == f"/quan-tri/bai-viet/{saved['slug']}/sua"
    for text in ("<p>Một hai</p>", "<p>Một hai ba</p>", "<p>Một hai ba bốn</p>"):
        answer = contributor.post(
            saved["autosave_url"], json={**body, "body_html": text, "version": saved["version"]}, headers=headers
        )
        assert answer.status_code == 200, answer.get_json()
        saved = answer.get_json()
    revisions = articles_app.test_client().get(f"/api/v1/articles/{saved['slug']}/revisions", headers=MACHINE)
    assert revisions.get_json()["total"] == 2  # the create, and one autosave
    assert stored(articles_app, saved["slug"])["body_html"] == "<p>Một hai ba bốn</p>"
    stale = contributor.post(
        saved["autosave_url"], json={**body, "body_html": "<p>x</p>", "version": 1}, headers=headers
    )
    assert stale.status_code == 409 and "so-sanh" in stale.get_json()["error"]["compare_url"]
    no_token = contributor.post(saved["autosave_url"], json=body, headers={"Accept": "application/json"})
    assert no_token.status_code == 400 and no_token.get_json()["error"]["code"] == "csrf_failed"


def test_the_preview_is_the_public_article_template(app):
    contributor = signed_in(app, "cong-tac")
    slug = new_article(contributor, action="luu", body_html="<h2>Mục một</h2><p>Đoạn văn.</p>")
    preview = contributor.get(f"/quan-tri/bai-viet/{slug}/xem-truoc")
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200 and preview.headers["Cache-Control"] == "private, no-store"
    assert '<article class="news-article"' in page and '<div class="article-body"><h2>Mục một</h2>' in page
    assert "Phòng Khảo thí" in page and "Các tin liên quan" in page
    assert app.test_client().get(f"/bai-viet/{slug}").status_code == 404  # still a draft for readers


def test_revisions_listed_compared_and_restored(app, articles_app):
    contributor = signed_in(app, "cong-tac")
    slug = new_article(contributor, action="luu", body_html="<p>Bản đầu tiên của bài.</p>")
    save(contributor, slug, body_html="<p>Bản thứ hai của bài.</p>")
    history = contributor.get(f"/quan-tri/bai-viet/{slug}/phien-ban").get_data(as_text=True)
    assert "Lịch sử phiên bản" in history and 'name="a" value="1"' in history
    compared = contributor.get(f"/quan-tri/bai-viet/{slug}/phien-ban/so-sanh?a=1&b=2").get_data(as_text=True)
    assert "<ins>Bản thứ hai</ins>" in compared and "<del>Bản đầu tiên</del>" in compared
    assert contributor.get(f"/quan-tri/bai-viet/{slug}/phien-ban/so-sanh?a=1&b=x").status_code == 400
    page = contributor.get(f"/quan-tri/bai-viet/{slug}/phien-ban")
    restored = contributor.post(
        f"/quan-tri/bai-viet/{slug}/phien-ban/1/khoi-phuc", data={"version": "2", "csrf_token": csrf_of(page)}
    )
    assert restored.status_code == 302
    assert stored(articles_app, slug)["body_html"] == "<p>Bản đầu tiên của bài.</p>"
    assert stored(articles_app, slug)["version"] == 3


def test_who_may_open_what(app):
    contributor, officer = signed_in(app, "cong-tac"), signed_in(app, "khao-thi")
    for path in ("/quan-tri/tai-khoan/", "/quan-tri/nhat-ky/"):
        refused = contributor.get(path)
        assert refused.status_code == 403 and "không có quyền mở trang này" in refused.get_data(as_text=True)
    assert officer.get("/quan-tri/bai-viet/").status_code == 403
    home = officer.get("/quan-tri/").get_data(as_text=True)
    assert "Viết bài mới" not in home and 'href="/quan-tri/bai-viet/"' not in home
    assert 'href="/quan-tri/bai-viet/"' in contributor.get("/quan-tri/").get_data(as_text=True)
    unknown = contributor.get("/quan-tri/bai-viet/khong-co-bai-nay/sua")
    assert unknown.status_code == 404 and "Không tìm thấy bài viết." in unknown.get_data(as_text=True)


def test_an_edit_of_a_published_article_waits_for_the_approver(app, articles_app):
    approver, editor = signed_in(app, "duyet-tin"), signed_in(app, "bien-tap")
    slug = new_article(approver, action="xuat-ban", title="Thông báo lịch thi học kỳ")
    assert stored(articles_app, slug)["status"] == "published"
    proposed = save(editor, slug, title="Thông báo lịch thi học kỳ (điều chỉnh)")
    assert proposed.status_code == 302
    assert "bản sửa chờ lãnh đạo duyệt" in editor.get(proposed.headers["Location"]).get_data(as_text=True)
    assert stored(articles_app, slug)["title"] == "Thông báo lịch thi học kỳ"  # readers keep it
    waiting = approver.get("/quan-tri/").get_data(as_text=True)
    assert f"/quan-tri/bai-viet/{slug}/sua" in waiting.split('id="muc-pending"')[1].split("</section>")[0]
    page = approver.get(f"/quan-tri/bai-viet/{slug}/sua").get_data(as_text=True)
    assert 'value="Thông báo lịch thi học kỳ (điều chỉnh)"' in page and "bản sửa chờ duyệt" in page
    preview = approver.get(f"/quan-tri/bai-viet/{slug}/xem-truoc").get_data(as_text=True)
    assert "Thông báo lịch thi học kỳ (điều chỉnh)</h1>" in preview
    assert save(approver, slug, "xuat-ban").status_code == 302
    assert stored(articles_app, slug)["title"] == "Thông báo lịch thi học kỳ (điều chỉnh)"


def test_an_approver_takes_a_scheduled_article_down(app, articles_app):
    approver = signed_in(app, "duyet-tin")
    at = (timefmt.now() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    slug = new_article(approver, action="xuat-ban", publish_at=at)
    page, text, version = edit_form(approver, slug)
    assert "Hủy hẹn giờ đăng" in text
    down = approver.post(f"/quan-tri/bai-viet/{slug}/go-bai", data={"version": version, "csrf_token": csrf_of(page)})
    assert down.status_code == 302 and stored(articles_app, slug)["status"] == "draft"
    contributor = signed_in(app, "cong-tac")
    page, _, version = edit_form(contributor, new_article(contributor, action="luu"))
    refused = contributor.post(
        f"/quan-tri/bai-viet/{slug}/go-bai", data={"version": version, "csrf_token": csrf_of(page)}
    )
    assert refused.status_code == 403
