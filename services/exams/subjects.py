"""Block totals for a candidate, from the contract's vocabulary (portal_common.exam_vocabulary:
subject keys and order, names, language codes, the blocks and their parts).

Scores are whole hundredths everywhere inside the service (8.5 → 850), so block totals are exact
sums and never show float drift; they become numbers with two decimals only in JSON.
"""

from portal_common.exam_vocabulary import BLOCKS, ENGLISH, LANGUAGES, NAMES, SUBJECTS, describe_block  # noqa: F401

INDEX = {key: position for position, key in enumerate(SUBJECTS)}

# In the packed row: the file had no language column, so ngoai_ngu counts as English (the 2025
# national file has none, and English is what nearly every candidate takes); or the column was
# there but empty/unknown for this candidate, so no language-specific block is given.
LANGUAGE_NOT_GIVEN = 0
LANGUAGE_UNKNOWN = 15


def _part_value(part, scores, language):
    """The part's score in hundredths for this candidate, or None when the part is missing."""
    if isinstance(part, str):
        return scores.get(part)
    if len(part) == 2 and isinstance(part[1], int):
        key, wanted = part
        if language == wanted or (wanted == 1 and language == LANGUAGE_NOT_GIVEN):
            return scores.get(key)
        return None
    for alternative in part:
        if alternative in scores:
            return scores[alternative]
    return None


def block_totals(scores, language):
    """{block: total in hundredths} for each block the candidate has every part of.
    `scores` maps subject key → hundredths for the subjects taken."""
    totals = {}
    for code, parts in BLOCKS.items():
        total = 0
        for part in parts:
            value = _part_value(part, scores, language)
            if value is None:
                break
            total += value
        else:
            totals[code] = total
    return totals
