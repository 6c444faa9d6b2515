"""Web pages as articles: addresses read from editors, and pages fetched into the importer's
input files (the duplicate check is in duplicates.py, the admin's queue in queue.py).

A page goes through the same pipeline as an uploaded HTML file (articles.pipeline.formats.html,
trafilatura), told where it came from so that its own links resolve and, when it names no
canonical address, the address it was fetched from stands for it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.conf import settings

from articles.inputs import InputFile
from articles.pipeline.addresses import is_web_address
from articles.web.fetch import HTML_TYPES, Fetcher, FetchFailed, Page

MAX_ADDRESSES = 200  # in one paste of the admin form


def fetcher(**options) -> Fetcher:
    """A fetcher as the settings say (User-Agent, private addresses, pause per host)."""
    options.setdefault("allow_private", settings.IMPORT_ALLOW_PRIVATE_ADDRESSES)
    options.setdefault("host_interval", settings.IMPORT_HOST_INTERVAL)
    options.setdefault("backoff", settings.IMPORT_RETRY_BACKOFF)
    return Fetcher(user_agent=settings.IMPORT_USER_AGENT, **options)


def addresses_in(text: str) -> tuple[list[str], list[str]]:
    """The addresses of a pasted list or file, one a line, each once and in order, and the
    lines that are not http(s) addresses. Blank lines and lines opening with # are skipped."""
    addresses: list[str] = []
    bad: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if not is_web_address(line):
            bad.append(line)
        elif line not in addresses:
            addresses.append(line)
    return addresses, bad


def page_input(page: Page) -> InputFile:
    """The page as the importer's input: its bytes as the server sent them, or (when the server
    named its charset, which wins over the page's own <meta>) its text as UTF-8."""
    data = page.text().encode("utf-8") if page.charset else page.content
    return InputFile(page.address, data, address=page.final_address)


def fetch_input(pages: Fetcher, address: str) -> InputFile:
    """The page at `address` as an input file; one that could not be fetched carries why."""
    try:
        return page_input(pages.fetch(address, accept=HTML_TYPES))
    except FetchFailed as failed:
        return InputFile(address, error=failed.reason)


def fetched_inputs(addresses: Iterable[str], pages: Fetcher) -> Iterator[InputFile]:
    """Each address fetched as the importer reaches it (nothing is fetched ahead)."""
    for address in addresses:
        yield fetch_input(pages, address)
