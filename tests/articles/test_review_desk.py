"""The editors' review: the admin home's links, the queue, and the desk with its actions, used
through the real admin as an editor would (test client, logged in)."""

import datetime
import html as html_module
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article, Citation, Fact
from incidents.models import Incident
from tests.factories import (
    make_article,
    make_citation,
    make_incident,
    make_mention,
    make_mission,
    make_user,
)

pytestmark = pytest.mark.django_db

BODY = (
    "The Kite 7 rocket failed 383 seconds after launch. "
    "Its third stage stopped early, Zephyrcorp said. "
    "A Kite 5 had also failed in 2014. "
    "Officials will <b>investigate</b> & report."
)


def span_of(sentence: str) -> tuple[int, int]:
    return BODY.index(sentence), BODY.index(sentence) + len(sentence)


FIRST = span_of("The Kite 7 rocket failed 383 seconds after launch.")
SECOND = span_of("Its third stage stopped early, Zephyrcorp said.")
THIRD = span_of("A Kite 5 had also failed in 2014.")

QUEUE = "/admin/articles/article/review/"


def desk_url(article) -> str:
    return reverse("admin:articles_article_review", args=[article.pk])


@pytest.fixture
def desk(db):
    """An article the importer was unsure of: it reports Kite 7's loss (low confidence) with
    a fact, and mentions Kite 5 in passing."""
    kite7 = make_incident(title="Kite 7 lost", slug="kite-7-lost", published=True)
    kite5 = make_incident(title="Kite 5 lost", slug="kite-5-lost", published=True)
    article = make_article(
        title="Kite 7 lost <i>again</i>",
        body=BODY,
        needs_review=True,
        review_reason="linked to Kite 7 with confidence 0.50 (name); the text is very long: x",
    )
    main = make_citation(
        incident=kite7, article=article, start=FIRST[0], end=FIRST[1], confidence=0.5
    )
    fact_passage = make_citation(
        incident=kite7,
        article=article,
        start=SECOND[0],
        end=SECOND[1],
        supports=Citation.Supports.FACT,
        confidence=0.5,
    )
    passing = make_citation(
        incident=kite5,
        article=article,
        start=THIRD[0],
        end=THIRD[1],
        supports=Citation.Supports.CONTEXT,
        confidence=0.9,
    )
    fact = Fact.objects.create(
        incident=kite7,
        citation=fact_passage,
        kind=Fact.Kind.FAILED_STAGE,
        value="third stage",
    )
    return {
        "article": article,
        "kite7": kite7,
        "kite5": kite5,
        "main": main,
        "fact_passage": fact_passage,
        "passing": passing,
        "fact": fact,
    }


def page_form(response, action: str, **match) -> dict:
    """The fields of the desk's form for `action` (the one whose hidden fields match)."""
    html = response.content.decode()
    for form in re.findall(r"<form method=\"post\"[^>]*>(.*?)</form>", html, re.S):
        fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))
        if fields.get("action") == action and all(
            fields.get(k) == str(v) for k, v in match.items()
        ):
            return fields
    raise AssertionError(f"no {action} form matching {match}")


def act(client, article, action: str, follow=True, extra=None, **match) -> object:
    """Post the desk's form for `action`, as the page gives it, plus `extra` fields."""
    fields = page_form(client.get(desk_url(article)), action, **match)
    return client.post(desk_url(article), {**fields, **(extra or {})}, follow=follow)


def public_incident_quotes(incident) -> list[str]:
    """The passages the incident's public page cites for what happened."""
    return [c.quote for c in Client().get(incident.get_absolute_url()).context["citations"]]


def shown_on_the_article_page(article) -> set[int]:
    page = Client().get(article.get_absolute_url())
    return {c.pk for c in page.context["citations"]}


class TestTheAdminHome:
    def test_shows_the_import_and_the_queue_with_its_count_at_the_top(self, editor_client, desk):
        make_article(needs_review=True)
        make_article(needs_review=False)
        html = editor_client.get("/admin/").content.decode()
        links = html[html.index('class="editor-home-links"') : html.index('id="content-main"')]
        assert '<a href="/admin/articles/article/import/">Import articles</a>' in links
        assert f'<a href="{QUEUE}">Review queue (2)</a>' in links
        web = '<a href="/admin/articles/article/import/web/">Import from web addresses</a>'
        assert web in links

    def test_a_user_outside_the_group_sees_no_links(self, client):
        client.force_login(make_user(is_staff=True))
        assert "editor-home-links" not in client.get("/admin/").content.decode()


class TestTheQueue:
    def test_lists_drafts_first_then_low_confidence_then_newest(self, editor_client):
        draft = make_incident(title="Draft", slug="draft", published=False)
        published = make_incident(title="Published", slug="published")
        sure_old = make_article(title="Sure, older", needs_review=True, review_reason="x")
        sure_new = make_article(title="Sure, newer", needs_review=True, review_reason="x")
        unsure = make_article(title="Unsure", needs_review=True, review_reason="x")
        cites_draft = make_article(title="Cites a draft", needs_review=True, review_reason="x")
        make_article(title="Reviewed", needs_review=False)
        make_citation(incident=published, article=unsure, confidence=0.4)
        make_citation(incident=published, article=sure_old, confidence=0.9)
        make_citation(incident=published, article=sure_new, confidence=0.9)
        make_citation(incident=draft, article=cites_draft, confidence=0.95)
        Article.objects.filter(pk=sure_old.pk).update(
            created_at=sure_new.created_at - datetime.timedelta(days=1)
        )

        response = editor_client.get(QUEUE)

        titles = [row["article"].title for row in response.context["rows"]]
        assert titles == ["Cites a draft", "Unsure", "Sure, newer", "Sure, older"]

    def test_counts_the_articles_by_reason(self, editor_client):
        make_article(needs_review=True, review_reason="created the draft incident “A”")
        make_article(
            needs_review=True,
            review_reason="cites the draft incident “B”; linked to B with confidence 0.40 (x)",
        )
        make_article(
            needs_review=True, review_reason="reports a failure, but no launch could be identified"
        )
        html = editor_client.get(QUEUE).content.decode()
        assert "<li>A draft incident: 2</li>" in html
        assert "<li>A link with low confidence: 1</li>" in html
        assert "<li>No launch identified: 1</li>" in html

    def test_links_each_article_to_its_desk(self, editor_client, desk):
        html = editor_client.get(QUEUE).content.decode()
        assert f'href="{desk_url(desk["article"])}"' in html
        assert "Kite 7 lost &lt;i&gt;again&lt;/i&gt;" in html

    def test_runs_a_fixed_number_of_queries(self, editor_client):
        incident = make_incident()
        for _ in range(3):
            make_citation(incident=incident, article=make_article(needs_review=True))
        editor_client.get(QUEUE)
        with CaptureQueriesContext(connection) as few:
            editor_client.get(QUEUE)
        for _ in range(10):
            make_citation(incident=incident, article=make_article(needs_review=True))
        with CaptureQueriesContext(connection) as many:
            editor_client.get(QUEUE)
        assert len(many) == len(few)

    def test_says_when_nothing_waits(self, editor_client):
        assert "No article waits for a review" in editor_client.get(QUEUE).content.decode()

    def test_a_staff_member_outside_the_group_is_refused(self, client, desk):
        client.force_login(make_user(is_staff=True))
        assert client.get(QUEUE).status_code == 403
        assert client.get(desk_url(desk["article"])).status_code == 403

    def test_a_visitor_is_sent_to_log_in(self, client, desk):
        assert client.get(QUEUE).status_code == 302
        assert client.get(desk_url(desk["article"])).status_code == 302


class TestTheDeskPage:
    def test_marks_every_cited_passage_coloured_by_what_it_supports(self, editor_client, desk):
        html = editor_client.get(desk_url(desk["article"])).content.decode()
        text = html[
            html.index('id="desk-text"') : html.index("</div>", html.index('id="desk-text"'))
        ]
        marks = re.findall(r'<mark class="passage ([^"]+)"[^>]*data-citations="(\d+)"', text)
        assert marks == [
            ("supports-incident", str(desk["main"].pk)),
            ("supports-fact", str(desk["fact_passage"].pk)),
            ("supports-context", str(desk["passing"].pk)),
        ]

    def test_text_we_did_not_write_is_escaped(self, editor_client, desk):
        html = editor_client.get(desk_url(desk["article"])).content.decode()
        assert "Officials will &lt;b&gt;investigate&lt;/b&gt; &amp; report." in html
        assert "<b>investigate</b>" not in html and "<i>again</i>" not in html

    def test_the_text_keeps_its_offsets(self, editor_client, desk):
        """The desk's script counts characters of the text to draw a passage."""
        html = editor_client.get(desk_url(desk["article"])).content.decode()
        start = html.index(">", html.index('id="desk-text"')) + 1
        inner = html[start : html.index("</div>", start)]
        assert html_module.unescape(re.sub(r"<[^>]+>", "", inner)) == BODY

    def test_shows_the_incidents_with_confidence_reasons_and_facts(self, editor_client, desk):
        html = editor_client.get(desk_url(desk["article"])).content.decode()
        assert "Kite 7 lost" in html and "Kite 5 lost" in html
        assert "Confidence: unsure (50%): hidden from the public until reviewed" in html
        assert "Confidence: sure (90%)" in html
        assert "<li>linked to Kite 7 with confidence 0.50 (name)</li>" in html
        assert "Failed stage: <strong>third stage</strong>" in html

    def test_is_linked_from_the_change_page_and_the_list(self, editor_client, desk):
        url = desk_url(desk["article"])
        change = reverse("admin:articles_article_change", args=[desk["article"].pk])
        assert f'href="{url}"' in editor_client.get(change).content.decode()
        assert f'href="{url}"' in editor_client.get("/admin/articles/article/").content.decode()

    def test_runs_a_fixed_number_of_queries(self, editor_client, desk):
        article = desk["article"]
        editor_client.get(desk_url(article))
        with CaptureQueriesContext(connection) as few:
            editor_client.get(desk_url(article))
        for start in range(0, 40, 4):
            citation = make_citation(
                incident=make_incident(), article=article, start=start, end=start + 3
            )
            Fact.objects.create(
                incident=citation.incident, citation=citation, kind="cause", value=f"v{start}"
            )
        with CaptureQueriesContext(connection) as many:
            editor_client.get(desk_url(article))
        assert len(many) == len(few), [q["sql"] for q in many.captured_queries]

    def test_an_unknown_article_is_404(self, editor_client):
        assert editor_client.get("/admin/articles/article/999999/review/").status_code == 404


class TestCitationActions:
    def test_confirm_shows_the_passage_on_the_public_pages_at_once(self, editor_client, desk):
        article, main = desk["article"], desk["main"]
        assert main.pk not in shown_on_the_article_page(article)
        assert public_incident_quotes(desk["kite7"]) == []

        response = act(editor_client, article, "confirm", citation=main.pk)

        assert "Citation confirmed." in response.content.decode()
        main.refresh_from_db()
        assert main.confidence == 1.0
        assert main.pk in shown_on_the_article_page(article)
        assert public_incident_quotes(desk["kite7"]) == [main.quote]
        assert main.history.latest().history_change_reason == "Confirmed on the review desk"
        assert main.history.latest().history_user.groups.filter(name="Editors").exists()

    def test_reject_removes_the_link_and_keeps_it_in_the_history(self, editor_client, desk):
        passing = desk["passing"]
        assert passing.pk in shown_on_the_article_page(desk["article"])

        act(editor_client, desk["article"], "reject", citation=passing.pk)

        assert not Citation.objects.filter(pk=passing.pk).exists()
        assert passing.pk not in shown_on_the_article_page(desk["article"])
        deleted = Citation.history.filter(id=passing.pk).latest()
        assert deleted.history_type == "-"

    def test_move_to_an_incident_chosen_by_name(self, editor_client, desk):
        other = make_incident(title="Heron 2 lost", slug="heron-2-lost")
        article, passing = desk["article"], desk["passing"]

        shown = act(editor_client, article, "move", citation=passing.pk, extra={"q": "Heron"})
        assert shown.status_code == 200
        assert "Incident: Heron 2 lost" in shown.content.decode()

        moved = act(
            editor_client,
            article,
            "move",
            citation=passing.pk,
            extra={"target": f"incident:{other.pk}"},
        )
        assert "Citation moved to “Heron 2 lost”." in moved.content.decode()
        passing.refresh_from_db()
        assert (passing.incident, passing.confidence) == (other, 1.0)

    def test_move_to_a_mission_without_an_incident_makes_a_draft(self, editor_client, desk):
        mission = make_mission(name="Heron 3", launch_tag="2016-077A")
        article, main = desk["article"], desk["main"]
        shown = act(editor_client, article, "move", citation=main.pk, extra={"q": "2016-077A"})
        assert "Mission: Heron 3 (2016-077A" in shown.content.decode()

        act(
            editor_client,
            article,
            "move",
            citation=main.pk,
            extra={"target": f"mission:{mission.pk}"},
        )

        main.refresh_from_db()
        assert main.incident.mission == mission
        assert main.incident.status == Incident.Status.DRAFT
        desk["fact"].refresh_from_db()
        assert desk["fact"].incident == desk["kite7"]  # its passage did not move

    def test_facts_move_with_their_passage(self, editor_client, desk):
        other = make_incident(title="Heron 2 lost", slug="heron-2-lost")
        act(
            editor_client,
            desk["article"],
            "move",
            citation=desk["fact_passage"].pk,
            extra={"target": f"incident:{other.pk}"},
        )
        desk["fact"].refresh_from_db()
        assert desk["fact"].incident == other

    def test_targets_are_found_by_date_and_launch_tag(self, editor_client, desk):
        make_mission(name="Heron 3", launch_tag="2016-077A", launch_date=datetime.date(2016, 9, 1))
        url = reverse("admin:articles_article_review_targets", args=[desk["article"].pk])
        by_tag = editor_client.get(url, {"q": "2016-077"}).json()["results"]
        by_date = editor_client.get(url, {"q": "2016-09-01"}).json()["results"]
        assert [r["label"] for r in by_tag] == ["Mission: Heron 3 (2016-077A, 2016-09-01)"]
        assert [r["label"] for r in by_date] == ["Mission: Heron 3 (2016-077A, 2016-09-01)"]

    def test_before_typing_the_missions_the_article_names_most_are_suggested(
        self, editor_client, desk
    ):
        article, main = desk["article"], desk["main"]
        heron = make_mission(name="Heron 3", launch_tag="2016-077A")
        kite7 = make_mission(name="Kite 7", launch_tag="2016-070A")
        Incident.objects.filter(pk=desk["kite7"].pk).update(mission=kite7)
        for start in (0, 10):
            make_mention(article=article, kind="mission", mission=heron, start=start, end=start + 4)
        make_mention(article=article, kind="mission", mission=kite7, start=30, end=34)
        url = reverse("admin:articles_article_review_targets", args=[article.pk])

        found = editor_client.get(url, {"q": "", "citation": main.pk}).json()["results"]

        # Kite 7's incident is the one cited now; Heron 3 has none, and is named most.
        assert [r["key"] for r in found] == [f"mission:{heron.pk}"]
        found = editor_client.get(url, {"q": ""}).json()["results"]
        assert [r["label"] for r in found] == [
            "Incident: Kite 7 lost (2016-12-01, published; 2016-070A)",
            "Mission: Heron 3 (2016-077A, 2016-12-01)",
        ]

    def test_change_the_passage_by_picking_sentences(self, editor_client, desk):
        article, main = desk["article"], desk["main"]
        page = editor_client.get(desk_url(article), {"pick": main.pk})
        assert 'name="sentence" value="1" id="s-' in page.content.decode()
        fields = page_form(page, "passage", citation=main.pk)

        editor_client.post(desk_url(article), {**fields, "sentence": ["1", "2"]})

        main.refresh_from_db()
        assert (main.start, main.end) == (0, SECOND[1])
        assert main.quote == BODY[0 : SECOND[1]]

    def test_change_the_passage_by_selected_offsets(self, editor_client, desk):
        article, main = desk["article"], desk["main"]
        act(editor_client, article, "passage", citation=main.pk, extra={"start": "3", "end": "50"})
        main.refresh_from_db()
        assert (main.start, main.end, main.quote) == (4, 50, BODY[4:50])  # blanks trimmed

    def test_a_passage_outside_the_text_is_refused(self, editor_client, desk):
        response = act(
            editor_client,
            desk["article"],
            "passage",
            citation=desk["main"].pk,
            extra={"start": "10", "end": "99999"},
        )
        assert response.status_code == 400
        assert "must lie within the article text" in response.content.decode()


class TestFactActions:
    def test_confirm_and_reject(self, editor_client, desk):
        fact = desk["fact"]
        act(editor_client, desk["article"], "confirm_fact", fact=fact.pk)
        fact.refresh_from_db()
        assert fact.status == Fact.Status.CONFIRMED
        act(editor_client, desk["article"], "reject_fact", fact=fact.pk)
        fact.refresh_from_db()
        assert fact.status == Fact.Status.REJECTED
        assert [h.status for h in fact.history.order_by("history_date")] == [
            "proposed",
            "confirmed",
            "rejected",
        ]

    def test_correct_the_value(self, editor_client, desk):
        fact = desk["fact"]
        act(
            editor_client,
            desk["article"],
            "correct_fact",
            fact=fact.pk,
            extra={"value": "second stage", "si_value": ""},
        )
        fact.refresh_from_db()
        assert (fact.value, fact.status) == ("second stage", Fact.Status.CONFIRMED)

    def test_a_value_that_is_not_a_number_in_si_units_is_refused(self, editor_client, desk):
        response = act(
            editor_client,
            desk["article"],
            "correct_fact",
            fact=desk["fact"].pk,
            extra={"value": "383 s", "si_value": "soon"},
        )
        assert response.status_code == 400
        desk["fact"].refresh_from_db()
        assert desk["fact"].value == "third stage"


class TestConfirmAll:
    def test_confirms_every_link_and_marks_the_article_reviewed(self, editor_client, desk):
        article = desk["article"]
        response = act(editor_client, article, "confirm_all")
        assert "Every link of this article is confirmed" in response.content.decode()
        article.refresh_from_db()
        assert (article.needs_review, article.review_reason) == (False, "")
        assert set(article.citations.values_list("confidence", flat=True)) == {1.0}
        desk["fact"].refresh_from_db()
        assert desk["fact"].status == Fact.Status.CONFIRMED
        assert shown_on_the_article_page(article) == set(
            article.citations.values_list("pk", flat=True)
        )

    def test_and_open_the_next_article_goes_to_the_next_desk_in_one_post(self, editor_client, desk):
        article = desk["article"]
        later = make_article(title="A later one", needs_review=True, review_reason="x")
        response = act(editor_client, article, "confirm_all", follow=False, extra={"then": "next"})
        assert response.status_code == 302 and response["Location"] == desk_url(later)
        article.refresh_from_db()
        assert not article.needs_review

    def test_without_a_next_article_the_button_is_not_offered(self, editor_client, desk):
        html = editor_client.get(desk_url(desk["article"])).content.decode()
        assert 'id="confirm-all"' in html and 'id="confirm-all-next"' not in html

    def test_a_citation_added_meanwhile_stops_it(self, editor_client, desk):
        article = desk["article"]
        fields = page_form(editor_client.get(desk_url(article)), "confirm_all")
        make_citation(incident=desk["kite5"], article=article, start=0, end=10, confidence=0.3)
        response = editor_client.post(desk_url(article), fields)
        assert response.status_code == 409
        assert "added or removed after you opened the desk" in response.content.decode()
        article.refresh_from_db()
        assert article.needs_review


class TestAStaleDesk:
    """Two editors on the same desk: the second, stale action is refused and says who changed
    what; the first editor's change stays."""

    @pytest.fixture
    def two_editors(self, db):
        alice, bob = Client(), Client()
        alice.force_login(make_user(editor=True, username="alice"))
        bob.force_login(make_user(editor=True, username="bob"))
        return alice, bob

    def test_a_stale_confirm_does_not_undo_a_move(self, two_editors, desk):
        alice, bob = two_editors
        article, main = desk["article"], desk["main"]
        other = make_incident(title="Heron 2 lost", slug="heron-2-lost")
        bob_confirm = page_form(bob.get(desk_url(article)), "confirm", citation=main.pk)
        act(alice, article, "move", citation=main.pk, extra={"target": f"incident:{other.pk}"})

        refused = bob.post(desk_url(article), bob_confirm)

        assert refused.status_code == 409
        page = refused.content.decode()
        assert "was changed by alice" in page and "incident is now “Heron 2 lost”" in page
        main.refresh_from_db()
        assert main.incident == other

    def test_a_stale_fact_correction_does_not_undo_a_rejection(self, two_editors, desk):
        alice, bob = two_editors
        article, fact = desk["article"], desk["fact"]
        bob_form = page_form(bob.get(desk_url(article)), "correct_fact", fact=fact.pk)
        act(alice, article, "reject_fact", fact=fact.pk)

        refused = bob.post(desk_url(article), {**bob_form, "value": "second stage"})

        assert "status is now “Rejected by an editor”" in refused.content.decode()
        fact.refresh_from_db()
        assert (fact.status, fact.value) == (Fact.Status.REJECTED, "third stage")

    def test_a_stale_confirm_all_does_not_undo_a_rejected_fact(self, two_editors, desk):
        alice, bob = two_editors
        article, fact = desk["article"], desk["fact"]
        bob_form = page_form(bob.get(desk_url(article)), "confirm_all")
        act(alice, article, "reject_fact", fact=fact.pk)

        assert bob.post(desk_url(article), bob_form).status_code == 409
        fact.refresh_from_db()
        article.refresh_from_db()
        assert fact.status == Fact.Status.REJECTED and article.needs_review

    def test_an_action_on_a_citation_rejected_meanwhile_says_so(self, two_editors, desk):
        alice, bob = two_editors
        article, passing = desk["article"], desk["passing"]
        bob_form = page_form(bob.get(desk_url(article)), "confirm", citation=passing.pk)
        act(alice, article, "reject", citation=passing.pk)
        refused = bob.post(desk_url(article), bob_form)
        assert refused.status_code == 409
        assert "removed after you opened the desk" in refused.content.decode()

    def test_an_action_without_a_version_is_refused(self, editor_client, desk):
        fields = page_form(
            editor_client.get(desk_url(desk["article"])), "confirm", citation=desk["main"].pk
        )
        del fields["version"]
        assert editor_client.post(desk_url(desk["article"]), fields).status_code == 409
        desk["main"].refresh_from_db()
        assert desk["main"].confidence == 0.5


class TestANewIncidentFromTheArticle:
    def test_pick_the_mission_and_sentences_and_a_cited_draft_is_made(self, editor_client, desk):
        mission = make_mission(name="Heron 3", launch_tag="2016-077A")
        article = desk["article"]
        shown = act(editor_client, article, "new_incident", extra={"q": "Heron 3"})
        assert "Mission: Heron 3" in shown.content.decode()
        fields = page_form(shown, "new_incident")

        editor_client.post(
            desk_url(article),
            {**fields, "mission": f"mission:{mission.pk}", "sentence": ["3"]},
        )

        incident = Incident.objects.get(mission=mission)
        assert incident.status == Incident.Status.DRAFT
        (citation,) = incident.citations.all()
        assert (citation.article, citation.quote) == (article, BODY[THIRD[0] : THIRD[1]])
        assert incident.history.latest().history_change_reason == "Created on the review desk"

    def test_a_mission_that_has_an_incident_is_refused(self, editor_client, desk):
        mission = make_mission(name="Heron 3")
        make_incident(title="Heron 3 lost", slug="heron-3-lost", mission=mission)
        response = act(
            editor_client,
            desk["article"],
            "new_incident",
            extra={"mission": f"mission:{mission.pk}", "start": "0", "end": "20"},
        )
        assert response.status_code == 400
        assert "already has an incident" in response.content.decode()


class TestNextArticle:
    def test_the_desk_links_the_next_article_in_the_queue(self, editor_client, desk):
        later = make_article(title="Another report", needs_review=True)
        html = editor_client.get(desk_url(desk["article"])).content.decode()
        assert f'id="next-article" href="{desk_url(later)}"' in html

    def test_after_confirm_all_next_is_the_first_still_waiting(self, editor_client, desk):
        later = make_article(title="Another report", needs_review=True)
        response = act(editor_client, desk["article"], "confirm_all")
        assert f'id="next-article" href="{desk_url(later)}"' in response.content.decode()
