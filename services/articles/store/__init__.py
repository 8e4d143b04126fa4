"""The articles store: one narrow interface, SQLite (embedded default) or MongoDB behind it.

An article (a dict) has the fields of `FIELDS` below. Every save goes through `save`, which is a
compare-and-set on the article's `version`: it applies only when the article is still at the
version the caller read, moves it to the next one and keeps a revision under that number, all as
one step (VersionConflict otherwise). So two saves made on one version never both succeed.

    insert(doc, search, revision=None)      → the stored article (version 1, revision 1)
    save(slug, version, changes, search, revision, baseline=None)
                                            → the article at version + 1; None if there is none;
                                              VersionConflict, SlugTaken
    delete(slug, version=None)              → True/False (VersionConflict when `version` is stale);
                                              the article's revisions go with it
    revisions(slug, offset, limit)          → ([{"id", "ts", "user", "title"}], total), newest
                                              first; None when there is no such article
    revision(slug, revision_id)             → {"id", "ts", "user", "display_name", "action",
                                              "comment", "restored_from", "title", "fields"} or None

    staff_list(view, now, owner=None, offset, limit)
                                            → (docs, total) of one of STAFF_VIEWS (the desk's
                                              lists), of one owner's articles when given

`save(..., replaces=True)` drops the revision under `version` once the new one is kept: an
autosave that supersedes the member's previous autosave leaves one revision, not two.

A revision's id is the version its save made. `baseline` is kept as revision `version` when the
article has none under that number (articles stored before revisions existed), so that their
first state can be restored too."""

import os

# An article as the stores keep it. review: {"by", "ts", "comment"} after a return;
# pending: {"id", "user", "ts"} while an edit of a published article awaits approval.
FIELDS = (
    "slug",
    "title",
    "category",
    "summary",
    "body_html",
    "author",
    "status",
    "published_ts",
    "created_ts",
    "updated_ts",
    "cover",
    "owner",
    "version",
    "review",
    "pending",
)
# The desk's lists: drafts never returned, drafts returned with the approver's comment, what
# awaits approval (pending articles, and published ones with an edit pending), scheduled ones
# (soonest first), published ones already public (newest first), every article.
STAFF_VIEWS = ("draft", "returned", "pending", "scheduled", "published", "all")
# What an article stored before the workflow existed is read as.
DEFAULTS = {"owner": None, "version": 1, "review": None, "pending": None}


def with_defaults(doc):
    return {**DEFAULTS, **doc}


def open_store(config):
    if config.get("MONGO_URL"):
        from .mongo import MongoArticleStore

        return MongoArticleStore(config["MONGO_URL"])
    from .sqlite import SqliteArticleStore

    return SqliteArticleStore(os.path.join(config["DATA_DIR"], "articles.sqlite3"))
