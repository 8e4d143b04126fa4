"""The articles store's contract, run on every document backend (SQLite, MongoDB over the wire,
and a real MongoDB when MONGO_TEST_URL is set): the same calls give the same answers."""

import threading

import pytest

from portal_common.store import get_store
from services.articles.articles import search_words, snapshot
from services.articles.store import DEFAULTS
from services.articles.store.errors import SlugTaken, VersionConflict
from services.articles.text import unique_words

NOW = 1_700_000_000


def doc(
    slug, title="Tiêu đề", category="van-phong", ts=NOW - 1000, status="published", body="<p>nội dung</p>", summary=""
):
    return {
        "slug": slug,
        "title": title,
        "category": category,
        "summary": summary,
        "body_html": body,
        "author": "T.T.T",
        "status": status,
        "published_ts": ts,
        "created_ts": ts,
        "updated_ts": ts,
        "cover": None,
    }


@pytest.fixture
def store(any_app):
    with any_app.app_context():
        yield get_store()


def put(store, document):
    return store.insert(document, search_words(document))


def slugs(page):
    return [item["slug"] for item in page[0]]


def test_categories_are_seeded_in_order(store):
    categories = store.categories()
    assert categories[0] == {"slug": "van-phong", "name": "Văn phòng", "order": 1}
    assert [c["order"] for c in categories] == sorted(c["order"] for c in categories)
    assert {"Tin tức - Sự kiện", "Giáo dục Trung học", "Khảo thí và Kiểm định chất lượng", "Văn bản chỉ đạo"} <= {
        c["name"] for c in categories
    }
    assert store.category("giao-duc-mam-non")["name"] == "Giáo dục Mầm non"
    assert store.category("khong-co") is None


def stored(document, **changes):
    """What the store gives back for `document`: the workflow's fields at their defaults."""
    return {**document, **DEFAULTS, **changes}


def revision(title="Tiêu đề", user="hoa", action="update", ts=NOW, **fields):
    body = {**doc("x", title=title), **fields}
    return {
        "ts": ts,
        "user": user,
        "display_name": user.title() if user else None,
        "action": action,
        "comment": None,
        "restored_from": None,
        "title": title,
        "fields": snapshot(body),
    }


def test_insert_get_and_unique_slug(store):
    assert put(store, doc("a", title="Giáo dục")) == stored(doc("a", title="Giáo dục"))
    assert store.get("a") == stored(doc("a", title="Giáo dục")) and store.get("b") is None
    assert store.slug_taken("a") and not store.slug_taken("b")
    with pytest.raises(SlugTaken):
        put(store, doc("a"))


def test_the_workflow_fields_are_kept_as_given(store):
    review = {"by": "lanh.dao", "ts": NOW, "comment": "Bổ sung số liệu.\nXem lại tiêu đề."}
    pending = {"id": 3, "user": "hoa", "ts": NOW + 5}
    document = {**doc("a"), "owner": "hoa", "version": 2, "review": review, "pending": pending}
    assert store.insert(document, search_words(document)) == document
    assert store.get("a") == document
    saved = store.save("a", 2, {"review": None, "pending": None, "status": "pending"}, None, revision())
    assert saved == {**document, "review": None, "pending": None, "status": "pending", "version": 3}


def test_save_changes_fields_slug_and_search_words(store):
    put(store, doc("a", title="Tin cũ"))
    put(store, doc("b"))
    new = {**doc("a", title="Đào tạo giáo viên"), "updated_ts": NOW}
    updated = store.save("a", 1, {"title": new["title"], "updated_ts": NOW}, search_words(new), revision(new["title"]))
    assert updated["title"] == "Đào tạo giáo viên" and updated["updated_ts"] == NOW and updated["version"] == 2
    assert slugs(store.search(["dao", "tao"], NOW)) == ["a"]
    assert slugs(store.search(["cu"], NOW)) == []
    moved = store.save("a", 2, {"slug": "c"}, None, revision(new["title"]))
    assert moved["slug"] == "c" and moved["version"] == 3 and store.get("a") is None
    with pytest.raises(SlugTaken):
        store.save("c", 3, {"slug": "b"}, None, revision())
    assert store.get("c")["version"] == 3 and store.get("b")["version"] == 1  # nothing of it stayed
    assert store.save("khong-co", 1, {"title": "x"}, None, revision()) is None


def test_a_save_on_an_older_version_is_refused_and_changes_nothing(store):
    put(store, doc("a", title="Bản đầu"))
    store.save("a", 1, {"title": "Bản của Hoa"}, None, revision("Bản của Hoa"))
    with pytest.raises(VersionConflict) as refused:
        store.save("a", 1, {"title": "Bản của Bình"}, None, revision("Bản của Bình", user="binh"))
    assert refused.value.current["version"] == 2 and refused.value.current["title"] == "Bản của Hoa"
    assert store.get("a")["title"] == "Bản của Hoa"
    assert [item["user"] for item in store.revisions("a", 0, 10)[0]] == ["hoa"]


def test_of_saves_made_at_once_on_one_version_exactly_one_wins(any_app):
    with any_app.app_context():
        put(get_store(), doc("a"))
    barrier, outcomes = threading.Barrier(6), []

    def save(number):
        with any_app.app_context():
            store = get_store()
            barrier.wait()
            try:
                store.save("a", 1, {"title": f"Bản {number}"}, None, revision(f"Bản {number}", user=f"u{number}"))
                outcomes.append(("saved", number))
            except VersionConflict as error:
                outcomes.append(("refused", error.current["version"]))

    threads = [threading.Thread(target=save, args=(number,)) for number in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    winners = [number for outcome, number in outcomes if outcome == "saved"]
    assert len(winners) == 1 and [outcome for outcome in outcomes if outcome[0] == "refused"] == [("refused", 2)] * 5
    with any_app.app_context():
        store = get_store()
        assert store.get("a")["title"] == f"Bản {winners[0]}" and store.get("a")["version"] == 2
        assert [(item["id"], item["user"]) for item in store.revisions("a", 0, 10)[0]] == [(2, f"u{winners[0]}")]


def test_revisions_newest_first_paginated_and_kept_across_a_slug_change(store):
    put(store, doc("a"))
    for version in range(1, 6):
        store.save(
            "a", version, {"title": f"Bản {version + 1}"}, None, revision(f"Bản {version + 1}", ts=NOW + version)
        )
    store.save("a", 6, {"slug": "b"}, None, revision("Bản 6", action="update", ts=NOW + 9))
    items, total = store.revisions("b", 0, 3)
    assert total == 6 and [item["id"] for item in items] == [7, 6, 5]
    assert items[1] == {"id": 6, "ts": NOW + 5, "user": "hoa", "title": "Bản 6"}
    assert [item["id"] for item in store.revisions("b", 3, 3)[0]] == [4, 3, 2]
    assert store.revisions("a", 0, 10) is None and store.revision("a", 7) is None
    one = store.revision("b", 4)
    assert one == {"id": 4, **revision("Bản 4", ts=NOW + 3)}
    assert store.revision("b", 99) is None and store.revision("b", 0) is None


def test_a_revision_kept_at_insert_and_a_baseline_for_an_article_without_one(store):
    store.insert(doc("a"), search_words(doc("a")), revision(action="create", ts=NOW - 1000))
    assert [item["id"] for item in store.revisions("a", 0, 10)[0]] == [1]
    put(store, doc("old", title="Bài cũ"))  # stored before revisions existed
    assert store.revisions("old", 0, 10) == ([], 0)
    baseline = revision("Bài cũ", user=None, action="baseline", ts=NOW - 1000)
    store.save("old", 1, {"title": "Bài mới"}, None, revision("Bài mới"), baseline=baseline)
    assert [item["id"] for item in store.revisions("old", 0, 10)[0]] == [2, 1]
    assert store.revision("old", 1)["action"] == "baseline" and store.revision("old", 1)["user"] is None
    # Once there is a revision for the version, a baseline given again changes nothing.
    store.save("a", 1, {"title": "Sửa"}, None, revision("Sửa"), baseline=baseline)
    assert store.revision("a", 1)["action"] == "create"


def test_delete(store):
    put(store, doc("a", title="giáo dục"))
    store.save("a", 1, {"title": "giáo dục mới"}, None, revision("giáo dục mới"))
    with pytest.raises(VersionConflict):
        store.delete("a", 1)
    assert store.get("a")["version"] == 2
    assert store.delete("a", 2) is True and store.delete("a") is False
    assert store.get("a") is None and store.search(["giao"], NOW) == ([], 0)
    assert store.revisions("a", 0, 10) is None
    put(store, doc("a"))  # the same address again: a new article, without the old one's history
    assert store.revisions("a", 0, 10) == ([], 0)


def test_public_list_newest_first_hides_drafts_and_scheduled_and_paginates(store):
    for index in range(5):
        put(store, doc(f"p{index}", ts=NOW - 100 * index))
    put(store, doc("draft", status="draft"))
    put(store, doc("later", ts=NOW + 60))
    put(store, doc("other", category="giao-duc-mam-non", ts=NOW - 50))
    assert slugs(store.list_public(NOW, "van-phong", 0, 10)) == ["p0", "p1", "p2", "p3", "p4"]
    assert store.list_public(NOW, "van-phong", 2, 2) == (store.list_public(NOW, "van-phong", 0, 10)[0][2:4], 5)
    assert slugs(store.list_public(NOW, None, 0, 3)) == ["p0", "other", "p1"]
    assert store.list_public(NOW, None, 0, 100)[1] == 6
    # Once its time has come, the scheduled article is public.
    assert slugs(store.list_public(NOW + 60, "van-phong", 0, 1)) == ["later"]


def test_related_are_older_same_category_newest_first(store):
    for index in range(6):
        put(store, doc(f"v{index}", ts=NOW - 100 * index))
    put(store, doc("tie", ts=NOW - 200))  # same time as v2: the slug orders them, "tie" first
    put(store, doc("draft", ts=NOW - 250, status="draft"))
    put(store, doc("mn", category="giao-duc-mam-non", ts=NOW - 300))
    v2 = store.get("v2")
    assert slugs(store.related(v2, NOW, 0, 10)) == ["v3", "v4", "v5"]
    assert slugs(store.related(store.get("tie"), NOW, 0, 10)) == ["v2", "v3", "v4", "v5"]
    assert slugs(store.related(store.get("v1"), NOW, 0, 10)) == ["tie", "v2", "v3", "v4", "v5"]
    page, total = store.related(store.get("v0"), NOW, 2, 2)
    assert [item["slug"] for item in page] == ["v2", "v3"] and total == 6


CORPUS = [
    # slug, title, body, age
    ("t-both", "Giáo dục đào tạo tỉnh nhà", "<p>Bài viết.</p>", 500),
    ("t-one-new", "Giáo dục mầm non", "<p>Công tác đào tạo giáo viên.</p>", 100),
    ("t-one-old", "Đào tạo nghề", "<p>Ngành giáo dục.</p>", 900),
    ("body-only", "Tin hoạt động", "<p>GIÁO DỤC và ĐÀO TẠO</p>", 50),
    ("summary-only", "Thông báo", "<p>Chi tiết kèm theo.</p>", 60),
    ("one-word", "Giáo viên giỏi", "<p>giáo dục</p>", 10),
    ("draft", "Giáo dục đào tạo nháp", "<p>x</p>", 20),
]


def _load_search_corpus(store):
    for slug, title, body, age in CORPUS:
        summary = "Đào tạo giáo dục." if slug == "summary-only" else ""
        put(
            store,
            doc(
                slug,
                title=title,
                body=body,
                ts=NOW - age,
                summary=summary,
                status="draft" if slug == "draft" else "published",
            ),
        )


def test_search_all_words_any_field_title_hits_first_then_newest(store):
    _load_search_corpus(store)
    found, total = store.search(unique_words("giao duc dao tao"), NOW)
    assert [item["slug"] for item in found] == ["t-both", "t-one-new", "t-one-old", "body-only", "summary-only"]
    assert total == 5
    # Both words in the title, then one ("Giáo viên giỏi"), then none; newest first within each.
    assert slugs(store.search(unique_words("GIÁO DỤC"), NOW, None, 0, 3)) == ["t-one-new", "t-both", "one-word"]
    second = store.search(unique_words("giao duc"), NOW, None, 3, 3)
    assert slugs(second) == ["body-only", "summary-only", "t-one-old"] and second[1] == 6
    assert slugs(store.search(["giao", "khongco"], NOW)) == []
    assert slugs(store.search(["dao", "tao"], NOW, "giao-duc-mam-non")) == []


def test_search_matches_whole_words_only(store):
    put(store, doc("a", title="Giáo dục"))
    assert slugs(store.search(["gia"], NOW)) == []
    assert slugs(store.search(["duc"], NOW)) == ["a"]


def test_index_entries_list_public_articles_for_the_sitemap(store):
    put(store, doc("a", ts=NOW - 10))
    put(store, doc("b", ts=NOW - 20))
    put(store, doc("hidden", status="draft"))
    entries, total = store.index_entries(NOW, 0, 1)
    assert total == 2 and entries == [
        {"slug": "a", "category": "van-phong", "published_ts": NOW - 10, "updated_ts": NOW - 10}
    ]


def test_latest_published_at_is_the_newest_publication_already_passed(store):
    assert store.latest_published_at(NOW) is None
    put(store, doc("old", ts=NOW - 100))
    put(store, doc("new", ts=NOW - 10))
    put(store, doc("draft", ts=NOW - 5, status="draft"))
    put(store, doc("later", ts=NOW + 60))
    assert store.latest_published_at(NOW) == NOW - 10
    # The scheduled article moves it the moment it goes public, with no write.
    assert store.latest_published_at(NOW + 59) == NOW - 10
    assert store.latest_published_at(NOW + 60) == NOW + 60
