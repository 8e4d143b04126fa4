"""Score statistics (phổ điểm) and the count tables behind percentiles, computed once while a file
is imported and stored with the exam's generation.

Counts are kept per subject and per block total, per hundredth (1,001 counters a subject, 3,001
a block), so mean, median, every histogram and every percentile are exact whatever the file's
size. Every block the service gives totals for (subjects.BLOCKS) is counted: the phổ điểm page
draws a chart for each block a candidate has. A batch of rows is counted at once from the packed
rows themselves (numpy over the 27-byte records of packing.py), so the 29 blocks cost less than
the five of the pure-Python counting before.

Bin width, per subject, from the data: the largest of 1, 0.5, 0.25, 0.2 that at least 99 % of
the subject's scores are multiples of (the old scale: 0.25 for essays, 0.2 for multiple choice);
when none is (the 2025 scale, where scores fall on 0.05), 0.25. Each bin counts the scores in
[score, score + width); the last bin is 10 alone. Blocks: 0–30 with 0.25-wide bins."""

import numpy as np

from .packing import NOT_TAKEN, SIZE
from .subjects import BLOCKS, SUBJECTS, block_total_columns

STEPS = (100, 50, 25, 20)  # in hundredths, largest first
FALLBACK_STEP = 25
ON_GRID = 0.99
SUBJECT_MAX = 1000  # hundredths
BLOCK_MAX = 3000
# The first two digits of a số báo danh: the province's exam council (01 Hà Nội … 64).
PROVINCES = 100
PROVINCE_DIVISOR = 1_000_000
# One packed row (packing.py) as numpy reads it: 13 little-endian int16 scores, the language code.
ROW = np.dtype([("scores", "<i2", (len(SUBJECTS),)), ("language", "u1")])
assert ROW.itemsize == SIZE


class Accumulator:
    """Counters filled a batch of packed rows at a time."""

    def __init__(self):
        self.subject_counts = {key: np.zeros(SUBJECT_MAX + 1, dtype=np.int64) for key in SUBJECTS}
        self.block_counts = {code: np.zeros(BLOCK_MAX + 1, dtype=np.int64) for code in BLOCKS}
        # The same per province (rows: the số báo danh's first two digits), for the percentiles
        # against the candidate's own province: made with the first batch (a file refused on its
        # first lines costs nothing), 40 MB of address space of which only the rows of the
        # provinces present are ever touched (np.zeros maps zero pages).
        self.province_counts = {}
        self.candidates = 0

    def add_batch(self, packed_rows, numbers):
        """`packed_rows`: the rows of a batch as packing.pack_values made them; `numbers`: their
        số báo danh (ints), in the same order."""
        if not packed_rows:
            return
        rows = np.frombuffer(b"".join(packed_rows), dtype=ROW)
        provinces = np.asarray(numbers, dtype=np.int64) // PROVINCE_DIVISOR
        self.candidates += len(rows)
        scores = rows["scores"].astype(np.int32)
        for index, key in enumerate(SUBJECTS):
            self._count(key, self.subject_counts[key], scores[:, index], provinces)
        for code, totals in block_total_columns(scores, rows["language"], NOT_TAKEN).items():
            self._count(code, self.block_counts[code], totals, provinces)

    def _count(self, key, counts, values, provinces):
        """Add each value ≥ 0 of `values` (negative: not taken / incomplete block) to the key's
        national counts and its province's. A file sorted by number (the national one) has one
        or two provinces in a batch: only their rows are counted into."""
        taken = values >= 0
        values = values[taken]
        if not values.size:
            return
        counts += np.bincount(values, minlength=len(counts))
        provinces = provinces[taken]
        first, last = int(provinces.min()), int(provinces.max())
        if key not in self.province_counts:
            self.province_counts[key] = np.zeros((PROVINCES, len(counts)), dtype=np.uint32)
        rows = self.province_counts[key][first : last + 1]
        width = rows.shape[1]
        cells = np.bincount((provinces - first) * width + values, minlength=rows.size).reshape(rows.shape)
        np.add(rows, cells, out=rows, casting="unsafe")

    def tables(self):
        """{subject key or block code: counts per hundredth} for every key with a score: what
        percentiles are computed from (ranks.py)."""
        counts = {**self.subject_counts, **self.block_counts}
        return {key: table for key, table in counts.items() if table.any()}

    def province_tables(self):
        """{key: counts per province (rows) and hundredth} for the keys of tables()."""
        return {key: self.province_counts[key] for key in self.tables() if key in self.province_counts}

    def result(self):
        subjects = {}
        for key, counts in self.subject_counts.items():
            counts = counts.tolist()
            summary = summarize(counts, choose_step(counts), SUBJECT_MAX)
            if summary:
                subjects[key] = summary
        blocks = {}
        for code, counts in self.block_counts.items():
            summary = summarize(counts.tolist(), FALLBACK_STEP, BLOCK_MAX)
            if summary:
                blocks[code] = summary
        return {"candidates": self.candidates, "subjects": subjects, "blocks": blocks}


def choose_step(counts):
    total = sum(counts)
    if not total:
        return FALLBACK_STEP
    for step in STEPS:
        on_grid = sum(counts[value] for value in range(0, len(counts), step))
        if on_grid >= ON_GRID * total:
            return step
    return FALLBACK_STEP


def summarize(counts, step, maximum):
    total = sum(counts)
    if not total:
        return None
    weighted = sum(value * count for value, count in enumerate(counts))
    histogram = []
    for start in range(0, maximum + 1, step):
        end = maximum + 1 if start + step > maximum else start + step
        histogram.append({"score": start / 100, "count": sum(counts[start:end])})
    return {
        "count": total,
        "mean": round(weighted / total / 100, 2),
        "median": round(_median_hundredths(counts, total) / 100, 2),
        "step": step / 100,
        "histogram": histogram,
    }


def _median_hundredths(counts, total):
    low_rank, high_rank = (total - 1) // 2, total // 2
    low = high = None
    seen = 0
    for value, count in enumerate(counts):
        if not count:
            continue
        seen += count
        if low is None and seen > low_rank:
            low = value
        if seen > high_rank:
            high = value
            break
    return (low + high) / 2
