"""Which addresses read from article files (or typed by editors) may stand as an article's."""

import pytest

from articles.pipeline.addresses import is_safe_address, is_web_address


@pytest.mark.parametrize(
    "address",
    [
        "https://news.example/2016/12/01/progress-ms-04-lost/",
        "http://news.example/story?id=65&lang=en#top",
        "https://news.example/a%20b/%7Bc%7D",
        "https://news.example/über-die-rakete",  # an IRI: letters beyond ASCII are fine
        "https://[2001:db8::1]/story",
        "HTTPS://NEWS.EXAMPLE/STORY",
    ],
)
def test_an_http_address_as_written_is_a_web_address(address):
    assert is_web_address(address)


@pytest.mark.parametrize(
    "address",
    [
        "https://news.example/soyuz},note={INJECTED},x={",
        'https://news.example/"onmouseover="alert(1)',
        "https://news.example/<script>",
        "https://news.example/a b",
        "https://news.example/a\\b",
        "https://news.example/a^b`c|d",
        "https://news.example/a\r\nTI  - INJECTED",
        "https://news.example/a\x00b",
        "https://news.example/a\x85b",
        "https://[news.example/story",
        "",
    ],
)
def test_an_address_holding_what_an_address_may_not_is_refused(address):
    assert not is_safe_address(address)
    assert not is_web_address(address)


@pytest.mark.parametrize("address", ["javascript:alert(1)", "ftp://files.example/a", "/story"])
def test_only_http_addresses_are_web_addresses(address):
    assert is_safe_address(address)
    assert not is_web_address(address)
