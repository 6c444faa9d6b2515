"""The evidence models: the database keeps articles unique and passages meaningful."""

import pytest

from articles.models import Article, Citation, ImportRun, Mention
from tests.factories import (
    make_agency,
    make_article,
    make_citation,
    make_incident,
    make_mention,
    make_mission,
)

pytestmark = pytest.mark.django_db


class TestArticleConstraints:
    def test_two_articles_cannot_share_a_sha256(self, assert_rejected):
        make_article(sha256="a" * 64)
        assert_rejected(
            lambda: make_article(sha256="a" * 64),
            constraint="articles_article_sha256_key",
            sqlite_unique="articles_article.sha256",
        )
        assert Article.objects.count() == 1

    def test_articles_with_different_hashes_may_share_a_title(self):
        make_article(title="Progress lost", sha256="a" * 64)
        make_article(title="Progress lost", sha256="b" * 64)
        assert Article.objects.filter(title="Progress lost").count() == 2


class TestCitationConstraints:
    @pytest.mark.parametrize(("start", "end"), [(5, 5), (6, 5)])
    def test_a_citation_must_span_at_least_one_character(self, assert_rejected, start, end):
        incident, article = make_incident(), make_article()
        assert_rejected(
            lambda: make_citation(incident=incident, article=article, start=start, end=end),
            constraint="citation_span_not_empty",
        )
        assert Citation.objects.count() == 0

    def test_an_incident_cannot_cite_the_same_passage_twice(self, assert_rejected):
        incident, article = make_incident(), make_article()
        make_citation(incident=incident, article=article, start=0, end=7)
        assert_rejected(
            lambda: make_citation(incident=incident, article=article, start=0, end=7),
            constraint="citation_unique_passage",
            sqlite_unique=(
                "articles_citation.incident_id, articles_citation.article_id, "
                "articles_citation.start, articles_citation.end"
            ),
        )

    def test_an_incident_may_cite_overlapping_passages_of_one_article(self):
        incident, article = make_incident(), make_article()
        make_citation(incident=incident, article=article, start=0, end=7)
        make_citation(incident=incident, article=article, start=0, end=8)
        assert incident.citations.count() == 2

    def test_two_incidents_may_cite_the_same_passage(self):
        article = make_article()
        make_citation(incident=make_incident(), article=article, start=0, end=7)
        make_citation(incident=make_incident(), article=article, start=0, end=7)
        assert Citation.objects.filter(article=article).count() == 2

    def test_a_citation_links_to_its_passage_on_the_article_page(self):
        article = make_article()
        citation = make_citation(incident=make_incident(), article=article)
        assert citation.get_absolute_url() == f"/articles/{article.pk}/#passage-{citation.pk}"


class TestMentionConstraints:
    @pytest.mark.parametrize(("start", "end"), [(3, 3), (4, 3)])
    def test_a_mention_must_span_at_least_one_character(self, assert_rejected, start, end):
        article = make_article()
        assert_rejected(
            lambda: make_mention(article=article, start=start, end=end),
            constraint="mention_span_not_empty",
        )

    @pytest.mark.parametrize("confidence", [-0.01, 1.01])
    def test_a_mention_confidence_outside_0_to_1_is_rejected(self, assert_rejected, confidence):
        article = make_article()
        assert_rejected(
            lambda: make_mention(article=article, confidence=confidence),
            constraint="mention_confidence_0_1",
        )

    def test_mention_confidences_of_0_and_1_are_accepted(self):
        article = make_article()
        make_mention(article=article, confidence=0)
        make_mention(article=article, confidence=1)
        assert Mention.objects.count() == 2


class TestMentionTarget:
    def test_a_mention_targets_what_it_was_linked_to(self):
        article = make_article()
        mission = make_mission(name="Progress MS-04")
        agency = make_agency(name="Roskosmos")
        assert make_mention(article=article, kind="mission", mission=mission).target == mission
        assert make_mention(article=article, kind="agency", agency=agency).target == agency

    def test_an_unlinked_mention_has_no_target(self):
        assert make_mention(article=make_article()).target is None


def test_an_import_run_names_itself_by_number_and_start():
    run = ImportRun.objects.create(source=ImportRun.Source.COMMAND)
    assert str(run) == f"Import #{run.pk} ({run.started_at:%Y-%m-%d %H:%M})"
