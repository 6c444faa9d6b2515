"""Two editors change the same fact or citation, on its own page or in the inlines under an
incident or an article: the second, stale save is refused with a message naming what changed,
and the first editor's change stays. A save that posts no version is refused too."""

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Citation, Fact, Mention
from incidents.models import Incident
from tests.admin_forms import change_form_data
from tests.factories import make_article, make_citation, make_incident, make_mention, make_user

BODY = "The stage failed 383 seconds into the flight. Zephyrcorp said the engine stopped."


@pytest.fixture
def two_editors(db):
    alice, bob = Client(), Client()
    alice.force_login(make_user(editor=True, username="alice"))
    bob.force_login(make_user(editor=True, username="bob"))
    return alice, bob


@pytest.fixture
def fact(db) -> Fact:
    incident = make_incident(title="Kite 7 lost", slug="kite-7-lost")
    article = make_article(title="Kite 7 lost in flight", body=BODY)
    citation = make_citation(incident=incident, article=article, start=0, end=45)
    return Fact.objects.create(
        incident=incident,
        citation=citation,
        kind=Fact.Kind.TIME_INTO_FLIGHT,
        value="383 seconds",
        si_value=383,
    )


def fact_url(fact) -> str:
    return reverse("admin:articles_fact_change", args=[fact.pk])


def citation_url(citation) -> str:
    return reverse("admin:articles_citation_change", args=[citation.pk])


def incident_url(incident) -> str:
    return reverse("admin:incidents_incident_change", args=[incident.pk])


def article_url(article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk])


def open_form(client, url) -> dict:
    return change_form_data(client.get(url))


def inline_prefix(data: dict, inline: str, pk: int) -> str:
    """`facts-0` for the row of record `pk` in the inline `facts` of a change form's data."""
    (key,) = [
        k
        for k, v in data.items()
        if k.startswith(f"{inline}-") and k.endswith("-id") and v == str(pk)
    ]
    return key.removesuffix("-id")


def refused(response) -> str:
    assert response.status_code == 200, "the stale save was not refused"
    page = response.content.decode()
    assert "Your changes were not saved" in page
    return page


class TestAFactsOwnPage:
    def test_a_stale_save_does_not_undo_another_editors_rejection(self, two_editors, fact):
        alice, bob = two_editors
        bob_form = open_form(bob, fact_url(fact)) | {"said_by": "Zephyrcorp"}
        alice_form = open_form(alice, fact_url(fact)) | {"status": Fact.Status.REJECTED}
        assert alice.post(fact_url(fact), alice_form).status_code == 302

        page = refused(bob.post(fact_url(fact), bob_form))

        assert "was changed by alice" in page
        assert "status is now “Rejected by an editor”" in page
        fact.refresh_from_db()
        assert (fact.status, fact.said_by) == (Fact.Status.REJECTED, "")

    def test_a_stale_value_does_not_undo_another_editors_confirmation(self, two_editors, fact):
        alice, bob = two_editors
        bob_form = open_form(bob, fact_url(fact)) | {"value": "382 seconds", "si_value": "382"}
        alice_form = open_form(alice, fact_url(fact)) | {"status": Fact.Status.CONFIRMED}
        assert alice.post(fact_url(fact), alice_form).status_code == 302

        page = refused(bob.post(fact_url(fact), bob_form))

        assert "status is now “Confirmed by an editor”" in page
        fact.refresh_from_db()
        assert (fact.status, fact.value) == (Fact.Status.CONFIRMED, "383 seconds")

    def test_a_rejection_by_the_list_action_is_named_too(self, two_editors, fact):
        alice, bob = two_editors
        bob_form = open_form(bob, fact_url(fact)) | {"value": "382 seconds"}
        alice.post(
            reverse("admin:articles_fact_changelist"),
            {"action": "reject", "_selected_action": [fact.pk]},
        )

        page = refused(bob.post(fact_url(fact), bob_form))

        assert "was changed by alice" in page and "status is now" in page
        fact.refresh_from_db()
        assert (fact.status, fact.value) == (Fact.Status.REJECTED, "383 seconds")

    def test_after_a_reload_the_second_editor_saves(self, two_editors, fact):
        alice, bob = two_editors
        alice_form = open_form(alice, fact_url(fact)) | {"status": Fact.Status.CONFIRMED}
        assert alice.post(fact_url(fact), alice_form).status_code == 302
        bob_form = open_form(bob, fact_url(fact)) | {"value": "382 seconds"}
        assert bob.post(fact_url(fact), bob_form).status_code == 302
        fact.refresh_from_db()
        assert (fact.status, fact.value) == (Fact.Status.CONFIRMED, "382 seconds")


class TestACitationsOwnPage:
    def test_a_stale_save_does_not_undo_another_editors_change(self, two_editors, fact):
        alice, bob = two_editors
        citation = fact.citation
        url = citation_url(citation)
        bob_form = open_form(bob, url) | {"confidence": "1.0"}
        alice_form = open_form(alice, url) | {"supports": Citation.Supports.CONTEXT}
        assert alice.post(url, alice_form).status_code == 302

        page = refused(bob.post(url, bob_form))

        assert "was changed by alice" in page
        assert "supports is now “Mentioned in passing”" in page
        citation.refresh_from_db()
        assert citation.supports == Citation.Supports.CONTEXT

    def test_a_stale_passage_does_not_undo_a_new_one(self, two_editors, fact):
        alice, bob = two_editors
        citation = fact.citation
        url = citation_url(citation)
        bob_form = open_form(bob, url) | {"supports": Citation.Supports.CONTEXT}
        alice_form = open_form(alice, url) | {"start": "46", "end": "81", "quote": BODY[46:81]}
        assert alice.post(url, alice_form).status_code == 302

        page = refused(bob.post(url, bob_form))

        assert "start is now “46”" in page and "end is now “81”" in page
        citation.refresh_from_db()
        assert (citation.start, citation.supports) == (46, Citation.Supports.INCIDENT)


class TestTheInlinesUnderAnIncident:
    def test_a_stale_fact_row_does_not_undo_a_rejection(self, two_editors, fact):
        alice, bob = two_editors
        url = incident_url(fact.incident)
        bob_form = open_form(bob, url) | {"summary": "The second stage failed."}
        alice_form = open_form(alice, url)
        alice_form[f"{inline_prefix(alice_form, 'facts', fact.pk)}-status"] = "rejected"
        assert alice.post(url, alice_form).status_code == 302

        page = refused(bob.post(url, bob_form))

        assert "This fact (Time into flight: 383 seconds) was changed by alice" in page
        fact.refresh_from_db()
        assert fact.status == Fact.Status.REJECTED
        assert Incident.objects.get(pk=fact.incident_id).summary == ""

    def test_a_stale_fact_value_does_not_undo_a_confirmation(self, two_editors, fact):
        alice, bob = two_editors
        url = incident_url(fact.incident)
        bob_form = open_form(bob, url)
        bob_form[f"{inline_prefix(bob_form, 'facts', fact.pk)}-value"] = "382 seconds"
        assert (
            alice.post(
                fact_url(fact), open_form(alice, fact_url(fact)) | {"status": Fact.Status.CONFIRMED}
            ).status_code
            == 302
        )

        refused(bob.post(url, bob_form))

        fact.refresh_from_db()
        assert (fact.status, fact.value) == (Fact.Status.CONFIRMED, "383 seconds")

    def test_a_stale_citation_row_does_not_undo_a_change(self, two_editors, fact):
        alice, bob = two_editors
        citation = fact.citation
        url = incident_url(fact.incident)
        bob_form = open_form(bob, url)
        bob_form[f"{inline_prefix(bob_form, 'citations', citation.pk)}-confidence"] = "0.9"
        alice_form = open_form(alice, citation_url(citation)) | {"supports": "context"}
        assert alice.post(citation_url(citation), alice_form).status_code == 302

        page = refused(bob.post(url, bob_form))

        assert "supports is now “Mentioned in passing”" in page
        citation.refresh_from_db()
        assert (citation.supports, citation.confidence) == ("context", 1.0)

    def test_rows_nobody_else_changed_save_as_before(self, two_editors, fact):
        alice, _ = two_editors
        url = incident_url(fact.incident)
        form = open_form(alice, url)
        form[f"{inline_prefix(form, 'facts', fact.pk)}-status"] = "confirmed"
        form[f"{inline_prefix(form, 'citations', fact.citation_id)}-confidence"] = "0.9"
        assert alice.post(url, form).status_code == 302
        fact.refresh_from_db()
        fact.citation.refresh_from_db()
        assert (fact.status, fact.citation.confidence) == ("confirmed", 0.9)


class TestTheCitationInlineUnderAnArticle:
    def test_a_stale_citation_row_does_not_undo_a_change(self, two_editors, fact):
        alice, bob = two_editors
        citation = fact.citation
        url = article_url(citation.article)
        bob_form = open_form(bob, url)
        bob_form[f"{inline_prefix(bob_form, 'citations', citation.pk)}-supports"] = "fact"
        alice_form = open_form(alice, url)
        alice_form[f"{inline_prefix(alice_form, 'citations', citation.pk)}-supports"] = "context"
        assert alice.post(url, alice_form).status_code == 302

        page = refused(bob.post(url, bob_form))

        assert "was changed by alice" in page
        citation.refresh_from_db()
        assert citation.supports == Citation.Supports.CONTEXT


class TestASaveWithoutTheVersion:
    """An old page or a hand-made request: nothing says the form was made from the record as
    it is, so it is refused rather than allowed to undo someone's change."""

    @pytest.mark.parametrize("page", ["fact", "citation", "incident", "article"])
    def test_is_refused_on_a_records_own_page(self, two_editors, fact, page):
        alice, _ = two_editors
        url = {
            "fact": fact_url(fact),
            "citation": citation_url(fact.citation),
            "incident": incident_url(fact.incident),
            "article": article_url(fact.citation.article),
        }[page]
        form = open_form(alice, url)
        del form["version"]

        response = alice.post(url, form)

        assert response.status_code == 200
        assert "did not say which version" in response.content.decode()

    def test_is_refused_in_an_inline_row(self, two_editors, fact):
        alice, _ = two_editors
        url = incident_url(fact.incident)
        form = open_form(alice, url)
        row = inline_prefix(form, "facts", fact.pk)
        form[f"{row}-status"] = "rejected"
        del form[f"{row}-version"]

        response = alice.post(url, form)

        assert "did not say which version of the fact" in response.content.decode()
        fact.refresh_from_db()
        assert fact.status == Fact.Status.PROPOSED

    def test_a_new_inline_row_needs_none(self, two_editors, fact):
        alice, _ = two_editors
        url = incident_url(fact.incident)
        form = open_form(alice, url)
        form |= {
            "facts-TOTAL_FORMS": "2",
            "facts-1-kind": "cause",
            "facts-1-value": "an engine stopped",
            "facts-1-status": "confirmed",
            "facts-1-citation": str(fact.citation_id),
            "facts-1-incident": str(fact.incident_id),
        }
        assert alice.post(url, form).status_code == 302
        assert fact.incident.facts.filter(value="an engine stopped").exists()


class TestTheMentionInlineUnderAnArticle:
    def test_a_row_relinked_meanwhile_is_not_confirmed_unseen(self, two_editors, fact):
        """The importer linked the mention again (a page fetched again) after the editor
        opened the article: confirming what they saw must not confirm what it is now."""
        _, bob = two_editors
        article = fact.citation.article
        mention = make_mention(article=article, confidence=0.5)
        url = article_url(article)
        bob_form = open_form(bob, url)
        bob_form[f"{inline_prefix(bob_form, 'mentions', mention.pk)}-confirmed"] = "on"
        Mention.objects.filter(pk=mention.pk).update(confidence=0.2)

        page = refused(bob.post(url, bob_form))

        assert "confidence is now" in page
        mention.refresh_from_db()
        assert (mention.confirmed, mention.confidence) == (False, 0.2)

    def test_a_row_nobody_else_changed_saves(self, two_editors, fact):
        alice, _ = two_editors
        article = fact.citation.article
        mention = make_mention(article=article)
        url = article_url(article)
        form = open_form(alice, url)
        form[f"{inline_prefix(form, 'mentions', mention.pk)}-confirmed"] = "on"
        assert alice.post(url, form).status_code == 302
        mention.refresh_from_db()
        assert mention.confirmed
