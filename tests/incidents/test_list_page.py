"""The incident list as a reader meets it: how many sources each incident has, filters that
fold away on a phone, and dates typed in one format."""

import re

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from articles.models import Citation
from tests.factories import make_article, make_citation, make_incident

pytestmark = pytest.mark.django_db


def row_of(html: str, title: str) -> str:
    """The list item of the incident titled `title`."""
    (row,) = re.findall(
        rf"<li>\s*<a class=\"title\"[^>]*>{re.escape(title)}</a>.*?</li>", html, re.S
    )
    return row


def list_html(client) -> str:
    return client.get("/incidents/").content.decode()


def sources_shown(html: str, title: str) -> str:
    found = re.search(r'<span class="sources">([^<]*)</span>', row_of(html, title))
    return found[1] if found else ""


class TestSourcesCount:
    def test_each_row_counts_the_articles_its_page_cites(self, client):
        incident = make_incident(title="Progress MS-04 lost")
        for _ in range(3):
            make_citation(incident=incident, article=make_article())
        make_incident(title="Nothing cited")
        html = list_html(client)
        assert sources_shown(html, "Progress MS-04 lost") == "3 sources"
        assert sources_shown(html, "Nothing cited") == ""

    def test_one_source_is_singular(self, client):
        make_citation(incident=make_incident(title="Once cited"), article=make_article())
        assert sources_shown(list_html(client), "Once cited") == "1 source"

    def test_two_passages_of_one_article_are_one_source(self, client):
        incident = make_incident(title="Cited twice by one article")
        article = make_article(body="The rocket failed. The cargo ship was lost.")
        make_citation(incident=incident, article=article, start=0, end=18)
        make_citation(incident=incident, article=article, start=19, end=43)
        assert sources_shown(list_html(client), "Cited twice by one article") == "1 source"

    def test_unsure_links_of_unreviewed_articles_are_not_counted(self, client):
        # what the incident page leaves out (Citation.objects.public()) is not counted either
        incident = make_incident(title="Partly sure")
        make_citation(incident=incident, article=make_article(), confidence=0.9)
        make_citation(incident=incident, article=make_article(needs_review=True), confidence=0.5)
        make_citation(incident=incident, article=make_article(needs_review=False), confidence=0.5)
        assert Citation.objects.public().filter(incident=incident).count() == 2
        assert sources_shown(list_html(client), "Partly sure") == "2 sources"


@pytest.mark.parametrize("path", ["/", "/families/kite/", "/search/?q=kite"])
def test_other_lists_of_incidents_count_sources_too(client, path):
    from incidents.services import refresh_search_names
    from tests.factories import make_family, make_vehicle

    rocket = make_vehicle(name="Kite 1", family=make_family(name="Kite", slug="kite"))
    incident = make_incident(title="Kite 7 lost", vehicles=[rocket])
    for _ in range(2):
        make_citation(incident=incident, article=make_article())
    refresh_search_names()
    html = client.get(path).content.decode()
    assert '<span class="sources">2 sources</span>' in html


class TestFilterPanel:
    def test_without_filters_the_panel_is_closed_and_says_none_are_set(self, client):
        html = client.get("/incidents/").content.decode()
        assert re.search(r'<details class="filter-panel">\s*<summary>Filters \(0 set\)', html)
        assert html.index('<details class="filter-panel">') < html.index('<form method="get"')
        assert html.index('<form method="get" class="filters">') < html.index("</details>")

    def test_with_filters_set_it_stays_folded_and_counts_them(self, client):
        # (on a phone the rows come first; wide screens show the form anyway)
        response = client.get("/incidents/?q=soyuz&outcome=failure&date_from=2016&sort=oldest")
        assertContains(
            response,
            '<details class="filter-panel">\n<summary>Filters (3 set)</summary>',
        )

    def test_sorting_alone_is_not_a_filter(self, client):
        response = client.get("/incidents/?sort=oldest&q=")
        assertContains(response, '<details class="filter-panel">\n<summary>Filters (0 set)')

    def test_a_filter_that_cannot_be_read_opens_the_panel_on_its_error(self, client):
        response = client.get("/incidents/?date_from=December")
        assertContains(response, '<details class="filter-panel" open>')
        assertContains(response, '<span class="error">')

    def test_fields_written_once_still_show_each_pages_own_choice_and_text(self, client):
        chosen = client.get("/incidents/?outcome=failure&sort=oldest").content.decode()
        assert '<option value="failure" selected>' in chosen
        assert '<option value="oldest" selected>' in chosen
        plain = client.get("/incidents/").content.decode()
        assert '<option value="" selected>Any outcome</option>' in plain
        assert '<option value="failure" selected>' not in plain
        assert '<option value="oldest" selected>' not in plain
        typed = client.get("/incidents/", {"q": '"><b>x', "date_from": "1999"})
        assertContains(typed, '<input type="text" name="q" value="&quot;&gt;&lt;b&gt;x"')
        assertContains(typed, 'name="date_from" value="1999"')
        assertContains(client.get("/incidents/"), '<input type="text" name="q" id="id_q">')


class TestDates:
    @pytest.mark.parametrize("url", ["/incidents/", "/search/?q=soyuz+2016"])
    def test_no_page_offers_a_browser_date_picker(self, client, url):
        assertNotContains(client.get(url), 'type="date"')

    def test_the_date_filters_are_text_boxes_with_the_formats_they_take(self, client):
        html = client.get("/incidents/").content.decode()
        for name in ("date_from", "date_to"):
            box = re.search(rf'<input type="text" name="{name}"[^>]*>', html)
            assert box, name
            assert f'aria-describedby="id_{name}_helptext"' in box[0]
            assert (
                f'<small class="muted" id="id_{name}_helptext">2016, 2016-12 or 2016-12-01</small>'
                in html
            )
