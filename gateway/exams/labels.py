"""How the pages name subjects and blocks (tổ hợp), in Vietnamese, from the vocabulary the exams
service computes with (portal_common.exam_vocabulary), and how they write counts."""

from portal_common.exam_vocabulary import NAMES, describe_block


def subject_name(key):
    return NAMES.get(key, key)


def block_subjects(code):
    """ "Ngữ văn, Lịch sử, Địa lí": what a block adds up, as a results table shows it."""
    return describe_block(code, joiner=", ")


def vn_count(number):
    """Counts as Vietnamese write them: 932334 → "932.334"."""
    return f"{number:,}".replace(",", ".")
