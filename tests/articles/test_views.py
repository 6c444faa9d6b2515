"""The public article pages: the evidence behind incident pages."""

import datetime
import re

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from articles.models import Article, Citation, Mention
from tests.factories import (
    make_agency,
    make_article,
    make_articles,
    make_citation,
    make_citations,
    make_family,
    make_incident,
    make_incidents,
    make_mention,
    make_mentions,
    make_mission,
    make_missions,
    make_site,
    make_vehicle,
    make_vehicles,
)
from tests.pages import listed_titles

pytestmark = pytest.mark.django_db

HOSTILE = "<script>alert(1)</script> <img src=x onerror=alert(1)> [link](javascript:alert(1))"


# --------------------------------------------------------------------------- query counts


class TestQueryCounts:
    """Each page runs the same number of queries for 1 row as for 1,000."""

    SIZES = [1, 1000]

    @pytest.mark.parametrize("size", SIZES)
    def test_the_article_list(self, client, django_assert_num_queries, size):
        make_articles(size)
        # count, page
        with django_assert_num_queries(2):
            response = client.get("/articles/")
        assert len(listed_titles(response)) == min(size, 25)

    @pytest.mark.parametrize("size", SIZES)
    def test_an_article_page(self, client, django_assert_num_queries, size):
        # long enough for every passage n:n + 10 to lie inside it
        article = make_article(body="x" * max(200, size + 10))
        incidents = make_incidents(size)
        make_citations(
            size,
            incident=lambda n: incidents[n],
            article=article,
            start=lambda n: n,
            end=lambda n: n + 10,
        )
        vehicles, missions = make_vehicles(size), make_missions(size)
        make_mentions(
            size,
            article=article,
            kind=Mention.Kind.VEHICLE,
            start=lambda n: n,
            end=lambda n: n + 1,
            vehicle=lambda n: vehicles[n],
        )
        make_mentions(
            size,
            article=article,
            kind=Mention.Kind.MISSION,
            start=lambda n: n,
            end=lambda n: n + 1,
            mission=lambda n: missions[n],
        )
        # article; citations with their incidents; mentions with their targets
        with django_assert_num_queries(3):
            response = client.get(f"/articles/{article.pk}/")
        assert len(response.context["citations"]) == size
        assert len(response.context["linked"]) == 2 * size


# --------------------------------------------------------------------------- list


class TestArticleList:
    def test_it_lists_articles_newest_first_with_publisher_date_and_kind(self, client):
        older = make_article(
            title="Progress M-27M out of control",
            publisher="TASS",
            published_on=datetime.date(2015, 4, 28),
            kind=Article.Kind.INCIDENT,
        )
        newer = make_article(
            title="Progress MS-04 lost",
            publisher="Space News Portal",
            published_on=datetime.date(2016, 12, 2),
            kind=Article.Kind.INCIDENT,
        )
        make_article(
            title="Routine launch",
            publisher="",
            published_on=datetime.date(2016, 1, 1),
            kind=Article.Kind.ROUTINE,
        )
        response = client.get("/articles/")
        assert response.status_code == 200
        assert listed_titles(response) == [
            "Progress MS-04 lost",
            "Routine launch",
            "Progress M-27M out of control",
        ]
        assertContains(
            response, f'<a class="title" href="/articles/{newer.pk}/">Progress MS-04 lost</a>'
        )
        assertContains(
            response,
            '<div class="meta">Space News Portal · 2 December 2016 · Reports an incident</div>',
            html=True,
        )
        assertContains(
            response,
            '<div class="meta">Publisher unknown · 1 January 2016 · Routine coverage</div>',
            html=True,
        )
        assertContains(response, f'href="/articles/{older.pk}/"')

    def test_undated_articles_come_after_dated_ones(self, client):
        make_article(title="Undated", published_on=None)
        make_article(title="Older", published_on=datetime.date(2015, 4, 28))
        make_article(title="Newer", published_on=datetime.date(2016, 12, 2))
        assert listed_titles(client.get("/articles/")) == ["Newer", "Older", "Undated"]

    def test_fifty_articles_make_two_pages(self, client):
        for n in range(50):
            make_article(
                title=f"Article {n:02d}",
                published_on=datetime.date(2000, 1, 1) + datetime.timedelta(days=n),
            )
        second = client.get("/articles/?page=2")
        assert listed_titles(second) == [f"Article {n:02d}" for n in range(24, -1, -1)]
        assertContains(second, "Page 2 of 2")
        assert client.get("/articles/?page=7").context["page"].number == 2

    def test_with_no_articles_it_says_so(self, client):
        assertContains(client.get("/articles/"), "No articles have been imported yet.")

    def test_a_hostile_title_is_escaped(self, client):
        make_article(title=HOSTILE)
        response = client.get("/articles/")
        html = response.content.decode()
        assert "<script" not in html
        assert "<img" not in html
        assertContains(response, "&lt;script&gt;alert(1)&lt;/script&gt;")


# --------------------------------------------------------------------------- detail


class TestArticlePage:
    BODY = (
        "Contact with Progress MS-04 was lost at 14:58. "
        "The third stage engine was destroyed. "
        "The Soyuz MS-03 crew were told the news."
    )

    @pytest.fixture
    def article(self):
        return make_article(
            title="Progress cargo ship lost",
            publisher="Space News Portal",
            author="A. Reporter",
            published_on=datetime.date(2016, 12, 2),
            url="https://news.example.org/progress-ms-04",
            body=self.BODY,
        )

    def test_it_shows_the_title_and_source_but_not_the_whole_text(self, client, article):
        response = client.get(f"/articles/{article.pk}/")
        assert response.status_code == 200
        assertContains(response, "<h1>Progress cargo ship lost</h1>")
        assertContains(
            response,
            '<p class="meta">Space News Portal · A. Reporter · 2 December 2016 · '
            '<a href="https://news.example.org/progress-ms-04" rel="nofollow noopener">'
            "original</a></p>",
            html=True,
        )
        assertNotContains(response, "The third stage engine was destroyed.")
        assertContains(response, "No published incident cites this article yet.")

    def test_it_shows_each_cited_passage_in_its_sentence_and_lists_who_cites_it(
        self, client, article
    ):
        incident = make_incident(title="Progress MS-04 lost", slug="progress-ms-04")
        context = make_incident(title="Soyuz MS-03 crew", slug="soyuz-ms-03")
        lost = make_citation(incident=incident, article=article, start=13, end=27)
        crew = make_citation(
            incident=context,
            article=article,
            start=85,
            end=125,
            supports=Citation.Supports.CONTEXT,
        )
        response = client.get(f"/articles/{article.pk}/")
        assertContains(
            response,
            '<blockquote class="passage-in-context">Contact with '
            f'<span id="passage-{lost.pk}" class="anchor"></span>'
            '<mark class="passage" title="Progress MS-04 lost">Progress MS-04</mark>'
            " was lost at 14:58.</blockquote>",
            html=True,
        )
        assertContains(
            response,
            '<blockquote class="passage-in-context">'
            f'<span id="passage-{crew.pk}" class="anchor"></span>'
            '<mark class="passage" title="Soyuz MS-03 crew">'
            "The Soyuz MS-03 crew were told the news.</mark></blockquote>",
            html=True,
        )
        assertNotContains(response, "The third stage engine was destroyed.")
        assertContains(
            response,
            f'<li><a href="#passage-{lost.pk}">Passage 1</a> → '
            '<a href="/incidents/progress-ms-04/">Progress MS-04 lost</a></li>',
            html=True,
        )
        assertContains(
            response,
            f'<li><a href="#passage-{crew.pk}">Passage 2</a> → '
            '<a href="/incidents/soyuz-ms-03/">Soyuz MS-03 crew</a> '
            '<span class="muted">(mentioned in passing)</span></li>',
            html=True,
        )

    def test_every_citation_link_on_an_incident_page_lands_on_its_passage(self, client, article):
        incident = make_incident(slug="progress-ms-04")
        citation = make_citation(incident=incident, article=article, start=47, end=84)
        incident_page = client.get("/incidents/progress-ms-04/").content.decode()
        link = f"/articles/{article.pk}/#passage-{citation.pk}"
        assert f'href="{link}"' in incident_page
        article_page = client.get(link.split("#")[0]).content.decode()
        assert f'<span id="passage-{citation.pk}" class="anchor"></span>' in article_page

    def test_a_draft_incidents_citation_is_neither_marked_nor_listed(self, client, article):
        draft = make_incident(title="Unreviewed draft", slug="draft", published=False)
        citation = make_citation(incident=draft, article=article, start=0, end=46)
        response = client.get(f"/articles/{article.pk}/")
        assert response.context["citations"] == []
        assertNotContains(response, f"passage-{citation.pk}")
        assertNotContains(response, "<mark")
        assertNotContains(response, "Unreviewed draft")
        assertNotContains(response, "/incidents/draft/")
        assertNotContains(response, "Cited by")

    def test_it_lists_each_linked_entity_once_by_kind(self, client, article):
        mission = make_mission(name="Progress MS-04", slug="progress-ms-04")
        vehicle = make_vehicle(name="Soyuz-U", slug="soyuz-u")
        agency = make_agency(name="Roskosmos", slug="roskosmos")
        family = make_family(name="R-7", slug="r-7")
        site = make_site(name="Baikonur", slug="baikonur")
        make_mention(article=article, kind=Mention.Kind.MISSION, start=13, end=27, mission=mission)
        make_mention(article=article, kind=Mention.Kind.MISSION, start=13, end=27, mission=mission)
        make_mention(article=article, kind=Mention.Kind.VEHICLE, start=0, end=5, vehicle=vehicle)
        make_mention(article=article, kind=Mention.Kind.AGENCY, start=0, end=5, agency=agency)
        make_mention(article=article, kind=Mention.Kind.FAMILY, start=0, end=5, family=family)
        make_mention(article=article, kind=Mention.Kind.SITE, start=0, end=5, site=site)
        make_mention(article=article, kind=Mention.Kind.VEHICLE, start=6, end=9)  # unlinked
        response = client.get(f"/articles/{article.pk}/")
        assert response.context["linked"] == [
            ("Agency", agency),
            ("Vehicle family", family),
            ("Mission", mission),
            ("Launch site", site),
            ("Vehicle", vehicle),
        ]
        assertContains(
            response,
            '<li><span class="muted">Mission:</span> '
            '<a href="/missions/progress-ms-04/">Progress MS-04</a></li>',
            count=1,
            html=True,
        )
        assertContains(response, '<a href="/sites/baikonur/">Baikonur</a>')

    def test_an_article_without_links_or_citations_shows_neither(self, client, article):
        response = client.get(f"/articles/{article.pk}/")
        assertNotContains(response, "Cited by")
        assertNotContains(response, "Linked to")

    def test_an_unknown_article_gives_404(self, client):
        assert client.get("/articles/999999/").status_code == 404


# --------------------------------------------------------------------------- untrusted text


class TestUntrustedArticles:
    def test_a_hostile_title_and_body_render_inert(self, client):
        article = make_article(title=HOSTILE, body=f"Before. {HOSTILE} After.")
        incident = make_incident(title="Cites it")
        make_citation(incident=incident, article=article, start=8, end=8 + len(HOSTILE))
        response = client.get(f"/articles/{article.pk}/")
        html = response.content.decode()
        assert "<script" not in html
        assert "<img" not in html
        assert 'href="javascript' not in html
        assert "onerror=" not in re.sub(r"&lt;img[^<]*&gt;", "", html)
        assertContains(response, "&lt;script&gt;alert(1)&lt;/script&gt;", count=3)

    def test_a_hostile_quote_and_article_title_render_inert_on_the_incident_page(self, client):
        article = make_article(title=HOSTILE, body=HOSTILE)
        make_citation(incident=make_incident(slug="quoted"), article=article)
        response = client.get("/incidents/quoted/")
        html = response.content.decode()
        assert "<script" not in html
        assert "<img" not in html
        assert 'href="javascript' not in html
        assertContains(
            response,
            "<blockquote>&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x "
            "onerror=alert(1)&gt; [link](javascript:alert(1))</blockquote>",
        )

    @pytest.mark.parametrize(
        "url", ["javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,<b>x</b>"]
    )
    def test_an_article_address_that_is_not_a_web_address_is_not_linked(self, client, url):
        article = make_article(url=url)
        response = client.get(f"/articles/{article.pk}/")
        assertNotContains(response, ">original</a>")
        assert "javascript:" not in response.content.decode().lower()

    def test_a_web_address_is_linked(self, client):
        article = make_article(url="http://example.org/a?b=1&c=2")
        assertContains(
            client.get(f"/articles/{article.pk}/"),
            '<a href="http://example.org/a?b=1&amp;c=2" rel="nofollow noopener">original</a>',
        )
