"""What a reader does in a real browser: browse, filter, search, follow a citation to its
passage, use the keyboard, read on a phone, print, and read in dark mode."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.world import DEEP_PASSAGE, PUBLIC_RECORD

pytestmark = pytest.mark.django_db(transaction=True)
LOGO_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16">'
    '<rect width="16" height="16"/></svg>'
)


def listed_titles(page) -> list[str]:
    return page.locator("ol.incident-list > li > a.title").all_inner_texts()


def in_viewport(page, selector: str) -> bool:
    return page.eval_on_selector(
        selector,
        "e => { const r = e.getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= window.innerHeight; }",
    )


def test_browse_from_the_home_page_to_an_incident(page, site, world):
    page.goto(site)
    expect(page.locator("h1")).to_have_text("Spaceflight incidents, every statement cited")
    page.get_by_role("link", name="All incidents →").click()
    expect(page).to_have_url(f"{site}/incidents/")
    assert listed_titles(page) == ["Progress MS-04 launch failure", "Orb-3 launch failure"]
    row = page.locator("ol.incident-list > li", has_text="Progress MS-04 launch failure")
    expect(row.locator(".sources")).to_have_text("2 sources")
    row.get_by_role("link", name="Progress MS-04 launch failure").click()
    expect(page).to_have_url(f"{site}/incidents/progress-ms-04-launch-failure/")
    expect(page.locator("h1")).to_have_text("Progress MS-04 launch failure")
    expect(page.locator("section.citations li")).to_have_count(2)


def test_filter_the_list_by_vehicle_family(page, site, world):
    page.goto(f"{site}/incidents/")
    assert len(listed_titles(page)) == 2
    page.select_option("select[name=family]", label="Soyuz")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url(re.compile(r"/incidents/\?.*family=soyuz"))
    assert listed_titles(page) == ["Progress MS-04 launch failure"]
    expect(page.locator(".result-count")).to_have_text("1 incident")
    expect(page.locator("details.filter-panel > summary")).to_have_text("Filters (1 set)")


def test_search_from_the_header_box(page, site, world):
    page.goto(f"{site}/incidents/")
    box = page.locator("header input[name=q]")
    box.fill("progress")
    box.press("Enter")
    page.wait_for_url(f"{site}/search/?q=progress")
    results = page.locator("ol.search-results > li a.title")
    expect(results).to_have_count(1)
    expect(results.first).to_have_text("Progress MS-04 launch failure")
    expect(page.locator("ol.article-results > li")).not_to_have_count(0)


def test_a_citation_opens_its_article_at_the_passage_without_the_rest_of_the_text(
    page, site, world
):
    page.set_viewport_size({"width": 1280, "height": 700})
    page.goto(f"{site}{world.progress.get_absolute_url()}")
    page.locator("section.citations").get_by_role(
        "link", name="Inquiry report: the third stage"
    ).click()
    anchor = f"passage-{world.deep_citation_id}"
    page.wait_for_url(f"{site}/articles/{world.long_article.pk}/#{anchor}")
    passage = page.locator(f"#{anchor} + mark.passage")
    expect(passage).to_have_text(DEEP_PASSAGE)
    assert in_viewport(page, f"#{anchor} + mark.passage")
    # the passage is far down the article's text, which the public page does not show
    expect(page.get_by_text("the launch campaign went on as planned")).to_have_count(0)


def test_tab_from_the_top_reaches_the_skip_link_first_and_it_leads_to_the_content(
    page, site, world
):
    page.goto(f"{site}/incidents/")
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    expect(focused).to_have_text("Skip to content")
    expect(focused).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{site}/incidents/#content")
    assert page.evaluate("document.activeElement.id") == "content"
    page.keyboard.press("Tab")  # on into the content, not back to the header
    assert page.evaluate("document.activeElement.closest('main') !== null")


def test_on_a_phone_the_results_come_before_the_folded_filters(page, site, world):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{site}/incidents/")
    expect(page.locator("form.filters")).to_be_hidden()
    expect(page.locator("ol.incident-list > li").first).to_be_in_viewport()
    page.get_by_text("Filters (0 set)").click()
    expect(page.locator("form.filters")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_on_a_phone_filtered_results_come_first_and_the_summary_counts_the_filters(
    page, site, world
):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{site}/incidents/?family=soyuz&date_from=2016")
    expect(page.locator("details.filter-panel > summary")).to_have_text("Filters (2 set)")
    expect(page.locator("form.filters")).to_be_hidden()
    expect(page.locator("ol.incident-list > li").first).to_be_in_viewport()


def test_on_a_wide_screen_the_filters_show_without_opening_them(page, site, world):
    page.goto(f"{site}/incidents/")
    expect(page.locator("form.filters")).to_be_visible()
    expect(page.locator("details.filter-panel > summary")).to_be_hidden()


def test_printing_leaves_out_search_and_menus_and_shows_where_links_go(page, site, world):
    page.goto(f"{site}/incidents/")
    page.emulate_media(media="print")
    for hidden in ["header form.search", "header nav", "details.filter-panel"]:
        expect(page.locator(hidden)).to_be_hidden()
    title = page.locator("a.title", has_text="Progress MS-04 launch failure")
    after = title.evaluate("a => getComputedStyle(a, '::after').content")
    assert after == '" (/incidents/progress-ms-04-launch-failure/)"'
    brand = page.locator("header a.brand")  # outside the content: no address
    assert brand.evaluate("a => getComputedStyle(a, '::after').content") == "none"
    page.goto(f"{site}{world.progress.get_absolute_url()}")
    page.emulate_media(media="print")
    record = page.locator(f'section.public-sources a[href="{PUBLIC_RECORD}"]')
    assert record.evaluate("a => getComputedStyle(a, '::after').content") == f'" ({PUBLIC_RECORD})"'
    quote = page.locator("section.citations blockquote").first
    assert quote.evaluate("q => getComputedStyle(q).breakInside") == "avoid"


def test_dark_mode_darkens_the_page_and_its_boxes(page, site, world):
    page.emulate_media(color_scheme="dark")
    page.goto(f"{site}/incidents/")
    colours = page.evaluate(
        """() => ({
            page: getComputedStyle(document.body).backgroundColor,
            text: getComputedStyle(document.body).color,
            header: getComputedStyle(document.querySelector('.site-header')).backgroundColor,
        })"""
    )
    assert colours == {
        "page": "rgb(18, 21, 25)",
        "text": "rgb(230, 233, 237)",
        "header": "rgb(26, 31, 37)",
    }


def test_the_api_docs_show_their_logo_and_the_csp_blocks_nothing(page, site, world):
    blocked = []
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    fetched = []
    # No test reaches the internet: Redocly's logo is answered here, as its CDN would.
    page.route(
        "https://cdn.redoc.ly/**",
        lambda route: (
            fetched.append(route.request.url)
            or route.fulfill(content_type="image/svg+xml", body=LOGO_SVG)
        ),
    )
    page.goto(f"{site}/api/docs/")
    expect(page.locator('img[alt="redocly logo"]')).to_be_visible()
    assert fetched == ["https://cdn.redoc.ly/redoc/logo-mini.svg"]
    logo = page.locator('img[alt="Spaceflight Incidents"]')
    expect(logo).to_be_visible(timeout=15_000)
    assert logo.evaluate("img => img.complete && img.naturalWidth > 0")
    assert not [text for text in blocked if "img-src" in text], blocked


def test_a_reader_sorts_the_vehicles_by_success_rate(page, site, world):
    page.goto(f"{site}/vehicles/")
    page.get_by_role("link", name="Success rate").click()
    expect(page).to_have_url(f"{site}/vehicles/?sort=-rate")
    header = page.locator('th[aria-sort="descending"]')
    expect(header).to_contain_text("Success rate")
