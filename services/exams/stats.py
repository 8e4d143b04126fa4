"""Score statistics (phổ điểm), computed once while a file is imported and stored with the exam.

Counts are kept per subject and per hundredth (1,001 counters), so mean, median and every
histogram are exact whatever the file's size. Bin width, per subject, from the data: the largest
of 1, 0.5, 0.25, 0.2 that at least 99 % of the subject's scores are multiples of (the old scale:
0.25 for essays, 0.2 for multiple choice); when none is (the 2025 scale, where scores fall on
0.05), 0.25. Each bin counts the scores in [score, score + width); the last bin is 10 alone.
The totals of the most used blocks (STATS_BLOCKS, the ones the phổ điểm page draws) get the same
treatment on 0–30 with 0.25-wide bins."""

from collections import Counter
from operator import add

from .packing import NOT_TAKEN
from .subjects import BLOCKS, ENGLISH, INDEX, LANGUAGE_NOT_GIVEN, SUBJECTS

STATS_BLOCKS = ("A00", "A01", "B00", "C00", "D01")

STEPS = (100, 50, 25, 20)  # in hundredths, largest first
FALLBACK_STEP = 25
ON_GRID = 0.99


def _compiled_blocks():
    """(code, subject positions, needs English) for STATS_BLOCKS, for the import's hot loop."""
    compiled = []
    for code in STATS_BLOCKS:
        parts = BLOCKS[code]
        positions = tuple(INDEX[part[0] if part == ENGLISH else part] for part in parts)
        compiled.append((code, positions, ENGLISH in parts))
    return compiled


# Added to a row's English-block totals: 0 when ngoai_ngu counts as English, else a sum that
# can only be negative (like a part not taken, packing.NOT_TAKEN).
ENGLISH_PENALTY = {code: (0 if code in (LANGUAGE_NOT_GIVEN, ENGLISH[1]) else NOT_TAKEN) for code in range(16)}


class Accumulator:
    """Counters filled a batch of rows at a time: columns are counted with Counter and block
    totals added column-wise with map(), so the per-row work stays in C."""

    def __init__(self):
        self.subject_counts = [[0] * 1001 for _ in SUBJECTS]
        self.blocks = _compiled_blocks()
        self.block_counts = {code: [0] * 3001 for code in STATS_BLOCKS}
        self.candidates = 0

    def add_batch(self, rows, penalties):
        """`rows`: score tuples in subject order (NOT_TAKEN where not taken); `penalties`: each
        row's ENGLISH_PENALTY."""
        if not rows:
            return
        self.candidates += len(rows)
        # Every row is RowParser.order's tuple of len(SUBJECTS) scores, so the rows are equally long
        # by construction; strict=True here would cost one extra next() per row of the batch. The
        # zip below checks the column count (a short row would make fewer columns) at no cost.
        columns = list(zip(*rows, strict=False))
        for counts, column in zip(self.subject_counts, columns, strict=True):
            _count_into(counts, column)
        for code, (a, b, c), needs_english in self.blocks:
            totals = map(add, map(add, columns[a], columns[b]), columns[c])
            if needs_english:
                totals = map(add, totals, penalties)
            _count_into(self.block_counts[code], totals)

    def result(self):
        subjects = {}
        for key, counts in zip(SUBJECTS, self.subject_counts, strict=True):
            summary = summarize(counts, choose_step(counts), 1000)
            if summary:
                subjects[key] = summary
        blocks = {}
        for code, counts in self.block_counts.items():
            summary = summarize(counts, FALLBACK_STEP, 3000)
            if summary:
                blocks[code] = summary
        return {"candidates": self.candidates, "subjects": subjects, "blocks": blocks}


def _count_into(counts, values):
    """Add each value ≥ 0 of `values` to `counts` (negative: not taken / incomplete block)."""
    for value, number in Counter(values).items():
        if value >= 0:
            counts[value] += number


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
