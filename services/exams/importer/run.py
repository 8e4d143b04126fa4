"""One import, start to end: read the header (a file that is not a results file is refused before
anything is written), stream the rows into a fresh generation in the store in batches, gather the
statistics on the way, and switch the exam to the new results in one step. Any failure while
reading (truncated gzip, broken CSV, a client that hangs up, a body over the size cap) drops the
half-written generation: the exam keeps its old results."""

import re

from portal_common import timefmt
from portal_common.errors import ApiError

from .. import packing, ranks
from ..exam_fields import checked_id, checked_name, checked_published_at, checked_year
from ..stats import Accumulator
from .headers import plan_for
from .limits import invalid
from .rows import RowError, RowParser
from .sources import READ_ERRORS, open_rows, read_error

BATCH = 50_000
MAX_REPORTED = 1000
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")


def exam_defaults(exam_id, existing, name, year):
    """(name, year) for this import: given ones, else the exam's current ones, else defaults
    (the id as name, the last 4-digit number in the id as year)."""
    checked_id(exam_id)
    name = (name or "").strip() or (existing["name"] if existing else exam_id)
    name = checked_name(name)
    if year in (None, ""):
        if existing:
            year = existing["year"]
        else:
            # The last one: in "ct2006-2025" the curriculum comes first, the year last.
            numbers = _YEAR.findall(exam_id)
            if not numbers:
                raise ApiError(400, "Cần tham số 'year' (mã kỳ thi không chứa năm).", field="year")
            year = numbers[-1]
    return name, checked_year(year)


def import_results(
    store,
    exam_id,
    stream,
    *,
    name=None,
    year=None,
    published_at=None,
    content_type=None,
    content_encoding=None,
    tmp_dir=None,
    limits=None,
    progress=None,
    max_reported=MAX_REPORTED,
):
    """→ the report {"exam", "imported", "rejected": [{"line", "reason"}], "rejected_total"}.
    `published_at` (ISO 8601 with offset), when given, is set in the same step as the results, so
    a first import can arrive embargoed; else the exam keeps its own (a new exam: published).
    `limits`: an ImportLimits (the defaults when None). `progress(rows)`, when given, is called
    with the data rows read so far after each batch (an import job's progress). `rejected` lists
    the first `max_reported` skipped rows; `rejected_total` counts them all."""
    name, year = exam_defaults(exam_id, store.exam(exam_id), name, year)
    publication = {} if published_at in (None, "") else {"published_at": checked_published_at(published_at)}
    source = _open(stream, content_type, content_encoding, tmp_dir, limits)
    try:
        plan = plan_for(_read(source.header))
        loader = store.begin_import(exam_id)
        try:
            report = _load(source, plan, loader, progress, max_reported)
            if not report["imported"]:
                raise invalid(
                    "Tệp không có dòng kết quả hợp lệ nào; kết quả cũ được giữ nguyên.",
                    rejected=report["rejected"][:20],
                    rejected_total=report["rejected_total"],
                )
            loader.commit(
                {
                    "name": name,
                    "year": year,
                    "candidates": report["imported"],
                    "subjects": report.pop("subjects"),
                    "stats": report.pop("stats"),
                    "ranks": report.pop("ranks"),
                    "imported_at": timefmt.to_iso(timefmt.now()),
                    **publication,
                }
            )
        except BaseException:
            loader.abort()
            raise
    finally:
        source.close()
    return {"exam": exam_id, **report}


def _open(stream, content_type, content_encoding, tmp_dir, limits):
    return _read(lambda: open_rows(stream, content_type, content_encoding, tmp_dir, limits))


def _read(step, line=None):
    try:
        return step()
    except tuple(READ_ERRORS) as error:
        raise read_error(error, line) from None


def _load(source, plan, loader, progress, max_reported):
    parser = RowParser(plan)
    accumulator = Accumulator()
    pack = packing.pack_values
    rejected = []
    rejected_total = 0
    imported = 0
    batch, packed = [], []
    line = 1
    rows = source.rows(plan)

    def flush():
        nonlocal imported, batch, packed
        loader.add(batch)
        accumulator.add_batch(packed, [number for number, _ in batch])
        imported += len(batch)
        batch, packed = [], []
        if progress is not None:
            progress(imported + rejected_total)

    try:
        for line, row in rows:
            try:
                parsed = parser.parse(row)
            except RowError as error:
                rejected_total += 1
                if len(rejected) < max_reported:
                    rejected.append({"line": line, "reason": str(error)})
                continue
            if parsed is None:
                continue
            sbd, values, language = parsed
            row_bytes = pack(*values, language)
            batch.append((sbd, row_bytes))
            packed.append(row_bytes)
            if len(batch) >= BATCH:
                flush()
    except tuple(READ_ERRORS) as error:
        raise read_error(error, line + 1) from None
    if batch:
        flush()
    stats = accumulator.result()
    return {
        "imported": imported,
        "rejected": rejected,
        "rejected_total": rejected_total,
        "subjects": list(stats["subjects"]),
        "stats": stats,
        "ranks": ranks.encode(accumulator.tables(), accumulator.province_tables()),
    }
