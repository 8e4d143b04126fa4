"""The exam vocabulary of the public contract, shared by the exams service (which computes with
it) and the gateway (which shows it): the form of a candidate number (số báo danh), the subject
keys in their fixed order, their Vietnamese names, the foreign-language codes of results sheets,
and the admission blocks (tổ hợp xét tuyển) with the subjects each one adds up. Data only;
written once so the two never drift apart."""

import re

# A candidate number is exactly 8 digits, leading zeros kept (the first two are the province).
# The string is for JSON Schema and OpenAPI; the compiled form for checking input.
CANDIDATE_NUMBER_PATTERN = "^[0-9]{8}$"
CANDIDATE_NUMBER = re.compile(CANDIDATE_NUMBER_PATTERN)

# Order matters: it is the order of the exams service's packed score columns (services/exams/
# packing.py) and of every list.
SUBJECTS = (
    "toan",
    "ngu_van",
    "ngoai_ngu",
    "vat_li",
    "hoa_hoc",
    "sinh_hoc",
    "lich_su",
    "dia_li",
    "gdcd",
    "tin_hoc",
    "cong_nghe_cong_nghiep",
    "cong_nghe_nong_nghiep",
    "gdkt_pl",
)
NAMES = {
    "toan": "Toán",
    "ngu_van": "Ngữ văn",
    "ngoai_ngu": "Ngoại ngữ",
    "vat_li": "Vật lí",
    "hoa_hoc": "Hóa học",
    "sinh_hoc": "Sinh học",
    "lich_su": "Lịch sử",
    "dia_li": "Địa lí",
    "gdcd": "Giáo dục công dân",
    "tin_hoc": "Tin học",
    "cong_nghe_cong_nghiep": "Công nghệ công nghiệp",
    "cong_nghe_nong_nghiep": "Công nghệ nông nghiệp",
    "gdkt_pl": "Giáo dục kinh tế và pháp luật",
}

# Foreign-language codes as results sheets give them (Mã môn ngoại ngữ).
LANGUAGES = {
    1: "Tiếng Anh",
    2: "Tiếng Nga",
    3: "Tiếng Pháp",
    4: "Tiếng Trung",
    5: "Tiếng Đức",
    6: "Tiếng Nhật",
    7: "Tiếng Hàn",
}
# A block is a tuple of parts; a part is one subject key, or a tuple of alternatives of which the
# candidate's first available one counts (the 2018 curriculum replaced GDCD by GDKT&PL, and
# universities take either for the C14/C19/C20 blocks). "anh" parts need English (N1), the
# D02–D06/DD2 parts need that language.
ENGLISH = ("ngoai_ngu", 1)

BLOCKS = {
    "A00": ("toan", "vat_li", "hoa_hoc"),
    "A01": ("toan", "vat_li", ENGLISH),
    "A02": ("toan", "vat_li", "sinh_hoc"),
    "A07": ("toan", "lich_su", "dia_li"),
    "B00": ("toan", "hoa_hoc", "sinh_hoc"),
    "B08": ("toan", "sinh_hoc", ENGLISH),
    "C00": ("ngu_van", "lich_su", "dia_li"),
    "C01": ("ngu_van", "toan", "vat_li"),
    "C02": ("ngu_van", "toan", "hoa_hoc"),
    "C03": ("ngu_van", "toan", "lich_su"),
    "C04": ("ngu_van", "toan", "dia_li"),
    "C14": ("ngu_van", "toan", ("gdcd", "gdkt_pl")),
    "C19": ("ngu_van", "lich_su", ("gdcd", "gdkt_pl")),
    "C20": ("ngu_van", "dia_li", ("gdcd", "gdkt_pl")),
    "D01": ("toan", "ngu_van", ENGLISH),
    "D02": ("toan", "ngu_van", ("ngoai_ngu", 2)),
    "D03": ("toan", "ngu_van", ("ngoai_ngu", 3)),
    "D04": ("toan", "ngu_van", ("ngoai_ngu", 4)),
    "D05": ("toan", "ngu_van", ("ngoai_ngu", 5)),
    "D06": ("toan", "ngu_van", ("ngoai_ngu", 6)),
    "DD2": ("toan", "ngu_van", ("ngoai_ngu", 7)),
    "D07": ("toan", "hoa_hoc", ENGLISH),
    "D08": ("toan", "sinh_hoc", ENGLISH),
    "D09": ("toan", "lich_su", ENGLISH),
    "D10": ("toan", "dia_li", ENGLISH),
    "D14": ("ngu_van", "lich_su", ENGLISH),
    "D15": ("ngu_van", "dia_li", ENGLISH),
    "X06": ("toan", "vat_li", "tin_hoc"),
    "X26": ("toan", "tin_hoc", ENGLISH),
}


def describe_block(code, joiner=" + "):
    """ "Toán + Vật lí + Tiếng Anh": the block's parts in Vietnamese, for pages and docs; "" for
    a code that is not a block."""
    if code not in BLOCKS:
        return ""
    names = []
    for part in BLOCKS[code]:
        if isinstance(part, str):
            names.append(NAMES[part])
        elif len(part) == 2 and isinstance(part[1], int):
            names.append(LANGUAGES[part[1]])
        else:
            names.append(" / ".join(NAMES[key] for key in part))
    return joiner.join(names)
