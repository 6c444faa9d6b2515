"""The incident page's sources and facts table, written in Python (incidents/rendering.py):
every text the articles and sources gave is escaped, in element text and in attributes."""

import datetime

from django.utils.safestring import SafeString

from articles.models import Article
from incidents.facts import FactRow, Source, Statement
from incidents.rendering import citation_list, facts_table
from incidents.services import CitedPassage

HOSTILE = '"><script>alert(1)</script>'
ESCAPED = "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"


def cited(pk: int, *, published_on=None, publisher="", quote="Quote", url="") -> CitedPassage:
    article = Article(
        pk=pk, title=f"Title {HOSTILE}", publisher=publisher, published_on=published_on
    )
    url = url or f"/articles/{pk}/#passage-{pk * 10}"
    return CitedPassage(pk * 10, pk, quote, "incident", article, url)


class TestCitationList:
    def test_each_citation_is_a_numbered_item_with_its_passage_link_publisher_and_date(self):
        html = citation_list(
            [cited(3, published_on=datetime.date(2016, 12, 1), publisher="TASS"), cited(4)]
        )
        assert isinstance(html, SafeString)
        assert html == (
            '<ol>\n<li id="cite-1"><blockquote>Quote</blockquote>\n'
            f'<a href="/articles/3/#passage-30">Title {ESCAPED}</a>, TASS, 1 December 2016</li>\n'
            '<li id="cite-2"><blockquote>Quote</blockquote>\n'
            f'<a href="/articles/4/#passage-40">Title {ESCAPED}</a></li>\n</ol>'
        )

    def test_quote_title_publisher_and_address_are_escaped(self):
        html = citation_list(
            [cited(3, publisher=f"P {HOSTILE}", quote=f"Q {HOSTILE} & more", url=f"/a{HOSTILE}")]
        )
        assert "<script" not in html
        assert html.count(ESCAPED) == 4
        assert f'<a href="/a{ESCAPED}">' in html
        assert "Q &quot;&gt;" in html and "&amp; more" in html

    def test_unnumbered_citations_have_no_ids_nor_dates(self):
        html = citation_list([cited(3, published_on=datetime.date(2016, 12, 1))], numbered=False)
        assert "<li><blockquote>" in html
        assert "2016" not in html and "cite-" not in html

    def test_no_citations_make_nothing(self):
        assert citation_list([]) == ""


class TestFactsTable:
    def test_values_wordings_and_sources_are_escaped_in_text_and_attributes(self):
        first = Source(f"Wire {HOSTILE}", f"/articles/1/#passage-2{HOSTILE}", 1)
        second = Source("Daily & Co", "/articles/3/#passage-4", 2)
        statement = Statement(
            f"120 km {HOSTILE}", sources=[first], values=[f"120 km {HOSTILE}", f"121 {HOSTILE}"]
        )
        row = FactRow("altitude", "Altitude", [statement, Statement("300 km", sources=[second])])
        html = facts_table([row], [first, second])
        assert isinstance(html, SafeString)
        assert "<script" not in html
        assert f'<span class="value">120 km {ESCAPED}</span>' in html
        assert f"(also written “121 {ESCAPED}”)" in html
        assert f'title="Wire {ESCAPED}">[1]</a>' in html
        assert f'<span class="said-by">— Wire {ESCAPED}</span>' in html
        assert f'<a href="/articles/1/#passage-2{ESCAPED}">Wire {ESCAPED}</a>' in html
        assert '<li id="fact-source-2"><a href="/articles/3/#passage-4">Daily &amp; Co</a>' in html
        assert '<tr class="disagreement">' in html
