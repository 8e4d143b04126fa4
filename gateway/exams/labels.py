"""How the pages name subjects, languages and blocks (tổ hợp), in Vietnamese, from the vocabulary
the exams service computes with (portal_common.exam_vocabulary), and how they write counts,
percentiles and a score's place against the exam's mean.

The foreign language: the lookup answer's `language` ("N1" … "N7", null when the results file
gave none). A candidate's "Ngoại ngữ" is called by its language wherever it appears — the score's
row and every block that counts it — so "Tiếng Pháp" in the scores is "Tiếng Pháp" in D03; with
no language given it is "Ngoại ngữ" in both."""

from portal_common.exam_vocabulary import BLOCKS, LANGUAGES, NAMES, describe_block

from ..formatting import vn_number

LANGUAGE_SUBJECT = "ngoai_ngu"
# One line under the blocks table, for parents who have not met the word.
BLOCK_EXPLANATION = (
    "Tổ hợp (khối) xét tuyển là nhóm ba môn mà các trường đại học, cao đẳng dùng để xét tuyển; "
    "tổng điểm tổ hợp là tổng điểm ba môn đó, chưa tính điểm ưu tiên."
)


def subject_name(key):
    return NAMES.get(key, key)


def language_name(code):
    """ "N3" → "Tiếng Pháp"; None for no language or an unknown code."""
    if isinstance(code, str) and len(code) == 2 and code[0] == "N" and code[1].isdigit():
        return LANGUAGES.get(int(code[1]))
    return None


def candidate_subject_name(key, language=None):
    """A subject as this candidate took it: "Ngoại ngữ" is named by the language taken."""
    if key == LANGUAGE_SUBJECT:
        return language_name(language) or NAMES[key]
    return subject_name(key)


def block_subjects(code, language=None, candidate=False):
    """ "Ngữ văn, Lịch sử, Địa lí": what a block adds up, as a results table shows it. For a
    candidate (`candidate`), the language part is named as in their scores: by `language`, or
    "Ngoại ngữ" when the file gave none."""
    if not candidate or code not in BLOCKS:
        return describe_block(code, joiner=", ")
    names = []
    for part in BLOCKS[code]:
        if isinstance(part, str):
            names.append(subject_name(part))
        elif len(part) == 2 and isinstance(part[1], int):
            names.append(candidate_subject_name(part[0], language))
        else:
            names.append(" / ".join(subject_name(key) for key in part))
    return ", ".join(names)


def vn_count(number):
    """Counts as Vietnamese write them: 932334 → "932.334"."""
    return f"{number:,}".replace(",", ".")


def percentile_text(share):
    """87.3 → "cao hơn 87,3% thí sinh": the share who scored strictly lower."""
    if share is None:
        return ""
    return f"cao hơn {vn_number(float(share), 1)}% thí sinh"


def province_percentile_text(share):
    """62.5 → "cao hơn 62,5% thí sinh cùng tỉnh": the same share among the province's candidates."""
    if share is None:
        return ""
    return f"cao hơn {vn_number(float(share), 1)}% thí sinh cùng tỉnh"


def against_mean(score, mean):
    """ "trên điểm trung bình (6,45)", "dưới …", "bằng …"; "" without a mean."""
    if score is None or mean is None:
        return ""
    place = "trên" if score > mean else ("dưới" if score < mean else "bằng")
    return f"{place} điểm trung bình ({vn_number(float(mean))})"
