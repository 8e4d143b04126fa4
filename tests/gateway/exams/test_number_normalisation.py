"""A số báo danh as people paste it (gateway/exams/views.py): what surrounds and separates the
digits goes, anything else stays for the 8-digit rule to judge."""

import pytest

from gateway.exams.views import normalize_candidate_number
from portal_common.exam_vocabulary import CANDIDATE_NUMBER


@pytest.mark.parametrize(
    "typed",
    [
        "11000001",
        " 11000001",  # copied from a message
        "11000001 ",
        "1100 0001",
        "11 000 001",
        "11.000.001",
        "11-000-001",
        "11–000–001",  # en dash, as a word processor writes it
        "11\u2011000\u2011001",  # non-breaking hyphen
        "11\u2212000\u2212001",  # minus sign
        "11\u00a0000\u00a0001",  # non-breaking space
        "11\u2009000\u2009001",  # thin space
        "\t11000001\n",
        "１１０００００１",  # full-width digits (a Vietnamese IME in full-width mode)
        "11. 000 - 001",
    ],
)
def test_what_people_paste_becomes_the_number(typed):
    assert normalize_candidate_number(typed) == "11000001"


@pytest.mark.parametrize(
    "typed, normalized",
    [
        ("", ""),
        ("   ", ""),
        (None, ""),
        ("1100000", "1100000"),  # 7 digits: still wrong
        ("110000012", "110000012"),  # 9 digits: still wrong
        ("11a00001", "11a00001"),
        ("11/000/001", "11/000/001"),  # a slash is not a separator people use in a number
        ("+11000001", "+11000001"),
        ("11_000_001", "11_000_001"),
        ("١١٠٠٠٠٠١", "١١٠٠٠٠٠١"),  # Arabic-Indic digits are not ASCII digits
    ],
)
def test_anything_else_is_left_for_the_rule_to_refuse(typed, normalized):
    assert normalize_candidate_number(typed) == normalized
    assert not CANDIDATE_NUMBER.fullmatch(normalized)


def test_leading_zeros_are_kept():
    assert normalize_candidate_number(" 0101 7985") == "01017985"
