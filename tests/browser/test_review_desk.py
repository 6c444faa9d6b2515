"""The review desk in a real browser: from the admin home to the queue to the desk, and every
action by keyboard or by pointer: confirm, reject, move, select a new passage, create an
incident, go to the next article. axe-core finds no WCAG 2.1 A/AA violation on the desk and
the queue."""

import pytest
from playwright.sync_api import expect

from articles.models import Citation, Fact
from incidents.models import Incident
from tests.browser.axe import axe_violations, describe
from tests.browser.conftest import log_in
from tests.factories import make_article, make_citation, make_incident, make_mission

pytestmark = pytest.mark.django_db(transaction=True)

BODY = (
    "The Kite 7 rocket failed 383 seconds after launch. "
    "Its third stage stopped early, Zephyrcorp said. "
    "A Kite 5 had also failed in 2014. "
    "Weeks later the Heron 3 capsule leaked in orbit."
)


def span_of(sentence: str) -> tuple[int, int]:
    return BODY.index(sentence), BODY.index(sentence) + len(sentence)


@pytest.fixture
def desk(transactional_db):
    kite7 = make_incident(title="Kite 7 lost", slug="kite-7-lost")
    kite5 = make_incident(title="Kite 5 lost", slug="kite-5-lost")
    heron2 = make_incident(title="Heron 2 lost", slug="heron-2-lost")
    article = make_article(
        title="Kite 7 lost on its way to orbit",
        body=BODY,
        needs_review=True,
        review_reason="linked to Kite 7 with confidence 0.50 (name)",
    )
    first, second, third = (
        span_of("The Kite 7 rocket failed 383 seconds after launch."),
        span_of("Its third stage stopped early, Zephyrcorp said."),
        span_of("A Kite 5 had also failed in 2014."),
    )
    main = make_citation(
        incident=kite7, article=article, start=first[0], end=first[1], confidence=0.5
    )
    fact_passage = make_citation(
        incident=kite7,
        article=article,
        start=second[0],
        end=second[1],
        supports="fact",
        confidence=0.5,
    )
    passing = make_citation(
        incident=kite5,
        article=article,
        start=third[0],
        end=third[1],
        supports="context",
        confidence=0.5,
    )
    Fact.objects.create(
        incident=kite7, citation=fact_passage, kind="failed_stage", value="third stage"
    )
    following = make_article(title="A later report", needs_review=True, review_reason="x")
    return {
        "article": article,
        "main": main,
        "fact_passage": fact_passage,
        "passing": passing,
        "heron2": heron2,
        "following": following,
    }


def open_desk(page, site, editor) -> None:
    """From the admin home, through the queue, to the first article's desk."""
    log_in(page, site, editor)
    page.get_by_role("link", name="Review queue (2)").click()
    expect(page.locator("h1")).to_have_text("Review queue")
    page.get_by_role("link", name="Kite 7 lost on its way to orbit").click()
    expect(page.locator("h1")).to_have_text("Review: Kite 7 lost on its way to orbit")
    # The desk's script shows its Keys button once its key handlers are in place: a key
    # pressed before that would do nothing.
    expect(page.locator("#desk-keys-button")).to_be_visible()


def refreshed(record):
    record.refresh_from_db()
    return record


def select_text(page, sentence: str) -> None:
    """Select `sentence` in the article's text as a reader would, with the pointer."""
    box = page.locator("#desk-text").get_by_text(sentence, exact=False).first
    box.scroll_into_view_if_needed()
    page.evaluate(
        """sentence => {
            const text = document.getElementById("desk-text");
            const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
            let node;
            while ((node = walker.nextNode())) {
                const at = node.nodeValue.indexOf(sentence);
                if (at >= 0) {
                    const range = document.createRange();
                    range.setStart(node, at);
                    range.setEnd(node, at + sentence.length);
                    const selection = window.getSelection();
                    selection.removeAllRanges();
                    selection.addRange(range);
                    text.dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
                    return;
                }
            }
            throw new Error("not in the text: " + sentence);
        }""",
        sentence,
    )


def test_confirm_and_reject_by_keyboard(page, site, editor, desk):
    open_desk(page, site, editor)
    page.keyboard.press("j")
    expect(page.locator(f"#citation-{desk['main'].pk}")).to_be_focused()
    page.keyboard.press("c")
    expect(page.locator(".messagelist .success")).to_contain_text("Citation confirmed.")
    assert refreshed(desk["main"]).confidence == 1.0

    # The desk comes back at the confirmed citation; j goes on from there (least sure
    # first, by incident: Kite 7's fact passage, its confirmed passage, then Kite 5's).
    expect(page.locator(f"#citation-{desk['main'].pk}")).to_be_focused()
    page.keyboard.press("j")
    expect(page.locator(f"#citation-{desk['passing'].pk}")).to_be_focused()
    page.keyboard.press("r")
    expect(page.locator(".messagelist .success")).to_contain_text("rejected")
    assert not Citation.objects.filter(pk=desk["passing"].pk).exists()


def test_move_a_citation_by_keyboard_with_suggestions(page, site, editor, desk):
    open_desk(page, site, editor)
    page.keyboard.press("j")
    page.keyboard.press("m")
    box = page.locator(f"#move-{desk['main'].pk}")
    expect(box).to_be_focused()
    box.press_sequentially("Heron")
    option = page.get_by_role("option", name="Incident: Heron 2 lost", exact=False)
    expect(option).to_be_visible()
    box.press("ArrowDown")
    box.press("Enter")
    expect(page.locator(".messagelist .success")).to_contain_text("moved to “Heron 2 lost”")
    assert refreshed(desk["main"]).incident == desk["heron2"]


def test_select_a_new_passage(page, site, editor, desk):
    open_desk(page, site, editor)
    select_text(page, "rocket failed 383 seconds")
    card = page.locator(f"#citation-{desk['main'].pk}")
    card.get_by_role("button", name="Use the selected text as the passage").click()
    expect(page.locator(".messagelist .success")).to_contain_text("Passage changed.")
    assert refreshed(desk["main"]).quote == "rocket failed 383 seconds"


def test_create_an_incident_from_the_article(page, site, editor, desk):
    mission = make_mission(name="Heron 3", launch_tag="2016-077A")
    open_desk(page, site, editor)
    page.fill("#new-mission", "Heron 3")
    page.get_by_role("button", name="Find the mission").click()
    expect(page.get_by_label("Mission: Heron 3", exact=False)).to_be_checked()
    select_text(page, "Weeks later the Heron 3 capsule leaked in orbit.")
    page.get_by_role("button", name="Create the draft incident").click()
    expect(page.locator(".messagelist .success")).to_contain_text("Draft incident")
    incident = Incident.objects.get(mission=mission)
    assert incident.status == Incident.Status.DRAFT
    assert [c.quote for c in incident.citations.all()] == [
        "Weeks later the Heron 3 capsule leaked in orbit."
    ]


def test_confirm_all_then_next_article_is_two_keys(page, site, editor, desk):
    open_desk(page, site, editor)
    page.keyboard.press("a")
    expect(page.locator(".messagelist .success")).to_contain_text("Every link")
    page.keyboard.press("n")
    expect(page.locator("h1")).to_have_text("Review: A later report")
    assert not refreshed(desk["article"]).needs_review


def test_shift_a_confirms_all_and_opens_the_next_article_in_one_key(page, site, editor, desk):
    open_desk(page, site, editor)
    page.keyboard.press("A")
    expect(page.locator("h1")).to_have_text("Review: A later report")
    expect(page.locator(".messagelist .success")).to_contain_text("Every link")
    assert not refreshed(desk["article"]).needs_review


def test_question_mark_shows_the_keys_and_they_can_be_turned_off(page, site, editor, desk):
    open_desk(page, site, editor)
    page.keyboard.press("?")
    dialog = page.locator("#desk-keys")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("next / previous citation")
    page.get_by_label("Use these single keys").uncheck()
    page.get_by_role("button", name="Close").click()
    page.keyboard.press("a")
    page.wait_for_timeout(300)
    assert refreshed(desk["article"]).needs_review  # the key did nothing


@pytest.mark.parametrize("where", ["queue", "desk"])
def test_no_accessibility_violations(axe_page, site, editor, desk, where):
    log_in(axe_page, site, editor)
    url = (
        "/admin/articles/article/review/"
        if where == "queue"
        else f"/admin/articles/article/{desk['article'].pk}/review/"
    )
    found = []
    for scheme in ["light", "dark"]:
        axe_page.emulate_media(color_scheme=scheme)
        assert axe_page.goto(f"{site}{url}").status == 200
        violations = axe_violations(axe_page)
        if violations:
            found.append(describe(violations, where=f"the {where}, {scheme} mode"))
    assert not found, "\n\n".join(found)


def test_the_articles_list_is_readable_at_1280_px(page, site, editor, desk):
    """The title gets the room; the kind and review state are short words on one line."""
    make_article(
        title="A Russian spacecraft carrying food, fuel and supplies was lost after launch",
        publisher="A publisher with a rather long name of its own",
        kind="incident",
        needs_review=True,
        review_reason="linked to Kite 7 with confidence 0.50 (name, date, vehicle and site)",
    )
    log_in(page, site, editor)
    page.goto(f"{site}/admin/articles/article/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    row = page.locator("#result_list tbody tr", has_text="A Russian spacecraft")
    title = row.locator("th.field-title, td.field-title").bounding_box()
    kind = row.locator("td.field-kind_short")
    expect(kind).to_have_text("Incident")
    state = row.locator("td.field-review_state")
    assert title["width"] >= 240, title  # (was 70: the room left by both sidebars)
    for cell in [kind, state]:
        assert lines_of(cell) == 1, cell.inner_text()


def lines_of(cell) -> int:
    """How many lines the cell's text takes."""
    return cell.evaluate(
        """el => {
            const range = document.createRange();
            range.selectNodeContents(el);
            return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
        }"""
    )
