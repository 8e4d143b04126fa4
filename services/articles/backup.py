"""The articles service's part of a backup (tools/backup): its records in a store-neutral form,
read and written through its store seam (store.export_records / store.import_records): the
articles with their categories and revisions, and the sections kept here too (the site settings
and static pages as versioned records, the logo, the public's questions).

An article or a question goes back with its search words made again from its text, as a save
makes them, so the same archive restores into SQLite (FTS5) or MongoDB (word arrays)."""

from . import questions
from .articles import search_words
from .settings import settings
from .store import open_store

SERVICE = "articles"
SQLITE_FILE = "articles.sqlite3"
# Whether the service keeps objects (bytes) besides its records (its logo is a record).
HOLDS_OBJECTS = False
# In the order they go back: an article's category and an article before its revisions; then the
# sections: the site settings and static pages (versioned records), the logo, the questions.
KINDS = ("categories", "articles", "revisions", "site_records", "site_files", "questions")
# What each kind carries, by store: tests/backup/test_coverage.py fails when a store has a table
# or collection in none of these, so a new one is never silently left out of backups.
SQLITE_TABLES = {
    "categories": ("categories",),
    "articles": ("articles", "articles_fts"),
    "revisions": ("article_revisions",),
    "site_records": ("site_records",),
    "site_files": ("site_files",),
    "questions": ("questions", "questions_fts"),
}
MONGO_COLLECTIONS = {
    "categories": ("article_categories",),
    "articles": ("articles",),
    "revisions": ("article_revisions",),
    "site_records": ("site_records",),
    "site_files": ("site_images",),
    "questions": ("questions", "counters"),
}


def import_records(store, kind, records):
    if kind == "articles":
        records = ({**record, "search": search_words(record)} for record in records)
    elif kind == "questions":
        records = ({**record, "words": questions.words_of(record)} for record in records)
    store.import_records(kind, records)


def has_records(store):
    """Whether a restore would land on content (the seeded categories do not count)."""
    return next(iter(store.export_records("articles")), None) is not None


# Read by tools/backup/service_part.py.
__all__ = ["open_store", "settings"]
