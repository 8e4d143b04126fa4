"""Search speed on a realistic corpus (figures for docs/news.md; not a test).

  .venv/bin/python -m bench.articles_search [--size 10000] [--rounds 5] [--mongo-url URL]

Loads `size` articles made from the real Vietnamese news corpus (../shared/data/articles, repeated
as variants past its 2,525 articles) into a fresh embedded store (or the MongoDB at --mongo-url),
then times searches without diacritics through the service's HTTP API in-process (store, ranking
and JSON; no network): median and p95 per query beside the corpus size."""

import argparse
import os
import statistics
import sys
import tempfile
import time

from bench.articles_corpus import documents, load, read_corpus
from portal_common.store import get_store
from services.articles import create_app
from tools.processes import ROOT

SHARED = os.environ.get("PORTAL_SHARED_DATA") or os.path.join(os.path.dirname(ROOT), "shared", "data")

QUERIES = [
    "giao duc",
    "hoc sinh",
    "dao tao giao vien",
    "thi tot nghiep thpt",
    "dai hoc",
    "tuyen sinh",
    "hoc phi",
    "covid 19",
    "viet nam",
    "bong da",
    "benh vien",
    "tre em",
    "nha truong",
    "khoa hoc cong nghe",
    "du lich",
    "kinh te",
    "thu tuong",
    "dien thoai",
    "ha noi",
    "sinh vien dai hoc quoc gia",
]


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--mongo-url", default=None, help="e.g. mongodb://127.0.0.1:27017/bench (a fresh database)")
    args = parser.parse_args()

    records = read_corpus(SHARED) if os.path.isdir(os.path.join(SHARED, "articles")) else []
    if not records:
        print(f"skipped: no corpus at {SHARED}/articles (set PORTAL_SHARED_DATA)")
        return 0

    config = {"DATA_DIR": tempfile.mkdtemp(prefix="articles-bench-"), "ADMIN_TOKEN": "bench", "TESTING": True}
    if args.mongo_url:
        config["MONGO_URL"] = args.mongo_url
    app = create_app(config)
    docs = documents(records, args.size)
    started = time.perf_counter()
    with app.app_context():
        load(get_store(), docs)
    load_seconds = time.perf_counter() - started

    client = app.test_client()
    timings, matches = [], {}
    for _ in range(args.rounds):
        for query in QUERIES:
            began = time.perf_counter()
            response = client.get("/api/v1/articles", query_string={"q": query, "per_page": 20})
            timings.append((time.perf_counter() - began) * 1000)
            matches[query] = response.json["total"]
    backend = "mongo" if args.mongo_url else "sqlite (embedded)"
    print(f"backend: {backend}")
    print(f"corpus: {len(docs)} articles ({len(records)} real, the rest variants); loaded in {load_seconds:.1f} s")
    print(f"queries: {len(QUERIES)} × {args.rounds} rounds, page 1 of 20, through the service API in-process")
    print("| corpus size | median ms | p95 ms | max ms |")
    print("|---|---|---|---|")
    print(f"| {len(docs)} | {statistics.median(timings):.1f} | {percentile(timings, 0.95):.1f} | {max(timings):.1f} |")
    print("matches per query: " + ", ".join(f"{q!r}={n}" for q, n in matches.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
