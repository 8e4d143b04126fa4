"""Who may write what: the role matrix (every write route of the service × every role and the
machine token → allowed or 403, and a refused write changes nothing), categories, who sees
drafts and revisions, and the tokens that are no tokens (401). The write routes are read from the
URL map, so a route added without a line here fails the first test."""

import re

import pytest

from portal_common import staff_tokens

from .conftest import article
from .staff import ROLES

WRITES = {"POST", "PATCH", "PUT", "DELETE"}
WRITERS_BUT = {"contributor", "editor", "approver", "admin", "machine"}
APPROVERS = {"approver", "admin", "machine"}


def _own(status):
    """An article of the contributor `ctv`, brought to `status`."""

    def make(desk):
        slug = desk.create("contributor", title=f"Bài {status}")["slug"]
        desk.put_in(slug, status)
        return slug

    return make


def _others_published(desk):
    slug = desk.create("contributor2", title="Bài của người khác")["slug"]
    desk.put_in(slug, "published")
    return slug


def _own_edited_draft(desk):
    slug = _own("draft")(desk)
    assert desk.as_("machine").patch(f"/api/v1/articles/{slug}", json={"title": "Sửa lần một"}).status_code == 200
    return slug


# (name, method, route, make the article (None: none), body, the callers allowed)
MATRIX = [
    ("create", "POST", "/api/v1/articles", None, article(status="draft"), WRITERS_BUT),
    ("create published", "POST", "/api/v1/articles", None, article(status="published"), APPROVERS),
    ("edit own draft", "PATCH", "/api/v1/articles/<slug>", _own("draft"), {"title": "Mới"}, WRITERS_BUT),
    (
        "edit another's published",
        "PATCH",
        "/api/v1/articles/<slug>",
        _others_published,
        {"title": "Mới"},
        WRITERS_BUT - {"contributor"},
    ),
    ("publish own draft", "PATCH", "/api/v1/articles/<slug>", _own("draft"), {"status": "published"}, APPROVERS),
    ("delete own draft", "DELETE", "/api/v1/articles/<slug>", _own("draft"), None, WRITERS_BUT),
    ("delete own pending", "DELETE", "/api/v1/articles/<slug>", _own("pending"), None, WRITERS_BUT - {"contributor"}),
    ("delete own published", "DELETE", "/api/v1/articles/<slug>", _own("published"), None, APPROVERS),
    ("submit own draft", "POST", "/api/v1/articles/<slug>/submit", _own("draft"), None, WRITERS_BUT - {"approver"}),
    ("approve", "POST", "/api/v1/articles/<slug>/approve", _own("pending"), None, APPROVERS),
    ("reject", "POST", "/api/v1/articles/<slug>/reject", _own("pending"), {"comment": "Bổ sung."}, APPROVERS),
    ("unpublish", "POST", "/api/v1/articles/<slug>/unpublish", _own("published"), None, APPROVERS),
    (
        "restore on own draft",
        "POST",
        "/api/v1/articles/<slug>/revisions/<int:revision_id>/restore",
        _own_edited_draft,
        None,
        WRITERS_BUT,
    ),
]


# The site settings, static pages and questions have their roles proven in their own tests
# (test_site_settings.py, test_site_pages.py, test_questions.py).
SECTION_BLUEPRINTS = {"site_settings", "site_pages", "questions"}


def test_the_matrix_covers_every_write_route(app):
    served = {
        (method, rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/") and rule.endpoint.partition(".")[0] not in SECTION_BLUEPRINTS
        for method in rule.methods & WRITES
    }
    assert served == {(method, route) for _, method, route, *_ in MATRIX}


@pytest.mark.parametrize("caller", ROLES)
@pytest.mark.parametrize("case", MATRIX, ids=[case[0] for case in MATRIX])
def test_role_matrix(desk, case, caller):
    name, method, route, make, body, allowed = case
    slug = make(desk) if make else None
    path = route.replace("<slug>", slug or "").replace("<int:revision_id>", "1")
    before = desk.read(slug) if slug else None
    headers = desk.etag(slug) if slug else {}
    response = desk.as_(caller).open(path, method=method, json=body, headers=headers)
    if caller in allowed:
        assert 200 <= response.status_code < 300, (name, caller, response.get_json())
    else:
        assert response.status_code == 403, (name, caller, response.get_json())
        message = response.get_json()["error"]["message"]
        assert re.search("[àáảãạăâđêôơư]", message), message  # said in Vietnamese
        if slug:
            assert desk.read(slug) == before
        else:
            assert desk.as_("machine").get("/api/v1/articles/tin-thu-nghiem").status_code == 404


def test_a_contributor_writes_only_its_own_articles(desk):
    others_draft = desk.create("contributor2", title="Nháp của người khác")["slug"]
    others_published = _others_published(desk)
    contributor = desk.as_("contributor")
    # Someone else's draft is not there for a contributor, as for the public.
    for call in (
        lambda: contributor.patch(f"/api/v1/articles/{others_draft}", json={"title": "x"}, headers={"If-Match": "*"}),
        lambda: contributor.delete(f"/api/v1/articles/{others_draft}"),
        lambda: contributor.post(f"/api/v1/articles/{others_draft}/submit"),
        lambda: contributor.get(f"/api/v1/articles/{others_draft}"),
        lambda: contributor.get(f"/api/v1/articles/{others_draft}/revisions"),
    ):
        assert call().status_code == 404
    # A published one is: refused.
    patch = contributor.patch(f"/api/v1/articles/{others_published}", json={"title": "x"}, headers={"If-Match": "*"})
    assert patch.status_code == 403 and "của chính mình" in patch.get_json()["error"]["message"]
    assert contributor.get(f"/api/v1/articles/{others_published}/revisions").status_code == 403
    # Its own published article: the change waits for approval.
    own = _own("published")(desk)
    proposed = contributor.patch(f"/api/v1/articles/{own}", json={"title": "Đề xuất"}, headers=desk.etag(own))
    assert proposed.status_code == 200 and proposed.get_json()["pending_revision"]["user"] == "ctv"


def test_an_account_limited_to_categories_writes_only_there(desk):
    limited = desk.as_("limited")
    refused = limited.post("/api/v1/articles", json=article(category="van-phong"))
    assert refused.status_code == 403 and "tin-tuc-su-kien" in refused.get_json()["error"]["message"]
    slug = desk.create("limited", category="tin-tuc-su-kien")["slug"]
    moved = limited.patch(f"/api/v1/articles/{slug}", json={"category": "van-phong"}, headers=desk.etag(slug))
    assert moved.status_code == 403 and desk.read(slug)["category"] == "tin-tuc-su-kien"
    assert limited.patch(f"/api/v1/articles/{slug}", json={"title": "Sửa"}, headers=desk.etag(slug)).status_code == 200

    editor = desk.as_("limited_editor")
    elsewhere = desk.create("contributor", category="van-phong")["slug"]
    assert (
        editor.patch(f"/api/v1/articles/{elsewhere}", json={"title": "x"}, headers=desk.etag(elsewhere)).status_code
        == 403
    )
    assert editor.post(f"/api/v1/articles/{elsewhere}/submit").status_code == 403
    assert editor.delete(f"/api/v1/articles/{elsewhere}").status_code == 403
    mine = desk.create("contributor", category="giao-duc-trung-hoc")["slug"]
    assert editor.patch(f"/api/v1/articles/{mine}", json={"title": "Đúng"}, headers=desk.etag(mine)).status_code == 200
    # A revision from before a move into its categories is not restored out of them either.
    moved_in = desk.as_("machine").patch(f"/api/v1/articles/{elsewhere}", json={"category": "giao-duc-trung-hoc"})
    assert moved_in.status_code == 200
    restored = editor.post(f"/api/v1/articles/{elsewhere}/revisions/1/restore", headers=desk.etag(elsewhere))
    assert restored.status_code == 403 and desk.read(elsewhere)["category"] == "giao-duc-trung-hoc"


def test_who_sees_drafts_and_revisions(desk):
    slug = desk.create("contributor")["slug"]
    for name, status in (
        (None, 404),
        ("contributor", 200),
        ("contributor2", 404),
        ("editor", 200),
        ("approver", 200),
        ("exam_officer", 404),
        ("admin", 200),
        ("machine", 200),
    ):
        assert desk.as_(name).get(f"/api/v1/articles/{slug}").status_code == status, name
    for name, status in (
        (None, 401),
        ("contributor", 200),
        ("contributor2", 404),
        ("editor", 200),
        ("approver", 200),
        ("exam_officer", 403),
        ("admin", 200),
        ("machine", 200),
    ):
        assert desk.as_(name).get(f"/api/v1/articles/{slug}/revisions").status_code == status, name
        assert desk.as_(name).get(f"/api/v1/articles/{slug}/revisions/1").status_code == status, name


def test_staff_see_the_editorial_fields_the_public_does_not(desk):
    slug = _own("published")(desk)
    public = desk.as_(None).get(f"/api/v1/articles/{slug}").get_json()
    assert not {"owner", "review", "pending_revision"} & set(public)
    staff = desk.read(slug, "exam_officer")  # any member of staff
    assert staff["owner"] == "ctv" and staff["review"] is None and staff["pending_revision"] is None


def _tampered(token):
    head, payload, signature = token.split(".")
    return ".".join((head, payload, ("A" if signature[0] != "A" else "B") + signature[1:]))


def test_tokens_that_are_not_good_are_401(desk, staff):
    good = staff.tokens["editor"]
    expired = staff.token_for("bien.tap", ["editor"], hours=1, now=1_000_000_000)
    stranger = staff.token_for("khong.co.ai", ["admin"])
    old_version = staff.token_for("bien.tap", ["editor"], version=0)
    foreign = staff_tokens.issue(
        "another-signing-key-0123456789-abcdefgh", {**_user("bien.tap"), "roles": ["admin"]}, 1
    )
    for token in (_tampered(good), expired, stranger, old_version, foreign[0], "a.b.c"):
        response = desk.client.post("/api/v1/articles", json=article(), headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401 and response.headers["WWW-Authenticate"] == "Bearer", token
    assert desk.as_("machine").get("/api/v1/articles").get_json()["total"] == 0


def _user(username):
    return {"username": username, "roles": ["editor"], "token_version": 1}


def test_a_disabled_account_stops_at_once(desk, staff):
    token = staff.add("tam.nghi", ["editor"], display_name="Tạm Nghỉ")
    headers = {"Authorization": f"Bearer {token}"}
    created = desk.client.post("/api/v1/articles", json=article(), headers=headers)
    assert created.status_code == 201
    slug = created.get_json()["slug"]
    assert desk.client.get(f"/api/v1/articles/{slug}", headers=headers).status_code == 200
    staff.disable("tam.nghi")
    assert desk.client.post("/api/v1/articles", json=article(), headers=headers).status_code == 401
    # Its drafts are no longer shown to it either.
    assert desk.client.get(f"/api/v1/articles/{slug}", headers=headers).status_code == 404
    assert desk.client.get(f"/api/v1/articles/{slug}/revisions", headers=headers).status_code == 401


def test_a_staff_write_waits_for_the_accounts_service(tmp_path, staff):
    """With the accounts service down, a staff token cannot be checked: 503, nothing written; the
    machine token still writes."""
    from services.articles import create_app

    from .conftest import ADMIN, nowhere
    from .staff import SIGNING_KEY

    app = create_app(
        {"DATA_DIR": str(tmp_path), "ADMIN_TOKEN": ADMIN["Authorization"][7:], "TESTING": True}
        | {"AUTH_SIGNING_KEY": SIGNING_KEY, "ACCOUNTS_URL": nowhere()}
    )
    client = app.test_client()
    staff_tokens.forget_checks()
    refused = client.post("/api/v1/articles", json=article(), headers=staff.headers("editor"))
    assert refused.status_code == 503 and client.get("/api/v1/articles", headers=ADMIN).get_json()["total"] == 0
    assert client.post("/api/v1/articles", json=article(), headers=ADMIN).status_code == 201
