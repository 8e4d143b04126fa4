"""One data row → (SBD as int, packed scores), or the reason it is skipped.

Scores become whole hundredths. Accepted: `8.5`, `8.50`, `9`, and the Vietnamese decimal comma
`8,5` (in a comma-delimited CSV it must be quoted, else it splits the cell and the row's column
count is wrong, which rejects the row). Not taken: empty, `-`, `-1`. Refused: a number outside
0–10, a third decimal, anything else. Distinct cell texts are few (a few hundred in a national
file), so each is parsed once and remembered: the hot loop is a dict lookup per cell."""

import re
from operator import itemgetter

from .. import packing
from ..subjects import LANGUAGE_NOT_GIVEN, LANGUAGE_UNKNOWN, SUBJECTS

NOT_TAKEN_TEXTS = {"", "-", "-1", "-1.0", "-1.00", "–", "—", "−"}
_NUMBER = re.compile(r"^(\d{1,2})(?:\.(\d{1,2})0*)?$", re.ASCII)
_CACHE_LIMIT = 50_000
_CACHED_TEXT_CHARS = 16


class RowError(Exception):
    pass


def parse_score(text):
    """Hundredths (0–1000), packing.NOT_TAKEN, or a str saying why the text is not a score."""
    text = text.strip()
    if text in NOT_TAKEN_TEXTS:
        return packing.NOT_TAKEN
    match = _NUMBER.match(text.replace(",", "."))
    if not match:
        return f"'{text[:20]}' không phải điểm hợp lệ"
    whole, decimals = match.groups()
    value = int(whole) * 100 + (int(decimals.ljust(2, "0")) if decimals else 0)
    if value > 1000:
        return f"điểm {text} ngoài khoảng 0–10"
    return value


def parse_language(text):
    text = text.strip().upper()
    if len(text) == 2 and text[0] == "N" and text[1] in "1234567":
        return int(text[1])
    return LANGUAGE_UNKNOWN


class RowParser:
    """Parses rows for one Plan; remembers SBDs seen (a 12.5 MB bitmap of all 8-digit numbers,
    cheaper than a set of ints at national scale) to refuse duplicates.

    The hot path stays in C: one itemgetter takes the score cells, map() looks each text up in
    the cache of valid scores, another itemgetter puts them in subject order."""

    def __init__(self, plan):
        self.plan = plan
        columns = [column for column, _ in plan.subjects]
        self.names = [plan.names[column] for column in columns]
        self.cells = _getter(columns)
        # Subject order; subjects the file lacks point at the NOT_TAKEN appended to each row.
        slot = {position: index for index, (_, position) in enumerate(plan.subjects)}
        self.order = _getter([slot.get(position, len(columns)) for position in range(len(SUBJECTS))])
        self.seen = bytearray(10**8 // 8)
        self.valid = {}  # cell text → hundredths or NOT_TAKEN, for texts already parsed

    def _scores(self, texts):
        """The slow path for texts not seen yet: parse, remember the valid ones, refuse the rest."""
        values = []
        for text, name in zip(texts, self.names, strict=True):
            value = self.valid.get(text)
            if value is None:
                value = parse_score(text)
                if value.__class__ is str:
                    raise RowError(f"{name}: {value}")
                # Real score texts are short and few; a long one ("8.5000…", padded) is not kept,
                # so the cache stays a few MB whatever the file holds.
                if len(self.valid) < _CACHE_LIMIT and len(text) <= _CACHED_TEXT_CHARS:
                    self.valid[text] = value
            values.append(value)
        return values

    def parse(self, row):
        """→ (sbd int, scores tuple in subject order, language) or raises RowError; None for a
        blank line."""
        plan = self.plan
        if len(row) != plan.width:
            if not any(cell.strip() for cell in row):
                return None
            if len(row) < plan.width or any(cell.strip() for cell in row[plan.width :]):
                raise RowError(f"có {len(row)} cột, tiêu đề có {plan.width} cột")
        sbd_text = row[plan.sbd].strip()
        if len(sbd_text) != 8 or not sbd_text.isascii() or not sbd_text.isdigit():
            if not any(cell.strip() for cell in row):
                return None
            raise RowError(f"số báo danh '{sbd_text[:20]}' không phải 8 chữ số")
        sbd = int(sbd_text)
        byte, bit = divmod(sbd, 8)
        if self.seen[byte] & (1 << bit):
            raise RowError(f"số báo danh {sbd_text} lặp lại")
        texts = self.cells(row)
        values = list(map(self.valid.get, texts))
        if None in values:
            values = self._scores(texts)
        values.append(packing.NOT_TAKEN)
        self.seen[byte] |= 1 << bit
        if plan.language is None:
            language = LANGUAGE_NOT_GIVEN
        else:
            language = parse_language(row[plan.language])
        return sbd, self.order(values), language


def _getter(indexes):
    """itemgetter that always returns a tuple, also for one index."""
    if len(indexes) == 1:
        index = indexes[0]
        return lambda row: (row[index],)
    return itemgetter(*indexes)
