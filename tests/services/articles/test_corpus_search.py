"""Search on real Vietnamese news (../shared/data/articles): queries typed without diacritics find
exactly the articles a brute-force scan of the folded text finds, title matches first, and the
same answers on every backend."""

import pytest

from bench.articles_corpus import documents, load, read_corpus
from portal_common.store import get_store
from services.articles.text import fold, html_to_text, unique_words

NOW = 2_000_000_000
QUERIES = ("giao duc", "dao tao", "hoc sinh dai hoc", "thi tot nghiep")
SAMPLE = 200


@pytest.fixture
def corpus(shared_data):
    records = [r for r in read_corpus(shared_data) if r["category"] == "education"][:SAMPLE]
    if not records:
        pytest.skip("the corpus has no education articles")
    return documents(records, len(records))


def expected(docs, query):
    wanted = set(unique_words(query))
    found = []
    for doc in docs:
        words = set(unique_words(doc["title"] + " " + doc["summary"] + " " + html_to_text(doc["body_html"])))
        if wanted <= words:
            title_hits = len(wanted & set(unique_words(doc["title"])))
            found.append((-title_hits, -doc["published_ts"], doc["slug"]))
    return [slug for *_, slug in sorted(found)]


def test_corpus_search_without_diacritics_matches_a_brute_force_scan(any_app, corpus):
    with any_app.app_context():
        store = get_store()
        load(store, corpus)
        for query in QUERIES:
            want = expected(corpus, query)
            assert want, f"no article of the sample contains {query!r}"
            found, total = store.search(unique_words(query), NOW, None, 0, 20)
            assert total == len(want), query
            assert [doc["slug"] for doc in found] == want[:20], query
            # The words really are there, written with their diacritics.
            for doc in found:
                assert set(query.split()) <= set(
                    unique_words(doc["title"] + " " + doc["summary"] + " " + html_to_text(doc["body_html"]))
                )
            # …and the text carries diacritics the query did not (e.g. "giáo dục" for "giao duc").
            texts = [html_to_text(doc["body_html"]).lower() for doc in found]
            assert all(fold(text) != text for text in texts)
