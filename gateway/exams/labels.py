"""How the pages name subjects and blocks (tổ hợp), in Vietnamese. The service owns which
subjects make a block; these are only the words a visitor reads."""

SUBJECTS = {
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

BLOCKS = {
    "A00": "Toán, Vật lí, Hóa học",
    "A01": "Toán, Vật lí, Tiếng Anh",
    "A02": "Toán, Vật lí, Sinh học",
    "A07": "Toán, Lịch sử, Địa lí",
    "B00": "Toán, Hóa học, Sinh học",
    "B08": "Toán, Sinh học, Tiếng Anh",
    "C00": "Ngữ văn, Lịch sử, Địa lí",
    "C01": "Ngữ văn, Toán, Vật lí",
    "C02": "Ngữ văn, Toán, Hóa học",
    "C03": "Ngữ văn, Toán, Lịch sử",
    "C04": "Ngữ văn, Toán, Địa lí",
    "C14": "Ngữ văn, Toán, GDCD/GDKT&PL",
    "C19": "Ngữ văn, Lịch sử, GDCD/GDKT&PL",
    "C20": "Ngữ văn, Địa lí, GDCD/GDKT&PL",
    "D01": "Toán, Ngữ văn, Tiếng Anh",
    "D02": "Toán, Ngữ văn, Tiếng Nga",
    "D03": "Toán, Ngữ văn, Tiếng Pháp",
    "D04": "Toán, Ngữ văn, Tiếng Trung",
    "D05": "Toán, Ngữ văn, Tiếng Đức",
    "D06": "Toán, Ngữ văn, Tiếng Nhật",
    "DD2": "Toán, Ngữ văn, Tiếng Hàn",
    "D07": "Toán, Hóa học, Tiếng Anh",
    "D08": "Toán, Sinh học, Tiếng Anh",
    "D09": "Toán, Lịch sử, Tiếng Anh",
    "D10": "Toán, Địa lí, Tiếng Anh",
    "D14": "Ngữ văn, Lịch sử, Tiếng Anh",
    "D15": "Ngữ văn, Địa lí, Tiếng Anh",
    "X06": "Toán, Vật lí, Tin học",
    "X26": "Toán, Tin học, Tiếng Anh",
}


def subject_name(key):
    return SUBJECTS.get(key, key)


def block_subjects(code):
    return BLOCKS.get(code, "")


def vn_count(number):
    """Counts as Vietnamese write them: 932334 → "932.334"."""
    return f"{number:,}".replace(",", ".")
