"""The editors' "Needs review" list (the article changelist) says in words whether each article
waits for a review, and why, rather than with the admin's green tick."""

import re

import pytest

from tests.factories import make_article

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/articles/article/"


def row_cells(html: str, title: str) -> dict[str, str]:
    """The cells of the changelist row of `title`, by their column's field name."""
    (row,) = [r for r in re.findall(r"<tr>.*?</tr>", html, re.S) if f">{title}</a>" in r]
    return {
        name: re.sub(r"<[^>]+>", "", cell).strip()
        for name, cell in re.findall(r'<t[dh] class="field-(\w+)[^"]*">(.*?)</t[dh]>', row, re.S)
    }


def test_each_row_says_whether_it_needs_review_and_why(editor_client):
    make_article(
        title="Unsure report",
        needs_review=True,
        review_reason="no launch found for the failure it reports",
    )
    make_article(title="Checked report", needs_review=False)
    html = editor_client.get(CHANGELIST).content.decode()
    unsure, checked = row_cells(html, "Unsure report"), row_cells(html, "Checked report")
    assert unsure["review_state"] == "Needs review"
    # The importer's words show on hover (and on the review desk), leaving the title the room.
    assert 'title="no launch found for the failure it reports">Needs review</a>' in html
    assert checked["review_state"] == "Reviewed"
    assert "icon-yes.svg" not in html and "icon-no.svg" not in html


def test_the_needs_review_filter_lists_only_those_waiting(editor_client):
    make_article(title="Unsure report", needs_review=True, review_reason="low confidence")
    make_article(title="Checked report", needs_review=False)
    html = editor_client.get(CHANGELIST + "?needs_review__exact=1").content.decode()
    assert row_cells(html, "Unsure report")["review_state"] == "Needs review"
    assert "Checked report" not in html


def test_the_review_column_sorts_by_it(editor_client):
    make_article(title="Unsure report", needs_review=True)
    make_article(title="Checked report", needs_review=False)
    html = editor_client.get(CHANGELIST).content.decode()
    assert re.search(r'<th scope="col" class="sortable column-review_state', html)
