"""The fetcher against a real server on 127.0.0.1: limits, politeness, retries, the reasons it
gives, and the guard against private addresses (after DNS and on every redirect)."""

import pytest

from articles.web.fetch import (
    FEED_TYPES,
    MAX_REDIRECTS,
    BlockedAddress,
    Fetcher,
    FetchFailed,
    is_public,
)

PAGE = "<html><head><title>T</title></head><body><p>Hello.</p></body></html>"


class Clock:
    """The fetcher's clock and sleep: sleeping moves the clock on, and is recorded."""

    def __init__(self):
        self.now = 1000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def fetcher(**options) -> Fetcher:
    options.setdefault("allow_private", True)
    options.setdefault("host_interval", 0)
    options.setdefault("backoff", 0)
    return Fetcher(user_agent="TestBot/1.0 (test)", **options)


@pytest.fixture
def site(local_site):
    return local_site


def test_a_page_is_fetched_with_a_user_agent_that_names_the_site(site):
    address = site.page("/a", PAGE)
    page = fetcher().fetch(address)
    assert (page.status, page.content_type, page.text()) == (200, "text/html", PAGE)
    _, path, headers = site.requests[-1]
    assert path == "/a" and headers["User-Agent"] == "TestBot/1.0 (test)"


def test_gzip_is_decompressed(site):
    page = fetcher().fetch(site.page("/z", PAGE, gzip=True))
    assert page.text() == PAGE


def test_the_charset_of_the_header_wins_over_the_meta_tag(site):
    html = '<html><head><meta charset="utf-8"></head><body><p>Baïkonour</p></body></html>'
    address = site.page(
        "/latin", html.encode("latin-1"), content_type="text/html; charset=ISO-8859-1"
    )
    page = fetcher().fetch(address)
    assert page.charset == "ISO-8859-1" and "Baïkonour" in page.text()


def test_redirects_are_followed_and_the_final_address_kept(site):
    site.page("/new", PAGE)
    page = fetcher().fetch(site.redirect("/old", "/new", status=301))
    assert page.final_address == site.url("/new") and page.address == site.url("/old")


def test_more_than_five_redirects_fail(site):
    for n in range(MAX_REDIRECTS + 1):
        site.redirect(f"/r{n}", f"/r{n + 1}")
    site.page(f"/r{MAX_REDIRECTS + 1}", PAGE)
    with pytest.raises(FetchFailed, match=r"too many redirects \(more than 5\)"):
        fetcher().fetch(site.url("/r0"))


def test_a_missing_page_is_not_found(site):
    with pytest.raises(FetchFailed, match=r"^not found \(HTTP 404\)$"):
        fetcher().fetch(site.url("/nothing"))


def test_a_server_error_is_tried_again_after_a_growing_wait(site):
    clock = Clock()
    address = site.page("/flaky", PAGE, statuses=[500, 503, 200])
    page = fetcher(backoff=1, clock=clock, sleep=clock.sleep).fetch(address)
    assert page.status == 200 and site.hits("/flaky") == 3
    assert clock.slept == [1, 2]


def test_a_server_error_that_lasts_fails_after_the_retries(site):
    address = site.page("/down", PAGE, statuses=[500])
    with pytest.raises(FetchFailed, match=r"^server error after 3 tries \(HTTP 500\)$"):
        fetcher().fetch(address)
    assert site.hits("/down") == 3


def test_a_slow_answer_times_out(site):
    address = site.page("/slow", PAGE, delay=1.5)
    with pytest.raises(FetchFailed, match=r"^timed out"):
        fetcher(total_seconds=0.5, tries=1).fetch(address)


def test_a_page_over_the_size_limit_is_too_big(site):
    address = site.page("/big", b"<html>" + b"x" * 2000 + b"</html>")
    with pytest.raises(FetchFailed, match=r"^too big: more than"):
        fetcher(max_bytes=1000).fetch(address)


def test_a_gzip_bomb_stops_at_the_limit(site):
    address = site.page("/bomb", b"<html>" + b"\0" * 200_000, gzip=True)
    with pytest.raises(FetchFailed, match=r"^too big"):
        fetcher(max_bytes=100_000).fetch(address)


def test_a_pdf_is_not_an_html_page(site):
    address = site.page("/report.pdf", b"%PDF-1.4\n...", content_type="application/pdf")
    with pytest.raises(
        FetchFailed, match=r"^not an HTML page \(the server sent application/pdf\)$"
    ):
        fetcher().fetch(address)


def test_a_feed_is_accepted_when_a_feed_is_asked_for(site):
    rss = '<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>'
    page = fetcher().fetch(site.page("/feed", rss, content_type="text/xml"), accept=FEED_TYPES)
    assert page.content_type == "text/xml"


def test_robots_txt_is_respected_and_read_once_per_host(site):
    site.page("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    site.page("/private/a", PAGE)
    site.page("/public/a", PAGE)
    site.page("/public/b", PAGE)
    pages = fetcher()
    with pytest.raises(FetchFailed, match=r"^forbidden by the site's robots.txt$"):
        pages.fetch(site.url("/private/a"))
    pages.fetch(site.url("/public/a"))
    pages.fetch(site.url("/public/b"))
    assert site.hits("/robots.txt") == 1 and site.hits("/private/a") == 0


def test_one_host_is_asked_at_most_once_a_second(site):
    clock = Clock()
    site.page("/a", PAGE)
    pages = fetcher(host_interval=1.0, clock=clock, sleep=clock.sleep)
    pages.fetch(site.url("/a"))  # robots.txt (404), then the page: one pause between them
    pages.fetch(site.url("/a"))
    assert clock.slept == [1.0, 1.0]


def test_a_host_that_does_not_exist_says_so():
    with pytest.raises(FetchFailed, match=r"^no such host \(nothing\.invalid\)$"):
        fetcher().fetch("http://nothing.invalid/a")


def test_only_http_and_https_are_fetched():
    for address in ("file:///etc/passwd", "ftp://example.org/a", "gopher://x/"):
        with pytest.raises(FetchFailed, match="only http and https"):
            fetcher().fetch(address)


def test_a_loopback_address_is_refused_by_default_and_the_refusal_says_how_to_allow_it(site):
    address = site.page("/a", PAGE)
    with pytest.raises(BlockedAddress) as refused:
        fetcher(allow_private=False).fetch(address)
    assert "IMPORT_ALLOW_PRIVATE_ADDRESSES=1" in refused.value.reason
    assert site.requests == []


def test_a_name_that_resolves_to_a_private_address_is_refused_after_dns(site):
    names = {"intranet.test": ["10.1.2.3"], "mixed.test": ["93.184.216.34", "192.168.0.7"]}
    pages = fetcher(allow_private=False, resolver=lambda host, port: names[host])
    for host in names:
        with pytest.raises(BlockedAddress, match=f"refused: {host} is "):
            pages.fetch(f"http://{host}/a")


def test_a_redirect_to_a_private_address_is_refused(site):
    """The first host passes the guard (the test treats this server as public); the address
    it redirects to is checked again, and refused before any connection to it."""
    as_public = {"news.test": ["127.0.0.1"], "metadata.test": ["169.254.169.254"]}
    pages = fetcher(
        allow_private=False,
        resolver=lambda host, port: as_public.get(host, [host]),
        address_allowed=lambda address: address == "127.0.0.1",
    )
    site.redirect("/story", "http://metadata.test/latest/meta-data/")
    site.redirect("/story2", "http://10.0.0.1/admin")
    with pytest.raises(BlockedAddress, match="metadata.test is 169.254.169.254"):
        pages.fetch(f"http://news.test:{site.port}/story")
    with pytest.raises(BlockedAddress, match="10.0.0.1 is 10.0.0.1"):
        pages.fetch(f"http://news.test:{site.port}/story2")


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.0.0.1",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "224.0.0.1",
        "240.0.0.1",
        "0.0.0.0",
        "::1",
        "fe80::1",
        "fc00::1",
        "::ffff:127.0.0.1",
        "100.64.0.1",
    ],
)
def test_private_and_reserved_ranges_are_not_public(address):
    assert not is_public(address)


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"])
def test_global_addresses_are_public(address):
    assert is_public(address)
