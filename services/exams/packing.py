"""One candidate's row as the stores keep it: 27 bytes, the 13 subjects' scores in hundredths as
little-endian int16 in the order of subjects.SUBJECTS (NOT_TAKEN = -10000), then the language code.

Compact on purpose: 932,334 rows must import in seconds and fit in a small file, and a row is
always read whole, so a lookup sees one candidate's scores from one import, never a mix."""

import struct

from .subjects import SUBJECTS

# Far below zero on purpose: a block total with a part not taken is then negative, which lets
# the statistics add whole columns at C speed and drop incomplete totals by sign (stats.py).
NOT_TAKEN = -10000
_ROW = struct.Struct("<%dhB" % len(SUBJECTS))
SIZE = _ROW.size
pack_values = _ROW.pack  # pack_values(*scores, language)


def unpack(blob):
    """→ ({subject key: hundredths} for the subjects taken, language code)."""
    *values, language = _ROW.unpack(blob)
    return {key: value for key, value in zip(SUBJECTS, values, strict=True) if value >= 0}, language
