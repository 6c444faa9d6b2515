"""Property-based fuzzing (hypothesis): no input makes the pipeline, the importer, the search
query reader, the public pages, the API, the feeds or the exports fail with anything but a
clear refusal. Bounded: a fixed number of examples each, derandomized so a failure shows up on
every run."""

import string
import xml.etree.ElementTree as ET
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.importer import import_files
from articles.inputs import InputFile
from articles.pipeline.decode import RejectedInput
from articles.pipeline.process import process_bytes
from search.page import FILTER_FIELDS
from search.query import understand
from tests.factories import make_incident, make_mission, make_vehicle

BOUNDED = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Text that looks like what articles are made of, so the examples reach deep into the rules.
WORDS = (
    "Soyuz Progress MS-04 rocket failed exploded launch Roscosmos NASA said December 1 2016 "
    "2. 6 tons km seconds third stage Baikonur cargo ship lost — “quoted” Image: Credit: "
    'https://example.com/a https://[example.com https://example.com/{a}"b Posted # ## * - | '
    "Read more Subscribe © : . , ; ( ) \n \n\n"
).split(" ")
ARTICLE_TEXT = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=12)), max_size=120).map(
    " ".join
)
ENCODINGS = st.sampled_from(["utf-8", "utf-16", "utf-32", "cp1252", "latin-1"])


def encoded(text: str, encoding: str) -> bytes:
    return text.encode(encoding, errors="replace")


@BOUNDED
@given(data=st.binary(max_size=4000))
def test_any_bytes_are_read_or_refused_with_a_reason(data):
    try:
        processed = process_bytes(data)
    except RejectedInput as refusal:
        assert refusal.reason
    else:
        assert processed.body and "\x00" not in processed.body


@BOUNDED
@given(text=ARTICLE_TEXT, encoding=ENCODINGS)
def test_article_like_text_in_any_encoding_is_read_or_refused(text, encoding):
    try:
        processed = process_bytes(encoded(text, encoding))
    except RejectedInput as refusal:
        assert refusal.reason
    else:
        assert processed.sha256


@pytest.fixture
def small_catalog(db):
    soyuz = make_vehicle(name="Soyuz-U")
    mission = make_mission(name="Progress MS-04", vehicle=soyuz)
    make_incident(title="Progress MS-04 lost", slug="progress-ms-04-lost", mission=mission)


@BOUNDED
@given(text=ARTICLE_TEXT, encoding=ENCODINGS)
def test_the_importer_imports_or_fails_each_file_and_never_raises(small_catalog, text, encoding):
    _, (result,) = import_files([InputFile("fuzz.txt", encoded(text, encoding))], source="command")
    assert result.outcome in ("created", "known", "failed")
    if result.outcome == "failed":
        assert result.reason and "error on our side" not in result.reason


QUERY_TEXT = st.one_of(
    st.text(max_size=60),
    st.lists(st.sampled_from(WORDS + ["-", '"', "OR", "vs", "1957", "❶", "٣"]), max_size=12).map(
        " ".join
    ),
)


@BOUNDED
@given(raw=QUERY_TEXT)
def test_the_query_reader_understands_any_text(small_catalog, raw):
    understood = understand(raw)
    assert understood.query is not None


PARAM_VALUE = st.one_of(
    st.text(max_size=30),
    st.text(alphabet=string.digits + "-", max_size=12),
    st.sampled_from(["", "soyuz", "2016-12-01", "2016", "99999999999999999999", "-1", "0"]),
    st.text(alphabet="%sd()x-2016\x00\x0b\x1f\uffff", max_size=8),
)
PARAMS = st.dictionaries(
    st.sampled_from([*FILTER_FIELDS, "q", "page", "page_size", "sort", "order", "format"]),
    PARAM_VALUE,
    max_size=6,
)


@BOUNDED
@given(params=PARAMS)
def test_search_and_list_pages_answer_any_parameters_without_a_server_error(
    small_catalog, client, params
):
    for path in ("/search/", "/incidents/"):
        response = client.get(path, params)
        assert response.status_code < 500, (path, params)


def read_whole(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@BOUNDED
@given(params=PARAMS)
def test_the_api_feeds_and_exports_answer_any_parameters_without_a_server_error(
    small_catalog, client, params
):
    for path in ("/api/incidents/", "/api/search/", "/incidents.csv", "/search.json"):
        response = client.get(path, params)
        assert response.status_code < 500, (path, params)
        read_whole(response)
    response = client.get("/search/feed.atom", params)
    if response.status_code == 200:
        ET.fromstring(response.content)


RECORD_ADDRESSES = (
    "/incidents/{}/",
    "/incidents/{}/sources.bib",
    "/families/{}/feed.atom",
    "/api/incidents/{}/",
    "/api/sites/{}/",
    "/api/articles/{}/",
)


@BOUNDED
@given(key=st.one_of(st.text(min_size=1, max_size=20), st.sampled_from(["%", "\x00", "-1"])))
def test_any_record_address_is_found_or_not_found(small_catalog, client, key):
    for pattern in RECORD_ADDRESSES:
        response = client.get(pattern.format(quote(key, safe="")))
        assert response.status_code in (200, 301, 404), (pattern, key)
