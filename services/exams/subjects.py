"""Block totals for a candidate, from the contract's vocabulary (portal_common.exam_vocabulary:
subject keys and order, names, language codes, the blocks and their parts).

Scores are whole hundredths everywhere inside the service (8.5 → 850), so block totals are exact
sums and never show float drift; they become numbers with two decimals only in JSON.
"""

from functools import lru_cache

import numpy as np

from portal_common.exam_vocabulary import BLOCKS, ENGLISH, LANGUAGES, NAMES, SUBJECTS, describe_block  # noqa: F401

INDEX = {key: position for position, key in enumerate(SUBJECTS)}

# In the packed row: the file had no language column, so ngoai_ngu counts as English (the 2025
# national file has none, and English is what nearly every candidate takes); or the column was
# there but empty/unknown for this candidate, so no language-specific block is given.
LANGUAGE_NOT_GIVEN = 0
LANGUAGE_UNKNOWN = 15


def _part_key(part, taken, language):
    """The subject that stands for the part for this candidate, or None when the part is missing."""
    if isinstance(part, str):
        return part if part in taken else None
    if len(part) == 2 and isinstance(part[1], int):
        key, wanted = part
        if language == wanted or (wanted == 1 and language == LANGUAGE_NOT_GIVEN):
            return key if key in taken else None
        return None
    for alternative in part:
        if alternative in taken:
            return alternative
    return None


@lru_cache(maxsize=4096)
def _blocks_of(taken, language):
    """((block, its subjects), ...) for each block a candidate has every part of. It depends only on
    which subjects they took and their language, and candidates share a few hundred such
    combinations: worked out once for each, a lookup's totals are plain sums (judging the 29
    blocks' parts on every lookup was a tenth of its CPU, profiled)."""
    blocks = []
    for code, parts in BLOCKS.items():
        keys = tuple(_part_key(part, taken, language) for part in parts)
        if None not in keys:
            blocks.append((code, keys))
    return tuple(blocks)


def block_totals(scores, language):
    """{block: total in hundredths} for each block the candidate has every part of.
    `scores` maps subject key → hundredths for the subjects taken."""
    return {code: sum(scores[key] for key in keys) for code, keys in _blocks_of(tuple(scores), language)}


def block_total_columns(scores, language, not_taken):
    """The same totals as block_totals, for a batch of candidates at once (the import's
    statistics): `scores` an int32 array (rows × SUBJECTS, `not_taken` where not taken),
    `language` each row's code. → {block: int32 array of totals}, negative where the candidate
    lacks a part (a missing part adds `not_taken`, far below zero)."""
    columns = {}

    def part_column(part):
        if part in columns:
            return columns[part]
        if isinstance(part, str):
            column = scores[:, INDEX[part]]
        elif len(part) == 2 and isinstance(part[1], int):
            key, wanted = part
            chosen = language == wanted
            if wanted == 1:
                chosen |= language == LANGUAGE_NOT_GIVEN
            column = np.where(chosen, scores[:, INDEX[key]], not_taken)
        else:  # the first alternative the candidate took
            column = scores[:, INDEX[part[-1]]]
            for key in reversed(part[:-1]):
                taken = scores[:, INDEX[key]]
                column = np.where(taken >= 0, taken, column)
        columns[part] = column
        return column

    totals = {}
    for code, parts in BLOCKS.items():
        total = part_column(parts[0]).copy()
        for part in parts[1:]:
            total += part_column(part)
        totals[code] = total
    return totals
