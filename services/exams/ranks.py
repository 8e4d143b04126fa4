"""Percentiles: for a subject or a block total, the share of the exam's candidates with a score
for it who scored strictly lower, in % with one decimal (the contract's `"percentiles"`).

Made at import from the count tables of the statistics (stats.Accumulator.tables: per key, how
many candidates have each score in hundredths), stored beside the generation they belong to (so a
re-import swaps them with the results, in the same step), and read back once per worker per
generation as prefix sums: a lookup then costs one list index per key.

The same against the candidate's own province (the first two digits of the số báo danh, the
province's exam council): the import's per-province counts, kept per worker sparse — for each
province and key only the scores someone there has, with their running counts — and looked up by
binary search (a few hundred entries), ~7 MB for the national file.

Stored form: a 4-byte header length, a JSON header {"keys", "sizes", "provinces"}, then the
counts as little-endian uint32, zlib-compressed: the national tables key after key, then each
key's rows of the provinces present (~1 MB for the national file)."""

import json
import struct
import threading
import zlib
from array import array
from bisect import bisect_left
from collections import OrderedDict
from itertools import accumulate

import numpy as np

_LENGTH = struct.Struct("<I")
# Generations a worker keeps the tables of (each ~4 MB as prefix lists): the exams in use.
CACHED_GENERATIONS = 8


def encode(tables, province_tables=None):
    """{key: counts per hundredth (numpy array)} and, optionally, {key: counts per province (rows)
    and hundredth} for the same keys → bytes for the store (compressed part by part: the
    province tables are tens of MB before compression)."""
    keys = list(tables)
    provinces = []
    if province_tables:
        present = np.zeros(len(next(iter(province_tables.values()))), dtype=bool)
        for key in keys:
            present |= province_tables[key].any(axis=1)
        provinces = np.flatnonzero(present).tolist()
    header = {"keys": keys, "sizes": [len(tables[key]) for key in keys], "provinces": provinces}
    encoded = json.dumps(header).encode()
    packer = zlib.compressobj(6)
    body = [packer.compress(np.asarray(tables[key], dtype="<u4").tobytes()) for key in keys]
    for key in keys if provinces else ():
        body.append(packer.compress(np.ascontiguousarray(province_tables[key][provinces], dtype="<u4").tobytes()))
    body.append(packer.flush())
    return _LENGTH.pack(len(encoded)) + encoded + b"".join(body)


def share_below(lower, total):
    """100 × lower / total rounded half up to one decimal, exactly (no float rounding at .x5)."""
    return (2000 * lower + total) // (2 * total) / 10


class Ranking:
    """One generation's prefix sums: below[key][v] = candidates with a score < v (hundredths)."""

    def __init__(self, blob):
        (length,) = _LENGTH.unpack_from(blob)
        header = json.loads(blob[_LENGTH.size : _LENGTH.size + length])
        counts = np.frombuffer(zlib.decompress(blob[_LENGTH.size + length :]), dtype="<u4")
        keys, sizes = header["keys"], header["sizes"]
        self.below = {}
        start = 0
        for key, size in zip(keys, sizes, strict=True):
            self.below[key] = [0, *accumulate(counts[start : start + size].tolist())]
            start += size
        # by_province[province][key] = (the scores someone there has, sorted; running counts)
        self.by_province = {}
        provinces = header.get("provinces") or []
        for key, size in zip(keys, sizes, strict=True):
            rows = counts[start : start + size * len(provinces)].reshape(len(provinces), size)
            start += size * len(provinces)
            for province, row in zip(provinces, rows, strict=True):
                scores = np.flatnonzero(row)
                if scores.size:
                    # array.array, not numpy: as compact, and a lookup's bisect then costs one
                    # machine-int index per step instead of a numpy call per key (profiled).
                    running = np.cumsum(row[scores], dtype=np.int64)
                    self.by_province.setdefault(province, {})[key] = (_ints(scores), _ints(running))

    def percentile(self, key, hundredths):
        below = self.below.get(key)
        if below is None or not 0 <= hundredths < len(below) - 1:
            return None
        return share_below(below[hundredths], below[-1])

    def percentiles(self, values):
        """{key: %} for {key: hundredths} (subjects and blocks alike); keys without a table left out."""
        shares = {}
        for key, hundredths in values.items():
            share = self.percentile(key, hundredths)
            if share is not None:
                shares[key] = share
        return shares

    def province_percentiles(self, province, values):
        """The same against the candidates of `province` (the số báo danh's first two digits)."""
        tables = self.by_province.get(province)
        if not tables:
            return {}
        shares = {}
        for key, hundredths in values.items():
            found = tables.get(key)
            if found is None:
                continue
            scores, running = found
            below = bisect_left(scores, hundredths)  # the scores there under this one
            shares[key] = share_below(running[below - 1] if below else 0, running[-1])
        return shares


def _ints(values):
    """A numpy integer array as a compact array.array of 64-bit ints."""
    kept = array("q")
    kept.frombytes(np.ascontiguousarray(values, dtype="=i8").tobytes())
    return kept


EMPTY = Ranking(encode({}))


class RankingCache:
    """Each worker's Rankings by (store, generation); a generation never changes once committed."""

    def __init__(self, size=CACHED_GENERATIONS):
        self.size = size
        self.kept = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key, load):
        """The Ranking for `key`, made from `load()` (bytes, or None when the generation is gone:
        then None, and nothing is kept)."""
        with self.lock:
            if key in self.kept:
                self.kept.move_to_end(key)
                return self.kept[key]
        blob = load()
        if blob is None:
            return None
        ranking = Ranking(bytes(blob))
        with self.lock:
            self.kept[key] = ranking
            while len(self.kept) > self.size:
                self.kept.popitem(last=False)
        return ranking
