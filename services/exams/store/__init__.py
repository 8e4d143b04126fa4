"""The exams store: one narrow interface, SQLite (embedded default) or MongoDB behind it."""

import itertools
import os
from typing import NamedTuple, Optional


class Lookup(NamedTuple):
    """What a lookup reads in one step: whether the exam exists, the candidate's packed row (None:
    no such number), the exam's published_at (None: published), and the generation the row is of
    (its percentile tables are the store's `ranks(generation)`)."""

    exam_found: bool
    packed: Optional[bytes]
    published_at: Optional[str]
    generation: Optional[int] = None


# An import job's states (the contract's "Imports as jobs"); the first two are not finished.
JOB_QUEUED, JOB_RUNNING, JOB_DONE, JOB_FAILED = "queued", "running", "done", "failed"
JOB_UNFINISHED = (JOB_QUEUED, JOB_RUNNING)


def open_store(config):
    if config.get("MONGO_URL"):
        from .mongo import MongoExamStore

        return MongoExamStore(config["MONGO_URL"])
    from .sqlite import SqliteExamStore

    return SqliteExamStore(os.path.join(config["DATA_DIR"], "exams.sqlite3"))


# Rows per batch when a backup's results go back in (as the importer's batches).
RESTORE_BATCH = 5000
EXAM_META = ("name", "year", "candidates", "subjects", "stats", "imported_at", "published_at")


def restore_records(store, kind, records):
    """A backup's records put back through the importer's loader (both stores): an exam is made
    with no results, then its results go into a fresh generation that is made active with the
    exam's own fields, statistics, percentile tables and publication time; a failure leaves the
    exam as it was. Import jobs go back as they were (one left unfinished is judged stale when read)."""
    if kind == "exams":
        for record in records:
            meta = {name: record[name] for name in EXAM_META}
            if record.get("ranks") is not None:
                meta["ranks"] = record["ranks"]
            store.begin_import(record["id"]).commit(meta)
    elif kind == "results":
        for exam_id, rows in itertools.groupby(records, key=lambda record: record["exam"]):
            exam = store.exam(exam_id)
            if exam is None:
                raise ValueError(f"results of an exam that is not in the backup: {exam_id!r}")
            meta = {**{name: exam[name] for name in EXAM_META if name != "stats"}, "stats": store.stats(exam_id)}
            # The percentile tables the "exams" step gave the exam's generation go with its rows.
            ranks = store.ranks(store.lookup(exam_id, 0).generation)
            if ranks is not None:
                meta["ranks"] = ranks
            loader = store.begin_import(exam_id)
            try:
                while batch := list(itertools.islice(rows, RESTORE_BATCH)):
                    loader.add([(record["sbd"], record["p"]) for record in batch])
            except BaseException:
                loader.abort()
                raise
            loader.commit(meta)
    elif kind == "jobs":
        for job in records:
            store.create_job(job)
    else:
        raise ValueError(f"unknown record kind {kind!r}")
