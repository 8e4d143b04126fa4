"""One candidate's lookup answer, built in one place so that every path that answers a lookup
gives the same body: the subjects taken, the block totals, and the percentiles of both.

Scores are whole hundredths inside the service (packing.py); they become numbers with at most two
decimals only here."""

from . import packing
from .subjects import LANGUAGES, block_totals


def _number(hundredths):
    return hundredths / 100


def lookup_answer(exam_id, sbd, packed, ranking):
    """The contract's `{"exam", "sbd", "scores", "blocks", "percentiles"}` for the packed row of
    candidate `sbd` (the 8-digit text), `ranking` the generation's ranks.Ranking; plus
    `"province_percentiles"` (the same shares against the candidates of the number's province) and
    `"language"`, the code of the foreign language taken ("N1" English … "N7" Korean), null when
    the file did not say (then ngoai_ngu counts as English in the blocks)."""
    scores, language = packing.unpack(packed)
    blocks = block_totals(scores, language)
    return {
        "exam": exam_id,
        "sbd": sbd,
        "scores": {key: _number(value) for key, value in scores.items()},
        "blocks": {code: _number(total) for code, total in blocks.items()},
        "percentiles": ranking.percentiles({**scores, **blocks}),
        # The same against the candidates of their province (the number's first two digits).
        "province_percentiles": ranking.province_percentiles(int(sbd[:2]), {**scores, **blocks}),
        "language": f"N{language}" if language in LANGUAGES else None,
    }
