"""Dates in the editors' admin are typed and shown as YYYY-MM-DD, with the format written
beside the box, like the public filters: never the browser's own date picker (mm/dd/yyyy in
Chromium) or the British 01/12/2016 beside a YYYY-MM-DD box."""

import datetime
import re

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from incidents.models import Incident
from tests.admin_forms import change_form_data
from tests.factories import make_article, make_incident, make_mission

pytestmark = pytest.mark.django_db


def date_box(html: str, name: str) -> str:
    (box,) = re.findall(rf'<input type="text" name="{name}"[^>]*>', html)
    return box


def test_an_incident_s_date_shows_as_yyyy_mm_dd_with_the_format_beside_it(editor_client):
    incident = make_incident(date=datetime.date(2016, 12, 1))
    html = editor_client.get(f"/admin/incidents/incident/{incident.pk}/change/").content.decode()
    assert 'value="2016-12-01"' in date_box(html, "date")
    assert '<span class="date-format">YYYY-MM-DD</span>' in html


@pytest.mark.parametrize(
    ("url", "field", "shown"),
    [
        ("/admin/articles/article/{article}/change/", "published_on", "2016-12-02"),
        ("/admin/incidents/mission/{mission}/change/", "launch_date", "2016-12-01"),
    ],
)
def test_other_edit_pages_show_their_dates_the_same_way(editor_client, url, field, shown):
    article = make_article(published_on=datetime.date(2016, 12, 2))
    mission = make_mission(launch_date=datetime.date(2016, 12, 1))
    html = editor_client.get(url.format(article=article.pk, mission=mission.pk)).content.decode()
    assert f'value="{shown}"' in date_box(html, field)
    assert '<span class="date-format">YYYY-MM-DD</span>' in html


def test_a_date_typed_as_yyyy_mm_dd_is_saved(editor_client):
    incident = make_incident(date=datetime.date(2016, 12, 1))
    url = f"/admin/incidents/incident/{incident.pk}/change/"
    data = change_form_data(editor_client.get(url))
    data["date"] = "2015-04-28"
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    assert Incident.objects.get(pk=incident.pk).date == datetime.date(2015, 4, 28)


@pytest.mark.parametrize(
    "url",
    [
        "/admin/articles/article/import/",
        "/admin/articles/article/",
        "/admin/incidents/incident/",
        "/admin/incidents/mission/",
        "/admin/articles/importrun/",
    ],
)
def test_no_admin_form_or_filter_uses_the_browser_date_picker(editor_client, url):
    assertNotContains(editor_client.get(url), 'type="date"')


def test_the_import_form_asks_for_yyyy_mm_dd_in_a_text_box(editor_client):
    response = editor_client.get("/admin/articles/article/import/")
    box = date_box(response.content.decode(), "published_on")
    assert 'placeholder="YYYY-MM-DD"' in box
    assertContains(response, "Optional, YYYY-MM-DD: overrides the date found in the text.")
