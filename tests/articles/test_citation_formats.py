"""An incident's sources for reference managers: BibTeX, RIS and CSL-JSON, one reference per
cited article, only the citations its page shows."""

import datetime
import json
import re

import pytest

from tests.factories import make_article, make_citation, make_incident

pytestmark = pytest.mark.django_db


@pytest.fixture
def incident():
    incident = make_incident(title="Kite 7 lost", slug="kite-7-lost")
    wire = make_article(
        title="Kite 7 {lost} at 100% & more_",
        publisher="Space Wire",
        author="A. Writer",
        url="https://news.example.org/kite-7",
        published_on=datetime.date(2016, 12, 2),
        body="The third stage failed.\nDebris fell over the sea.",
    )
    make_citation(incident=incident, article=wire, start=0, end=23)
    make_citation(incident=incident, article=wire, start=24, end=49)
    local = make_article(title="Kite report", publisher="", url="", published_on=None)
    make_citation(incident=incident, article=local)
    unsure = make_article(title="Kite rumour", needs_review=True)
    make_citation(incident=incident, article=unsure, confidence=0.2)  # not on the page
    return incident


def download(client, incident, fmt):
    response = client.get(f"/incidents/{incident.slug}/sources.{fmt}")
    assert response.status_code == 200
    assert f'filename="kite-7-lost-sources.{fmt}"' in response["Content-Disposition"]
    return response.content.decode()


def test_bibtex_has_an_entry_per_article_with_its_passages_escaped(client, incident):
    text = download(client, incident, "bib")
    assert text.count("@misc{") == 2
    assert r"title = {{Kite 7 \textbraceleft{}lost\textbraceright{} at 100\% \& more\_}}" in text
    assert "author = {A. Writer}" in text
    assert "month = dec" in text and "year = {2016}" in text
    assert "url = {https://news.example.org/kite-7}" in text
    assert "“The third stage failed.” … “Debris fell over the sea.”" in text
    assert "rumour" not in text
    # an article without an address of its own has none: never its page on this site
    assert "testserver" not in text and text.count("url = {") == 1


FIELD_NAME = re.compile(r"\s*(\w+)\s*=\s*")
BARE_VALUE = re.compile(r"[^,}\s]*")
AFTER_VALUE = re.compile(r"\s*,?")


def bibtex_fields(text: str) -> list[dict[str, str]]:
    """Each entry's fields, read as BibTeX reads them: a value in braces ends at the brace that
    balances its first, whether a backslash stands before any brace or not."""
    entries = []
    for start in re.finditer(r"@misc\{[^,]*,", text):
        fields: dict[str, str] = {}
        at = start.end()
        while (name := FIELD_NAME.match(text, at)) is not None:
            at = name.end()
            end = braced_value_end(text, at) if text[at] == "{" else bare_value_end(text, at)
            fields[name.group(1)] = text[at:end]
            at = end + matched_length(AFTER_VALUE, text, end)
        entries.append(fields)
    return entries


def braced_value_end(text: str, at: int) -> int:
    depth = 0
    for end in range(at, len(text)):
        depth += {"{": 1, "}": -1}.get(text[end], 0)
        if depth == 0:
            return end + 1
    return len(text)


def bare_value_end(text: str, at: int) -> int:
    return at + matched_length(BARE_VALUE, text, at)


def matched_length(pattern: re.Pattern[str], text: str, at: int) -> int:
    match = pattern.match(text, at)
    assert match is not None  # the pattern matches the empty string too
    return match.end() - at


INJECTIONS = [
    "https://news.example.org/soyuz},note={INJECTED},x={",
    'https://news.example.org/soyuz"},\n  note = {INJECTED',
    "https://news.example.org/a b<c>\\d\r\nTI  - INJECTED",
]


@pytest.mark.parametrize("url", INJECTIONS)
def test_an_article_address_cannot_add_fields_to_any_format(client, url):
    incident = make_incident(title="Kite 7 lost", slug="kite-7-lost")
    article = make_article(title="Soyuz}, note = {INJECTED", author="{A}}}", url=url)
    make_citation(incident=incident, article=article)
    (entry,) = bibtex_fields(download(client, incident, "bib"))
    assert list(entry) == [
        *("title", "author", "howpublished", "year", "month", "date", "url", "urldate", "note")
    ]
    assert "INJECTED" not in entry["note"]
    assert entry["title"] == r"{{Soyuz\textbraceright{}, note = \textbraceleft{}INJECTED}}"
    (record,) = [r for r in download(client, incident, "ris").split("ER  - \r\n") if r.strip()]
    tags = [line[:2] for line in record.split("\r\n") if line]
    assert tags == ["TY", "ID", "TI", "AU", "T2", "PY", "DA", "UR", "Y2", "N1"]
    (item,) = json.loads(download(client, incident, "json"))
    assert entry["url"] == "{" + item["URL"] + "}"
    assert re.fullmatch(r"https://news\.example\.org/[-A-Za-z0-9%/,=]+", item["URL"])


def test_an_address_is_written_percent_encoded(client):
    incident = make_incident(title="Kite 7 lost", slug="kite-7-lost")
    url = 'https://news.example.org/a b/{c}/"d"/<e>/100%/%41/é?q=1&r=ü#top'
    make_citation(incident=incident, article=make_article(url=url))
    (item,) = json.loads(download(client, incident, "json"))
    assert item["URL"] == (
        "https://news.example.org/a%20b/%7Bc%7D/%22d%22/%3Ce%3E/100%25/%41/%C3%A9?q=1&r=%C3%BC#top"
    )


def test_ris_records_are_tagged_lines_ending_each_with_er(client, incident):
    text = download(client, incident, "ris")
    records = [r for r in text.split("ER  - \r\n") if r.strip()]
    assert len(records) == 2
    first = records[0].split("\r\n")
    assert first[0] == "TY  - NEWS"
    assert "DA  - 2016/12/02/" in first and "T2  - Space Wire" in first
    assert all(line[2:6] == "  - " for line in first if line)


def test_csl_json_is_a_list_of_items_a_reference_manager_reads(client, incident):
    items = json.loads(download(client, incident, "json"))
    assert [item["title"] for item in items] == ["Kite 7 {lost} at 100% & more_", "Kite report"]
    first = items[0]
    assert first["type"] == "article-newspaper"
    assert first["issued"] == {"date-parts": [[2016, 12, 2]]}
    assert first["author"] == [{"literal": "A. Writer"}]
    assert first["container-title"] == "Space Wire"
    assert "issued" not in items[1]


def test_drafts_and_unknown_formats_are_not_found(client, incident):
    draft = make_incident(published=False)
    assert client.get(f"/incidents/{draft.slug}/sources.bib").status_code == 404
    assert client.get(f"/incidents/{incident.slug}/sources.docx").status_code == 404


def test_the_incident_page_offers_the_downloads(client, incident):
    html = client.get(incident.get_absolute_url()).content.decode()
    for fmt in ("bib", "ris", "json"):
        assert f"/incidents/kite-7-lost/sources.{fmt}" in html


def test_an_article_without_an_address_of_its_own_has_none_in_any_format(client, incident):
    for fmt in ("bib", "ris", "json"):
        assert "/articles/" not in download(client, incident, fmt)
    (_, undated) = json.loads(download(client, incident, "json"))
    assert "URL" not in undated and "accessed" not in undated


def test_citation_keys_read_publisher_year_and_a_word_of_the_title(client):
    incident = make_incident(title="Kite 7 lost", slug="kite-7-lost")
    for title, publisher, url in [
        ("The Progress cargo ship is lost", "SpaceNews", ""),
        ("Progress lost after launch", "SpaceNews", ""),
        ("7 things about the Kite failure", "", "https://www.cbc.ca/news/kite"),
    ]:
        article = make_article(
            title=title, publisher=publisher, url=url, published_on=datetime.date(2016, 12, 2)
        )
        make_citation(incident=incident, article=article)
    keys = re.findall(r"@misc\{([^,]+),", download(client, incident, "bib"))
    assert keys == ["spacenews2016progress", "spacenews2016progressb", "cbcca2016things"]
    ris_ids = re.findall(r"ID  - (\S+)", download(client, incident, "ris"))
    assert ris_ids == keys
