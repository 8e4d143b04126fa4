"""The real Vietnamese news corpus (../shared/data/articles, Dân Trí via undertheseanlp; GPL-3.0,
test data only) as article documents for the articles store, for the search benchmark and the
corpus test. Articles without a headline get one from their URL slug, as SOURCES.md advises."""

import glob
import gzip
import json
import os
from datetime import datetime

from portal_common.timefmt import VIETNAM, to_epoch
from services.articles.articles import search_words
from services.articles.store.categories import SEED
from services.articles.text import excerpt

CATEGORIES = [slug for slug, _, _ in SEED]
# The corpus's ten sections, each put in one of the portal's ten categories (only to spread them).
SOURCE_CATEGORIES = (
    "education",
    "society",
    "science",
    "health",
    "tech",
    "travel",
    "business",
    "world",
    "sport",
    "entertainment",
)


def corpus_files(shared_data):
    return sorted(glob.glob(os.path.join(shared_data, "articles", "*.jsonl.gz")))


def read_corpus(shared_data, limit=None):
    records = []
    for path in corpus_files(shared_data):
        with gzip.open(path, "rt", encoding="utf-8") as source:
            for line in source:
                records.append(json.loads(line))
                if limit and len(records) >= limit:
                    return records
    return records


def title_of(record):
    return record["title"] or record["url_slug"].replace("-", " ").capitalize()


def to_document(record, copy=0):
    """One store document; `copy` > 0 makes a distinct variant (slug, title, a day older)."""
    from html import escape

    published = datetime.strptime(record["date"], "%Y%m%d").replace(hour=8, tzinfo=VIETNAM)
    ts = int(to_epoch(published)) - copy * 86400
    lines = [line for line in record["body"].split("\n") if line.strip()]
    title = title_of(record) + (f" (bản {copy + 1})" if copy else "")
    doc = {
        "slug": f"{record['doc_id'].replace('_', '-')}" + (f"-{copy + 1}" if copy else ""),
        "title": title,
        "category": CATEGORIES[SOURCE_CATEGORIES.index(record["category"])],
        "summary": excerpt(lines[0] if lines else ""),
        "body_html": "".join(f"<p>{escape(line, quote=False)}</p>" for line in lines),
        "author": "",
        "status": "published",
        "published_ts": ts,
        "created_ts": ts,
        "updated_ts": ts,
        "cover": None,
    }
    return doc


def documents(records, size):
    """`size` documents: the corpus once, then repeated as variants until `size` is reached."""
    out, copy = [], 0
    while len(out) < size:
        for record in records:
            out.append(to_document(record, copy))
            if len(out) >= size:
                break
        copy += 1
    return out


def load(store, docs):
    for doc in docs:
        store.insert(doc, search_words(doc))
