"""End to end: the real GCAT catalog, then the five real seed articles, as the demo does."""

import datetime
import re

from django.conf import settings

from articles.importer import import_files
from articles.inputs import files_from_paths
from articles.models import Article, Citation, ImportedFile, ImportRun
from incidents.models import Incident, Mission
from tests.gcat import GcatTestCase

SEEDS = settings.SEEDS_DIR
FAILURE_WORDS = re.compile(r"fail|lost|loss|anomaly|shut down|burned up|destroyed", re.I)


def seed(prefix: str) -> Article:
    return Article.objects.get(filename__startswith=prefix)


class SeedImportTests(GcatTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.import_run, cls.results = import_files(
            files_from_paths([SEEDS]), source=ImportRun.Source.COMMAND
        )
        cls.progress_ms_04 = Incident.objects.get(mission__launch_tag="2016-F02")

    def test_all_five_seeds_are_created(self):
        assert [r.outcome for r in self.results] == [ImportedFile.Outcome.CREATED] * 5
        assert (
            self.import_run.created_count,
            self.import_run.known_count,
            self.import_run.failed_count,
        ) == (5, 0, 0)

    def test_progress_ms_04_cites_exactly_the_four_reports_each_with_a_failure_passage(self):
        citations = Citation.objects.filter(
            incident=self.progress_ms_04, supports=Citation.Supports.INCIDENT
        ).select_related("article")
        assert sorted(c.article.filename[:3] for c in citations) == ["000", "001", "002", "003"]
        for citation in citations:
            assert citation.quote == citation.article.body[citation.start : citation.end]
            assert FAILURE_WORDS.search(citation.quote), citation.quote

    def test_the_progress_ms_26_article_links_its_mission_and_is_cited_by_no_incident(self):
        article = seed("004")
        assert article.kind == Article.Kind.ROUTINE
        assert article.mentions.filter(mission__launch_tag="2024-029").exists()
        assert not article.citations.exists()
        assert not Incident.objects.filter(mission__launch_tag="2024-029").exists()

    def test_no_cleaned_body_keeps_mojibake_or_boilerplate(self):
        unwanted = [
            "â€",
            "Dear readers",
            "newsletter",
            "affilate",
            "All rights reserved",
            "Twitter Moment",
            "Read more",
            "Remind me later",
        ]
        for article in Article.objects.all():
            for text in unwanted:
                assert text not in article.body, (article.filename, text)

    def test_extraction_damage_is_repaired(self):
        body = seed("003").body
        assert "2.6 tons" in body
        assert "1,400 pounds" in body
        assert "2. 6" not in body and "1, 400" not in body

    def test_the_raw_text_is_kept_exactly_as_received(self):
        for article in Article.objects.all():
            raw = (SEEDS / article.filename).read_bytes().decode("utf-8")
            assert article.raw_text == raw

    def test_publishers_and_the_portal_date_are_recognised(self):
        assert seed("000").publisher == "Newsmax"
        assert seed("004").publisher == "The Moscow Times"
        assert seed("002").publisher == "Euronews"
        assert seed("002").published_on == datetime.date(2016, 12, 1)

    def test_past_failures_mentioned_in_passing_are_context_citations(self):
        context = Citation.objects.filter(
            article=seed("003"), supports=Citation.Supports.CONTEXT
        ).values_list("incident__mission__launch_tag", flat=True)
        # Antares (Oct 2014), Progress M-27M (Apr 2015), Falcon 9 (Jun 2015), Progress M-12M
        # (Aug 2011), and the undated Falcon 9 that exploded on its pad during fueling (Amos 6).
        assert sorted(context) == ["2011-F03", "2014-F02", "2015-024", "2015-F02", "2016-E01"]

    def test_the_progress_ms_04_page_states_its_facts_with_sources_and_disagreements(self):
        response = self.client.get(self.progress_ms_04.get_absolute_url())
        rows = {row.kind: row for row in response.context["fact_rows"]}
        sources = {s.number: s for s in response.context["fact_sources"]}

        def said(statement):
            return {sources[s.number].label for s in statement.sources}

        time = rows["time_into_flight"]
        assert time.disagree
        by_value = {s.value: s for s in time.statements}
        assert set(by_value) == {"382 seconds", "383 seconds"}
        assert any(label.startswith("Roscosmos") for label in said(by_value["382 seconds"]))
        assert not any(label.startswith("Roscosmos") for label in said(by_value["383 seconds"]))

        (altitude,) = rows["altitude"].statements  # 118 and 120 miles and 190 km agree
        assert {"about 118 miles", "about 120 miles", "about 190 km"} <= set(altitude.values)
        assert not rows["altitude"].disagree

        (payload,) = rows["payload_mass"].statements  # "more than" is a bound: they agree
        assert set(payload.values) == {"2.6 tons", "more than 5,300 pounds"}
        assert not rows["payload_mass"].disagree

        assert [s.value for s in rows["failed_stage"].statements] == ["third stage"]
        assert "GCAT, citing spaceflightnow.com" in said(rows["failed_stage"].statements[0])
        assert "Tuva" in {s.value for s in rows["debris_location"].statements}

        html = response.content.decode()
        for source in sources.values():  # each source links to its passage or the record
            assert f'href="{source.url}"' in html
            assert source.url.startswith(("/articles/", "https://planet4589.org/"))
        assert "The sources differ:" in html

    def test_a_passing_mention_shows_under_also_mentioned_in(self):
        cygnus = Incident.objects.get(mission__launch_tag="2014-F02")
        response = self.client.get(cygnus.get_absolute_url())
        assert response.status_code == 200
        assert "Also mentioned in" in response.content.decode()
        assert seed("003").get_absolute_url() in response.content.decode()

    def test_the_incident_page_shows_four_numbered_citations_linking_to_their_passages(self):
        response = self.client.get(self.progress_ms_04.get_absolute_url())
        html = response.content.decode()
        assert len(response.context["citations"]) == 4
        for citation in response.context["citations"]:
            assert f'href="/articles/{citation.article_id}/#passage-{citation.pk}"' in html

    def test_the_article_page_anchors_and_highlights_the_cited_passage(self):
        citation = Citation.objects.filter(incident=self.progress_ms_04).first()
        response = self.client.get(citation.article.get_absolute_url())
        html = response.content.decode()
        assert f'id="passage-{citation.pk}"' in html
        assert '<mark class="passage"' in html

    def test_articles_that_mention_soyuz_u_can_be_found(self):
        mentioning = Article.objects.filter(mentions__vehicle__name="Soyuz-U").distinct()
        assert "001" in {a.filename[:3] for a in mentioning}

    def test_reimporting_the_same_directory_creates_nothing(self):
        counts = (Article.objects.count(), Citation.objects.count(), Incident.objects.count())
        run, results = import_files(files_from_paths([SEEDS]), source=ImportRun.Source.COMMAND)
        assert [r.outcome for r in results] == [ImportedFile.Outcome.KNOWN] * 5
        assert (
            Article.objects.count(),
            Citation.objects.count(),
            Incident.objects.count(),
        ) == counts
        assert run.known_count == 5

    def test_a_dry_run_writes_nothing(self):
        Article.objects.filter(filename__startswith="004").delete()
        before = (Article.objects.count(), ImportRun.objects.count())
        run, results = import_files(
            files_from_paths([SEEDS / "004_0c97fc6ced7822f9.txt"]),
            source=ImportRun.Source.COMMAND,
            dry_run=True,
        )
        assert run is None
        assert results[0].outcome == ImportedFile.Outcome.CREATED
        assert "mission: Progress MS-26" in results[0].links
        assert (Article.objects.count(), ImportRun.objects.count()) == before
        assert Mission.objects.filter(launch_tag="2024-029").exists()


class DateMentionTests(GcatTestCase):
    @classmethod
    def setUpTestData(cls):
        import_files(files_from_paths([SEEDS]), source=ImportRun.Source.COMMAND)

    def test_on_thursday_resolves_against_the_portal_items_date(self):
        mention = seed("002").mentions.get(kind="date", text="Thursday")
        assert (mention.date, mention.date_precision) == (datetime.date(2016, 12, 1), "day")

    def test_on_thursday_resolves_against_the_mission_launch_when_the_article_has_no_date(self):
        article = seed("003")
        assert article.published_on is None
        thursday = article.mentions.filter(kind="date", text="Thursday").first()
        assert thursday.date == datetime.date(2016, 12, 1)
        october = article.mentions.get(kind="date", text="October 2014")
        assert (october.date, october.date_precision) == (datetime.date(2014, 10, 1), "month")
