"""What an editor does in the admin in a real browser: upload a seed article, watch the import,
review what it linked; and the edit pages fit a 1280 px window."""

import re

import pytest
from playwright.sync_api import expect

from articles.models import Article, Fact, ImportRun, Mention
from tests.browser.conftest import log_in
from tests.browser.world import seed_file, soyuz_launch_site_and_agency
from tests.factories import make_article, make_citation, make_incident, make_mention
from tests.worker import run_queued_tasks

pytestmark = pytest.mark.django_db(transaction=True)

WINDOW = 1280


def test_an_editor_imports_a_seed_and_marks_it_reviewed(page, site, editor):
    # No launch in this world matches the seed's failure report: it waits for a review.
    soyuz_launch_site_and_agency()
    log_in(page, site, editor)
    page.get_by_role("link", name="Articles", exact=True).first.click()
    page.get_by_role("link", name="Import articles").click()
    page.set_input_files("#id_files", seed_file())
    page.get_by_role("button", name="Import").click()

    expect(page.locator(".messagelist .success")).to_contain_text("1 file queued for import")
    expect(page.locator("#import-state")).to_contain_text("Waiting for a worker")
    assert run_queued_tasks() == 1
    page.reload()
    expect(page.locator("#import-state")).to_contain_text("Finished")
    row = page.locator("#import-results tbody tr")
    expect(row).to_contain_text(seed_file().name)
    expect(row).to_contain_text("Created")
    expect(row).to_contain_text("needs review")

    row.locator('a[href*="/admin/articles/article/"]').click()
    # (The seed has no headline line: it was given a short title, which is a reason too.)
    expect(page.locator("#id_review_reason")).to_have_value(
        re.compile(r"; reports a failure, but no launch could be identified$")
    )
    page.uncheck("#id_needs_review")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist .success")).to_contain_text("was changed successfully")
    article = Article.objects.get()
    assert not article.needs_review
    assert article.import_run.source == ImportRun.Source.ADMIN
    assert article.import_run.started_by == editor


def a_wide_incident_and_article():
    """What made the edit pages wide: long titles and addresses, long quotes, many facts,
    citations and mentions."""
    long_word = "x" * 400
    incident = make_incident(title="Progress MS-04 launch failure")
    article = make_article(
        title="A Russian spacecraft carrying 2.6 tons of food, fuel and supplies " * 4,
        url=f"https://news.example/{long_word}",
        body=f"{'The third stage failed. ' * 40}{long_word} and more text after it.",
        needs_review=True,
        review_reason=f"low confidence: {long_word}",
    )
    for n in range(12):
        other = make_article(title=f"Report {n} on the loss of the cargo ship " * 5)
        citation = make_citation(incident=incident, article=other, confidence=0.5)
        Fact.objects.create(
            incident=incident,
            citation=citation,
            kind=Fact.Kind.ALTITUDE,
            value=f"about {190 + n} km",
            si_value=190_000.0 + n,
            si_low=185_000.0,
            si_high=195_000.0,
            said_by="Roscosmos officials in an update to the press",
        )
        make_citation(incident=incident, article=article, start=24 * n, end=24 * n + 23)
        make_mention(
            article=article,
            kind=Mention.Kind.VEHICLE,
            start=24 * n,
            end=24 * n + 23,
            text=long_word[:200],  # (the column's length)
            confidence=0.4,
        )
    return incident, article


def test_the_edit_pages_fit_a_1280_px_window(page, site, editor):
    incident, article = a_wide_incident_and_article()
    log_in(page, site, editor)
    for url in [
        f"/admin/incidents/incident/{incident.pk}/change/",
        f"/admin/articles/article/{article.pk}/change/",
    ]:
        page.goto(f"{site}{url}")
        expect(page.locator("#content-main")).to_be_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= WINDOW, f"{url} is {width} px wide"
