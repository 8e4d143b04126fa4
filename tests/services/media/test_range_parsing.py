"""The Range parser against any header a client can send: it answers a slice, the whole object
or "unsatisfiable", and never raises anything else (a 5,000-digit position was a 500: int()
refuses more than 4,300 digits). Properties with hypothesis, then the same through HTTP."""

import hashlib

from hypothesis import given, settings
from hypothesis import strategies as st

from portal_common.object_serving import Unsatisfiable
from portal_common.object_serving import strict_range as parse_range
from services.media import create_app

from .conftest import body_of, make_album, upload_image
from .images import jpeg

SIZES = st.integers(min_value=0, max_value=10**12)
DIGITS = st.text(alphabet="0123456789", min_size=1, max_size=6000)
# What an HTTP header can hold: latin-1 without line breaks.
HEADER_TEXT = st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0xFF), max_size=80)
RANGE_LIKE = st.one_of(
    HEADER_TEXT,
    st.builds(lambda a, b: f"bytes={a}-{b}", st.one_of(st.just(""), DIGITS), st.one_of(st.just(""), DIGITS)),
    st.builds(lambda junk: "bytes=" + junk, HEADER_TEXT),
    st.from_regex(r"\A[Bb][Yy][Tt][Ee][Ss] ?= ?[0-9 \t]{0,30}-[0-9 \t]{0,30}(,[0-9]*-[0-9]*)?\Z"),
)


def _outcome(header, size):
    try:
        return parse_range(header, size)
    except Unsatisfiable:
        return "416"


@given(header=st.one_of(RANGE_LIKE, st.text(max_size=200)), size=SIZES)
def test_any_header_gives_a_slice_the_whole_object_or_416(header, size):
    outcome = _outcome(header, size)
    if outcome not in (None, "416"):
        start, end = outcome
        assert 0 <= start <= end < size


@given(size=st.integers(1, 10**9), data=st.data())
def test_a_valid_range_gives_the_slice_rfc_9110_describes(size, data):
    first = data.draw(st.integers(0, size * 2), label="first")
    last = data.draw(st.integers(first, size * 3), label="last")
    zeros = "0" * data.draw(st.integers(0, 5000), label="leading zeros")
    expected = (first, min(last, size - 1)) if first < size else "416"
    assert _outcome(f"bytes={first}-{last}", size) == expected
    assert _outcome(f"bytes={zeros}{first}-{zeros}{last}", size) == expected
    assert _outcome(f"bytes={first}-", size) == ((first, size - 1) if first < size else "416")
    suffix = data.draw(st.integers(1, size * 2), label="suffix")
    assert _outcome(f"bytes=-{zeros}{suffix}", size) == (max(0, size - suffix), size - 1)


@given(size=st.integers(0, 10**12), digits=st.integers(19, 6000))
def test_positions_past_any_size_are_the_end_or_416(size, digits):
    huge = "9" * digits
    assert _outcome(f"bytes={huge}-", size) == "416"
    assert _outcome(f"bytes={huge}-{huge}", size) == "416"
    assert _outcome(f"bytes=0-{huge}", size) == ((0, size - 1) if size else "416")
    assert _outcome(f"bytes=-{huge}", size) == ((0, size - 1) if size else "416")


def test_digits_of_other_scripts_are_not_positions():
    assert _outcome("bytes=\u0661\u0662-", 100) == "416"  # Arabic-Indic 1 2: int() would take them


def test_over_http_every_range_is_206_200_or_416_with_the_right_bytes(embedded_config):
    client = create_app(embedded_config).test_client()
    image = upload_image(client, make_album(client), jpeg(320, 240)).json
    url = image["urls"]["original"]
    whole = body_of(client.get(url))
    assert hashlib.sha256(whole).hexdigest() == image["checksum"]

    @settings(max_examples=150, deadline=None)
    @given(header=RANGE_LIKE)
    def check(header):
        response = client.get(url, headers={"Range": header})
        assert response.status_code in (200, 206, 416), (header, response.status_code)
        if response.status_code == 206:
            span = response.headers["Content-Range"].removeprefix("bytes ").split("/")[0]
            start, end = (int(position) for position in span.split("-"))
            assert body_of(response) == whole[start : end + 1]
        elif response.status_code == 200:
            assert body_of(response) == whole
        else:
            assert response.headers["Content-Range"] == f"bytes */{len(whole)}"

    check()
    for header in ("bytes=" + "1" * 5000 + "-", "bytes=0-" + "9" * 5000, "bytes=-" + "9" * 5000):
        assert client.get(url, headers={"Range": header}).status_code in (206, 416)
