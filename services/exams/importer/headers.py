"""Which column holds what: the header row of every results-file style in circulation, mapped to
the contract's subject keys.

Headers are compared folded (no diacritics, no case, no spaces, underscores, hyphens or dots), so
`Giáo dục công dân`, `GIAO_DUC_CONG_DAN` and `giao duc cong dan` are one name. Columns we know
and do not need (STT, TinhId, TONGDIEM, precomputed block totals …) and unknown ones are ignored.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from portal_common.errors import ApiError

from ..subjects import INDEX, SUBJECTS

_NOT_ALNUM = re.compile(r"[^a-z0-9]")


def fold(text):
    text = unicodedata.normalize("NFD", str(text or "")).replace("đ", "d").replace("Đ", "D")
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _NOT_ALNUM.sub("", text.lower())


SBD = "sbd"
LANGUAGE = "language"

_NAMES = {
    SBD: ("sbd", "sobaodanh", "sobd"),
    LANGUAGE: ("mamonngoaingu", "mangoaingu", "mann", "mamonnn", "ngoaingucode"),
    "toan": ("toan", "diemtoan"),
    "ngu_van": ("van", "nguvan", "diemvan"),
    "ngoai_ngu": ("ngoaingu", "nn", "diemngoaingu", "tienganh", "anh"),
    "vat_li": ("li", "ly", "vatli", "vatly"),
    "hoa_hoc": ("hoa", "hoahoc"),
    "sinh_hoc": ("sinh", "sinhhoc"),
    "lich_su": ("su", "lichsu"),
    "dia_li": ("dia", "diali", "dialy"),
    "gdcd": ("gdcd", "giaoduccongdan"),
    "tin_hoc": ("tin", "tinhoc"),
    "cong_nghe_cong_nghiep": ("cncongnghiep", "congnghecongnghiep", "cncn"),
    "cong_nghe_nong_nghiep": ("cnnongnghiep", "congnghenongnghiep", "cnnn"),
    "gdkt_pl": ("gdktpl", "gdktvpl", "giaoduckinhtevaphapluat", "kinhtephapluat"),
}
# The contract keys themselves, folded, also name their subject (`ngu_van` → "nguvan").
KNOWN = {alias: key for key, aliases in _NAMES.items() for alias in aliases + (fold(key),)}


@dataclass
class Plan:
    """Column positions: `sbd`, `language` (or None) and [(column, subject position)]."""

    width: int
    names: list
    sbd: int
    language: int = None
    subjects: list = field(default_factory=list)

    @property
    def subject_keys(self):
        return [SUBJECTS[position] for _, position in self.subjects]


def plan_for(header):
    """Map a header row; a header without an SBD column or without any known subject is not a
    results file (400)."""
    names = ["" if cell is None else str(cell).strip() for cell in header]
    while names and not names[-1]:  # spreadsheets often carry empty trailing header cells
        names.pop()
    found = {}
    for column, name in enumerate(names):
        key = KNOWN.get(fold(name))
        if key is None:
            continue
        if key in found:
            raise ApiError(
                400,
                f"Cột '{name}' trùng với cột '{names[found[key]]}' (cùng là {key}).",
                code="invalid_file",
            )
        found[key] = column
    if SBD not in found:
        raise ApiError(400, _missing_sbd_message(names), code="invalid_file")
    subjects = sorted((column, INDEX[key]) for key, column in found.items() if key in INDEX)
    if not subjects:
        raise ApiError(
            400,
            "Tiêu đề không có cột môn thi nào quen thuộc (ví dụ TOAN, VAN, Toán, ngu_van).",
            code="invalid_file",
        )
    return Plan(width=len(names), names=names, sbd=found[SBD], language=found.get(LANGUAGE), subjects=subjects)


def _missing_sbd_message(names):
    if len(names) == 1 and any(mark in names[0] for mark in ",;\t|"):
        return "Không tách được các cột của dòng tiêu đề: sai dấu phân cách? (dùng dấu phẩy, chấm phẩy hoặc tab)."
    return "Tiêu đề không có cột số báo danh (SBD, SOBAODANH, sbd)."
