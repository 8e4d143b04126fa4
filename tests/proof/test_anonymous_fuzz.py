"""Nothing an anonymous visitor sends may produce a 5xx or move a breaker. Hypothesis sends every
public GET route hostile values in its path, query and headers (huge numbers, unicode, control
characters, lone surrogates, absurd Range and conditional headers, a long X-Forwarded-For), to the
whole portal in-process with the demo content; every answer must be below 500, and after the run
every breaker must still be closed."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gateway.breaker import CLOSED

pytestmark = pytest.mark.slow

PATHS = [
    "/",
    "/chuyen-muc/{word}",
    "/bai-viet/{word}",
    "/bai-viet/{word}/in",
    "/tim-kiem",
    "/hinh-anh",
    "/hinh-anh/{word}",
    "/hinh-anh/{word}/{word}",
    "/video",
    "/video/{word}",
    "/media/{word}",
    "/tra-cuu-diem-thi",
    "/tra-cuu-diem-thi/pho-diem/{word}",
    "/rss.xml",
    "/sitemap.xml",
    "/api/v1/categories",
    "/api/v1/articles",
    "/api/v1/articles/{word}",
    "/api/v1/articles/{word}/related",
    "/api/v1/albums",
    "/api/v1/albums/{word}",
    "/api/v1/videos",
    "/api/v1/videos/{word}",
    "/api/v1/exams",
    "/api/v1/exams/{word}",
    "/api/v1/exams/{word}/stats",
    "/api/v1/exams/{word}/results/{word}",
    "/van-ban",
    "/van-ban/{word}",
    "/van-ban/{word}/tep/{word}",
    "/api/v1/documents",
    "/api/v1/documents/facets",
    "/api/v1/documents/{word}",
    "/gioi-thieu",
    "/lien-he",
    "/hoi-dap",
    "/en",
    "/api/v1/site",
    "/api/v1/site/logo",
    "/api/v1/pages/{word}",
    "/api/v1/questions",
    "/api/v1/questions/form",
    "/api/v1/questions/{word}",
]
hostile_text = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=200),
    st.sampled_from(
        ["9" * 5000, "-1", "0", "1e309", "NaN", "../../etc/passwd", "%00", "\ud800", "thpt-2025", "01000001"]
    ),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
)
headers = st.fixed_dictionaries(
    {},
    optional={
        "Range": st.one_of(
            hostile_text, st.sampled_from(["bytes=" + "9" * 4400 + "-", "bytes=5-1", "bytes=-0", "bytes=0-,"])
        ),
        "If-None-Match": hostile_text,
        "If-Modified-Since": hostile_text,
        "X-Request-ID": hostile_text,
        "X-Forwarded-For": st.one_of(hostile_text, st.just("1.2.3.4, " * 1000)),
        "Accept-Encoding": hostile_text,
    },
)


def printable_header(value):
    # The test client refuses header values HTTP cannot carry; those never reach a server.
    return "".join(ch for ch in value if 32 <= ord(ch) < 127)[:8000]


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    path=st.sampled_from(PATHS),
    word=hostile_text,
    query=st.dictionaries(
        st.sampled_from(
            ["page", "per_page", "q", "sbd", "exam", "trang", "category", "type", "issuer", "field", "year", "status"]
        ),
        hostile_text,
        max_size=4,
    ),
    sent=headers,
)
def test_no_anonymous_request_gets_a_5xx_or_moves_a_breaker(site, path, word, query, sent):
    from urllib.parse import quote

    def encoded(text):  # as a client would send it: bytes, percent-encoded (lone surrogates too)
        return quote(text.encode("utf-8", "surrogatepass"), safe="")

    client = site.client()
    url = path.format(word=encoded(word))
    query_string = "&".join(f"{name}={encoded(value)}" for name, value in query.items())
    sent_headers = {name: printable_header(value) for name, value in sent.items()}
    answer = client.get(url, query_string=query_string, headers=sent_headers)
    assert answer.status_code < 500, (url, query, sent, answer.status_code, answer.get_data()[:300])
    for backend in site.gateway.extensions["backends"].values():
        assert backend.breaker.state == CLOSED, backend.name
