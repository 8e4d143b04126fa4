"""portal_common's text cleaning (control characters out of every stored text field, XML-safe
answers) and the JSON body of writes (lone surrogates and deep nesting refused with a 400)."""

import json
import xml.etree.ElementTree as ET

import pytest
from flask import Flask
from hypothesis import given
from hypothesis import strategies as st

from portal_common import errors
from portal_common.json_body import MAX_DEPTH, json_object
from portal_common.pagination import MAX_PAGE, page_args
from portal_common.text_fields import clean_text, xml_text

CONTROLS = [chr(code) for code in [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0)]]


@pytest.mark.parametrize(
    "raw, one_line, multi_line",
    [
        ("Kế hoạch\x0bnăm 2019", "Kế hoạch năm 2019", "Kế hoạch\nnăm 2019"),  # Word's Shift+Enter
        ("A\r\nB\rC\nD", "A B C D", "A\nB\nC\nD"),
        ("A \x0b\x0b B", "A B", "A \n\n B"),
        ("Tiêu\x00 đề\x01\x1f\x7f\x9f", "Tiêu đề", "Tiêu đề"),
        ("cột\tcột", "cột cột", "cột\tcột"),
        ("trang\x0ctrang\u2028dòng\x85hết", "trang trang dòng hết", "trang\ntrang\ndòng\nhết"),
        ("\ufffe\uffffđủ", "đủ", "đủ"),
        ("Giáo dục – “đào tạo” 😀", "Giáo dục – “đào tạo” 😀", "Giáo dục – “đào tạo” 😀"),
    ],
)
def test_clean_text(raw, one_line, multi_line):
    assert clean_text(raw, one_line=True) == one_line
    assert clean_text(raw, one_line=False) == multi_line


@given(st.text())
def test_cleaned_text_has_no_control_characters_and_fits_in_xml(text):
    for one_line in (True, False):
        cleaned = clean_text(text, one_line=one_line)
        assert not set(cleaned) & set(CONTROLS)
        if one_line:
            assert "\n" not in cleaned and "\t" not in cleaned
    escaped = xml_text(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    ET.fromstring(f"<t>{escaped}</t>".encode())  # would raise "not well-formed", or fail to encode


def _app():
    app = Flask(__name__)
    errors.init_app(app)

    @app.post("/write")
    def write():
        return {"keys": sorted(json_object())}

    return app


@pytest.mark.parametrize(
    "body, field",
    [
        ('{"title": "\\ud800"}', "title"),
        ('{"title": "ok", "images": ["a", "\\udfff b"]}', "images"),
        ('{"cover": {"x": ["\\ud83d"]}}', "cover"),
        ('{"\\ud800": "x"}', None),
        ('{"a": {"\\udc00": 1}}', "a"),
        (b'{"title": "\xed\xa0\x80"}', "title"),  # the surrogate as raw bytes: json decodes them too
        ('{"images": ' + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "}", "images"),
        ("[" * 100_000 + "]" * 100_000, None),  # json.loads raises RecursionError
        ('{"a": ' * 50_000 + "1" + "}" * 50_000, None),
        ("x", None),
        ("[1]", None),
        ("", None),
    ],
)
def test_hostile_json_is_a_400_naming_its_field(body, field):
    response = _app().test_client().post("/write", data=body, content_type="application/json")
    assert response.status_code == 400, response.data[:200]
    error = response.json["error"]
    assert error["code"] == "bad_request" and error["message"] and error.get("field") == field


def test_fair_json_passes():
    body = {"title": "Emoji 😀 as a pair \ud83d\ude00", "images": [["a"] * 3] * 2, "n": 1, "x": None}
    response = _app().test_client().post("/write", data=json.dumps(body), content_type="application/json")
    assert response.status_code == 200 and response.json == {"keys": ["images", "n", "title", "x"]}
    deep = '{"a": ' + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "}"
    assert _app().test_client().post("/write", data=deep, content_type="application/json").status_code == 200


@pytest.mark.parametrize(
    "query, field",
    [
        ("page=" + "9" * 5000, "page"),
        ("page=" + "9" * 19, "page"),
        (f"page={MAX_PAGE + 1}", "page"),
        ("page=%D9%A1", "page"),  # an Arabic-Indic one: int() takes it
        ("page=+1", "page"),
        ("page=1_0", "page"),
        ("page=-1", "page"),
        ("per_page=" + "0" * 5000 + "5", None),
    ],
)
def test_page_numbers_are_bounded_ascii_digits(query, field):
    app = Flask(__name__)
    errors.init_app(app)

    @app.get("/list")
    def listing():
        return dict(zip(("page", "per_page"), page_args(), strict=True))

    response = app.test_client().get(f"/list?{query}")
    if field is None:
        assert response.json == {"page": 1, "per_page": 5}
    else:
        assert response.status_code == 400 and response.json["error"]["field"] == field
