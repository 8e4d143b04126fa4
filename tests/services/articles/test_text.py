"""Folding Vietnamese text, slugs from titles, summaries from bodies."""

import pytest

from services.articles.text import excerpt, fold, html_to_text, slugify, unique_words, valid_slug


def test_fold_drops_diacritics_and_maps_d_with_stroke():
    assert fold("Giáo dục và Đào tạo ĐẠI HỌC") == "giao duc va dao tao dai hoc"
    assert fold("ừong Ưu Ỷ") == "uong uu y"


def test_words_are_folded_unique_and_split_on_punctuation():
    assert unique_words("Năm học 2018-2019: giáo dục, GIÁO DỤC!") == ["nam", "hoc", "2018", "2019", "giao", "duc"]


@pytest.mark.parametrize(
    "title, slug",
    [
        (
            "Kế hoạch truyền thông về giáo dục và đào tạo năm 2019",
            "ke-hoach-truyen-thong-ve-giao-duc-va-dao-tao-nam-2019",
        ),
        ("Đề án “Sữa học đường” — giai đoạn 2018/2020", "de-an-sua-hoc-duong-giai-doan-2018-2020"),
        ("  Ngày hội   STEM!!! ", "ngay-hoi-stem"),
        ("!!!", "bai-viet"),
    ],
)
def test_slugify(title, slug):
    assert slugify(title) == slug


def test_long_titles_are_cut_at_a_word_boundary():
    slug = slugify("Hướng dẫn " * 30)
    assert len(slug) <= 80 and not slug.endswith("-") and slug.endswith("dan")


@pytest.mark.parametrize(
    "slug, ok",
    [
        ("tin-moi-2019", True),
        ("Tin-moi", False),
        ("tin--moi", False),
        ("-tin", False),
        ("tin moi", False),
        ("giáo-dục", False),
        ("", False),
    ],
)
def test_valid_slug(slug, ok):
    assert valid_slug(slug) is ok


def test_html_to_text_and_excerpt():
    assert html_to_text("<p>Một &amp; hai</p><p>ba</p>") == "Một & hai ba"
    long = "chữ " * 100
    cut = excerpt(long, 30)
    assert cut.endswith("…") and len(cut) <= 31
