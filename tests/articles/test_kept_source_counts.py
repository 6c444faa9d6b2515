"""The counts of sources and mentions kept on each incident stay equal to what its citations
give (tests/kept_counts.py counts them the old way) after every kind of write that can change
them: the importer, the review desk and the admin's actions, a citation saved, moved or
deleted, an article reviewed, unreviewed or deleted, an incident deleted, a catalog reload;
and `manage.py recount_sources` puts right counts that went wrong."""

import io
import threading
import time

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles import review
from articles.importer import import_files, replace_text
from articles.inputs import files_from_paths
from articles.models import Article, Citation, ImportRun
from articles.pipeline.process import process_bytes
from incidents.catalog_loader import load_catalog
from incidents.models import Incident
from incidents.versioning import fingerprint
from tests.articles.test_review_desk import act
from tests.factories import make_article, make_citation, make_citations, make_incident
from tests.gcat import GcatTestCase
from tests.incidents.test_admin import change_form_data
from tests.kept_counts import assert_counts_kept_right, kept_counts
from tests.processes import wait_for_other_sessions_to_end

CONTEXT, FACT = Citation.Supports.CONTEXT, Citation.Supports.FACT


@pytest.fixture
def cited(db):
    """Kite 7, reported by a sure article and (unsure, waiting for review) by another that
    also gives a fact; Kite 5, mentioned in passing by both, and reported by the sure one."""
    kite7 = make_incident(title="Kite 7 lost", published=True)
    kite5 = make_incident(title="Kite 5 lost", published=True)
    sure = make_article(body="Kite 7 failed. Kite 5 had failed too. It was lost.")
    unsure = make_article(body="Kite 7 failed at 383 s. Kite 5 failed in 2014.", needs_review=True)
    make_citation(incident=kite7, article=sure, start=0, end=14)
    make_citation(incident=kite5, article=sure, start=15, end=37, supports=CONTEXT)
    make_citation(incident=kite5, article=sure, start=38, end=50)
    make_citation(incident=kite7, article=unsure, start=0, end=23, confidence=0.5)
    make_citation(incident=kite7, article=unsure, start=0, end=14, supports=FACT, confidence=0.5)
    make_citation(incident=kite5, article=unsure, start=24, end=46, supports=CONTEXT)
    return {"kite7": kite7, "kite5": kite5, "sure": sure, "unsure": unsure}


def counts_of(incident: Incident) -> tuple[int, int]:
    return assert_counts_kept_right()[incident.pk]


def test_citations_created_one_by_one_and_in_bulk_are_counted(cited):
    assert counts_of(cited["kite7"]) == (1, 0)  # the unsure article waits for its review
    assert counts_of(cited["kite5"]) == (1, 1)  # the sure one reports it: not a mention too
    more = make_incident()
    make_citations(3, incident=more, article=lambda n: make_article(), supports=CONTEXT)
    assert counts_of(more) == (0, 3)


def test_reviewing_the_article_and_taking_the_review_back(cited):
    unsure = cited["unsure"]
    unsure.needs_review = False
    unsure.save()
    assert counts_of(cited["kite7"]) == (2, 0)
    unsure.needs_review = True
    unsure.save(update_fields=["needs_review"])
    assert counts_of(cited["kite7"]) == (1, 0)


def test_an_article_save_that_leaves_the_review_alone_changes_nothing(cited):
    unsure = cited["unsure"]
    Article.objects.filter(pk=unsure.pk).update(needs_review=False)  # behind the counts' back
    unsure.title = "Kite 7 lost again"
    unsure.save(update_fields=["title"])
    assert kept_counts()[cited["kite7"].pk] == (1, 0)


def test_the_review_desks_confirm_all(editor_client, cited):
    act(editor_client, cited["unsure"], "confirm_all")
    assert counts_of(cited["kite7"]) == (2, 0)


def test_the_article_lists_review_action(editor_client, cited):
    editor_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "confirm_links", "_selected_action": [cited["unsure"].pk]},
    )
    assert counts_of(cited["kite7"]) == (2, 0)


def test_confirming_one_unsure_citation(cited):
    citation = Citation.objects.get(article=cited["unsure"], supports=FACT)
    review.confirm_citation(citation_id=citation.pk, version=fingerprint(citation))
    assert counts_of(cited["kite7"]) == (2, 0)


def test_a_citation_moved_on_the_desk_counts_for_its_new_incident_only(cited):
    citation = Citation.objects.get(article=cited["sure"], incident=cited["kite7"])
    review.move_citation(
        citation_id=citation.pk, version=fingerprint(citation), incident=cited["kite5"]
    )
    assert counts_of(cited["kite7"]) == (0, 0)
    assert counts_of(cited["kite5"]) == (1, 1)


def test_a_citation_saved_whole_with_another_incident_and_kind(cited):
    """As the admin's change form saves it: every field, the old incident read from the row."""
    citation = Citation.objects.get(article=cited["unsure"], supports=CONTEXT)
    citation.incident, citation.supports = cited["kite7"], Citation.Supports.INCIDENT
    citation.start, citation.end = 24, 45
    citation.save()
    assert counts_of(cited["kite5"]) == (1, 0)
    assert counts_of(cited["kite7"]) == (2, 0)


def test_a_citation_put_back_from_its_history(cited):
    citation = Citation.objects.get(article=cited["sure"], incident=cited["kite7"])
    citation.incident = cited["kite5"]
    citation.save()
    assert counts_of(cited["kite7"]) == (0, 0)
    citation.history.earliest().instance.save()  # what the history's revert form saves
    assert counts_of(cited["kite7"]) == (1, 0)


def test_a_citation_rejected_on_the_desk_or_deleted_in_the_admin(editor_client, cited):
    citation = Citation.objects.get(article=cited["sure"], supports=CONTEXT)
    review.reject_citation(citation_id=citation.pk, version=fingerprint(citation))
    assert counts_of(cited["kite5"]) == (1, 1)  # now from the unsure article's, still shown
    editor_client.post(
        reverse("admin:articles_citation_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": list(cited["kite5"].citations.values_list("pk", flat=True)),
            "post": "yes",
        },
    )
    assert counts_of(cited["kite5"]) == (0, 0)


def test_deleting_an_article_or_an_incident(cited):
    cited["sure"].delete()
    assert counts_of(cited["kite7"]) == (0, 0)
    assert counts_of(cited["kite5"]) == (0, 1)
    cited["kite5"].delete()
    assert_counts_kept_right()


def test_articles_deleted_with_the_admins_action(editor_client, cited):
    editor_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "delete_selected", "_selected_action": [cited["sure"].pk], "post": "yes"},
    )
    assert not Article.objects.filter(pk=cited["sure"].pk).exists()
    assert counts_of(cited["kite5"]) == (0, 1)


def test_deleting_one_in_the_admin_recounts_once_not_once_a_citation(editor_client):
    kept, dropped = make_incident(), make_incident()
    articles = [make_article() for _ in range(3)]
    for article in articles:
        make_citation(incident=kept, article=article)
        make_citation(incident=dropped, article=article)
    for page in [
        reverse("admin:articles_article_delete", args=[articles[0].pk]),
        reverse("admin:incidents_incident_delete", args=[dropped.pk]),
    ]:
        with CaptureQueriesContext(connection) as queries:
            response = editor_client.post(page, {"post": "yes"})
        assert response.status_code == 302
        recounts = [q for q in queries if 'SET "reported_by_count"' in q["sql"]]
        assert len(recounts) == 1
    assert counts_of(kept) == (2, 0)
    assert_counts_kept_right()


def test_a_new_incident_made_on_the_desk_counts_its_passage(cited):
    from tests.factories import make_mission

    incident = review.new_incident_from_article(
        article=cited["sure"], mission=make_mission(name="Kite 9"), start=38, end=50
    )
    assert counts_of(incident) == (1, 0)


def test_an_incident_saved_from_an_older_copy_keeps_its_counts(cited):
    copy = Incident.objects.get(pk=cited["kite7"].pk)
    make_citation(incident=cited["kite7"], article=make_article())
    copy.title = "Kite 7 lost in flight"
    copy.save()
    assert counts_of(cited["kite7"]) == (2, 0)
    assert Incident.objects.get(pk=copy.pk).title == "Kite 7 lost in flight"


def test_an_incident_whose_row_went_meanwhile_is_saved_again_as_django_does(cited):
    incident = cited["kite7"]
    Incident.objects.filter(pk=incident.pk).delete()
    incident.save()  # an UPDATE that finds no row, then an INSERT
    assert Incident.objects.filter(pk=incident.pk).exists()


def test_a_deleted_incident_put_back_from_its_history(editor_client):
    incident = make_incident(title="Cargo ship lost")
    version = incident.history.latest().history_id
    data = change_form_data(incident)
    Incident.objects.filter(pk=incident.pk).delete()
    response = editor_client.post(
        f"/admin/incidents/incident/{incident.pk}/history/{version}/", data
    )
    assert response.status_code == 302
    assert Incident.objects.get(pk=incident.pk).title == "Cargo ship lost"


def test_recount_sources_puts_wrong_counts_right_and_says_how_many(cited):
    Incident.objects.filter(pk=cited["kite7"].pk).update(reported_by_count=9)
    Incident.objects.filter(pk=cited["kite5"].pk).update(mentioned_by_count=0)
    out = io.StringIO()
    call_command("recount_sources", stdout=out)
    assert out.getvalue() == "Recounted the sources of 2 incidents: 2 had other counts.\n"
    assert counts_of(cited["kite7"]) == (1, 0) and counts_of(cited["kite5"]) == (1, 1)
    call_command("recount_sources", stdout=out)
    assert out.getvalue().endswith(": 0 had other counts.\n")


@pytest.mark.django_db(transaction=True)
def test_two_transactions_citing_one_incident_at_once_count_both():
    """The second to recount waits for the first to commit and counts its citation too,
    rather than write a count made before it could see it (PostgreSQL: SQLite lets one
    transaction write at a time)."""
    if connection.vendor != "postgresql":
        pytest.skip("two transactions writing at once: PostgreSQL")
    incident = make_incident()
    first_article, second_article = make_article(), make_article()

    def cite_in_another_transaction():
        try:
            with transaction.atomic():
                make_citation(incident=incident, article=second_article)
        finally:
            connection.close()

    second = threading.Thread(target=cite_in_another_transaction)
    with transaction.atomic():
        make_citation(incident=incident, article=first_article)  # recounted: 1, row locked
        second.start()
        wait_for_a_session_waiting_on_a_lock()
    second.join()
    assert counts_of(incident) == (2, 0)
    wait_for_other_sessions_to_end()


@pytest.mark.django_db(transaction=True)
def test_the_desk_waits_for_the_incidents_admin_form_rather_than_deadlock():
    """The incident's admin form locks the incident, then its citations' rows; the desk's
    change of a citation rewrites the incident's counts, so it locks the incident first too
    (PostgreSQL: SQLite lets one transaction write at a time)."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks of two transactions at once: PostgreSQL")
    incident = make_incident()
    citation = make_citation(incident=incident, article=make_article(), confidence=0.5)
    version = fingerprint(citation)
    errors: list[BaseException] = []

    def confirm_on_the_desk():
        try:
            review.confirm_citation(citation_id=citation.pk, version=version)
        except BaseException as error:  # noqa: BLE001 - reported by the assert below
            errors.append(error)
        finally:
            connection.close()

    desk = threading.Thread(target=confirm_on_the_desk)
    with transaction.atomic():  # the admin form's clean, then its inline's rows
        Incident.objects.select_for_update().get(pk=incident.pk)
        desk.start()
        wait_for_a_session_waiting_on_a_lock()
        Citation.objects.select_for_update().get(pk=citation.pk)
    desk.join()
    assert errors == []
    assert Citation.objects.get(pk=citation.pk).confidence == 1.0
    wait_for_other_sessions_to_end()


def wait_for_a_session_waiting_on_a_lock() -> None:
    waiting = "SELECT count(*) FROM pg_locks WHERE NOT granted"  # read live, unlike the stats
    with connection.cursor() as cursor:
        for _ in range(200):
            cursor.execute(waiting)
            if cursor.fetchone()[0]:
                return
            time.sleep(0.05)
    raise AssertionError("the other transaction never waited for the incident's row")


class TestImportsAndCatalogReloads(GcatTestCase):
    """The real seeds imported over the real catalog, fetched again, and the catalog reloaded."""

    @classmethod
    def setUpTestData(cls):
        import_files(files_from_paths([settings.SEEDS_DIR]), source=ImportRun.Source.COMMAND)

    def test_the_seeds_import_counts_what_they_cite(self):
        kept = assert_counts_kept_right()
        progress = Incident.objects.get(mission__launch_tag="2016-F02")
        assert kept[progress.pk][0] == 4  # Progress MS-04: four reports (the seeds' test)
        assert sum(sources + mentions for sources, mentions in kept.values()) > 4

    def test_an_article_fetched_again_counts_its_new_links(self):
        article = Article.objects.get(filename__startswith="001")
        other = Article.objects.get(filename__startswith="002")
        replace_text(article, process_bytes(other.raw_text.encode() + b"\n\nMore follows."))
        assert_counts_kept_right()

    def test_a_catalog_reload_leaves_the_counts_right(self):
        load_catalog(settings.CATALOG_DIR)
        assert_counts_kept_right()
