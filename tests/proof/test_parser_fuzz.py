"""A fuzz pass over every parser a write reaches (hypothesis): results files (CSV, gzip CSV,
.xlsx: random, and valid files mutated byte by byte), multipart uploads, and JSON bodies of every
JSON write route. Whatever the bytes, the answer is below 500, and a refused import leaves the
exam's results as they were."""

import gzip
import io
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.services.exams.xlsx_files import workbook

from .inprocess import ADMIN

pytestmark = pytest.mark.slow
EXAM = "thpt-2025"
KNOWN = "/api/v1/exams/thpt-2025/results/03000001"
HEADER = (
    b"SBD,TinhId,TOAN,VAN,NGOAI_NGU,LI,HOA,SINH,SU,DIA,"
    b"GIAO_DUC_CONG_DAN,TIN_HOC,CN_CONG_NGHIEP,CN_NONG_NGHIEP,GDKT_PL\n"
)
ROW = b"03000001,3,4.5,7,-1,-1,-1,-1,-1,4.75,-1,-1,-1,-1,6.25\n"
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def mutated(data, seed, flips):
    """`data` with `flips` random bytes changed and maybe cut short: a file damaged on the way."""
    rng = random.Random(seed)
    damaged = bytearray(data)
    for _ in range(flips):
        damaged[rng.randrange(len(damaged))] = rng.randrange(256)
    if rng.random() < 0.3:
        del damaged[rng.randrange(len(damaged)) :]
    return bytes(damaged)


@pytest.fixture(scope="module")
def before(site):
    """The exam's results in a known state, which every refused file must leave as it is."""
    site.client("exams").put(f"/api/v1/exams/{EXAM}/results", data=HEADER + ROW, headers=ADMIN)
    known = site.client("exams").get(KNOWN).get_json()
    assert known["sbd"] == "03000001"
    return known


def assert_import_answered_well(site, before, body, **headers):
    answer = site.client("exams").put(f"/api/v1/exams/{EXAM}/results", data=body, headers={**ADMIN, **headers})
    assert answer.status_code < 500, (answer.status_code, answer.get_data()[:300])
    if answer.status_code >= 400:
        assert answer.get_json()["error"]["message"]
        assert site.client("exams").get(KNOWN).get_json() == before, "a refused file changed the results"
    else:  # it imported: put the known results back for the next example
        site.client("exams").put(f"/api/v1/exams/{EXAM}/results", data=HEADER + ROW, headers=ADMIN)


csv_lines = st.lists(
    st.one_of(
        st.binary(max_size=80),
        st.text(max_size=80).map(lambda text: text.encode("utf-8", "surrogatepass")),
        st.sampled_from([ROW, b"03000002,,,,", b'"unclosed,quote\n', b"\x00\x00", b"\xef\xbb\xbf", b";;;;"]),
    ),
    max_size=12,
)


@FUZZ
@given(lines=csv_lines, with_header=st.booleans(), packed=st.booleans())
def test_any_csv_is_answered_below_500_and_a_refusal_changes_nothing(site, before, lines, with_header, packed):
    body = (HEADER if with_header else b"") + b"\n".join(lines)
    if packed:
        assert_import_answered_well(site, before, gzip.compress(body), **{"Content-Encoding": "gzip"})
    else:
        assert_import_answered_well(site, before, body, **{"Content-Type": "text/csv"})


@FUZZ
@given(seed=st.integers(0, 2**32), flips=st.integers(1, 40))
def test_a_damaged_xlsx_or_gzip_is_answered_below_500(site, before, seed, flips):
    xlsx = mutated(workbook(), seed, flips)
    xlsx_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert_import_answered_well(site, before, xlsx, **{"Content-Type": xlsx_type})
    packed = mutated(gzip.compress(HEADER + ROW * 50), seed, flips)
    assert_import_answered_well(site, before, packed, **{"Content-Encoding": "gzip"})


fields = st.dictionaries(
    st.sampled_from(["title", "file", "poster", "caption", "x"]),
    st.one_of(st.text(max_size=60), st.binary(max_size=200)),
    max_size=4,
)


@FUZZ
@given(form=fields, route=st.sampled_from(["/api/v1/videos", "/api/v1/albums/{album}/images"]))
def test_any_multipart_upload_is_answered_below_500(site, form, route):
    if not hasattr(site, "fuzz_album"):
        site.fuzz_album = site.client("media").post("/api/v1/albums", json={"title": "Fuzz"}, headers=ADMIN).json["id"]
    data = {
        name: (io.BytesIO(value), "f.bin") if isinstance(value, bytes) else value.encode("utf-8", "surrogatepass")
        for name, value in form.items()
    }
    answer = site.client("media").post(
        route.format(album=site.fuzz_album), data=data, headers=ADMIN, content_type="multipart/form-data"
    )
    assert answer.status_code < 500, (answer.status_code, answer.get_data()[:300])


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=30)),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)),
    max_leaves=20,
)
article_like = st.fixed_dictionaries(
    {},
    optional={
        name: json_values
        for name in ("title", "category", "body_html", "summary", "author", "status", "published_at", "slug")
    },
)


@FUZZ
@given(
    body=st.one_of(article_like, json_values),
    route=st.sampled_from([("articles", "POST", "/api/v1/articles"), ("media", "POST", "/api/v1/albums")]),
)
def test_any_json_body_is_answered_below_500(site, body, route):
    service, method, path = route
    answer = site.client(service).open(path, method=method, json=body, headers=ADMIN)
    assert answer.status_code < 500, (body, answer.status_code, answer.get_data()[:300])
