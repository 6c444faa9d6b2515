"""An editor pastes three addresses of news pages in the admin; the worker fetches them from a
server on 127.0.0.1; the progress page shows three articles, each linked to its incident."""

import pytest
from playwright.sync_api import expect

from articles.models import Article
from tests.articles.web.samples import news_page
from tests.browser.conftest import log_in
from tests.worker import run_queued_tasks

pytestmark = pytest.mark.django_db(transaction=True)

REPORTS = [
    (
        "Cargo ship lost over Siberia",
        "A Soyuz-U rocket carrying the Progress MS-04 cargo ship failed on 1 December 2016 "
        "shortly after its launch from Baikonur.",
    ),
    (
        "Station supplies lost",
        "Roscosmos said the Progress MS-04 launch failure was caused by a fault in the third "
        "stage of the Soyuz-U rocket on 1 December 2016.",
    ),
    (
        "Debris of the cargo ship found",
        "Debris of the Progress MS-04 spacecraft fell in a remote area after the Soyuz-U "
        "rocket failed on 1 December 2016, officials said.",
    ),
]


def test_an_editor_pastes_three_addresses_and_sees_three_linked_articles(
    page, site, editor, world, local_site
):
    addresses = [
        local_site.page(
            f"/news/{n}",
            news_page(headline=headline, paragraphs=(text,), canonical=None, site="Pad News"),
        )
        for n, (headline, text) in enumerate(REPORTS)
    ]
    log_in(page, site, editor)
    page.get_by_role("link", name="Articles", exact=True).first.click()
    page.get_by_role("link", name="Import from web addresses").click()
    page.get_by_label("Web addresses").fill("\n".join(addresses))
    page.get_by_role("button", name="Import").click()

    expect(page.locator(".messagelist .success")).to_contain_text("3 addresses queued for import")
    expect(page.locator("#import-state")).to_contain_text("Waiting for a worker")
    assert run_queued_tasks() == 1
    page.reload()
    expect(page.locator("#import-state")).to_contain_text("Finished")
    rows = page.locator("#import-results tbody tr")
    expect(rows).to_have_count(3)
    for index, (headline, _) in enumerate(REPORTS):
        row = rows.nth(index)
        expect(row).to_contain_text(addresses[index])
        expect(row).to_contain_text("Created")
        expect(row).to_contain_text(headline)
        expect(row).to_contain_text("Cites: Progress MS-04 launch failure")
    assert Article.objects.filter(url__in=addresses).count() == 3
