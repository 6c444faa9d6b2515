"""What every public page shares (templates/base.html): a skip link to the content comes
before anything else a keyboard reaches."""

import re

import pytest

from tests.factories import make_article, make_incident

pytestmark = pytest.mark.django_db

FOCUSABLE = re.compile(r"<(a|input|button|select|textarea)\b[^>]*>", re.I)


def first_focusable(html: str) -> str:
    body = html[html.index("<body") :]
    for tag in FOCUSABLE.finditer(body):
        if 'type="hidden"' not in tag[0] and 'tabindex="-1"' not in tag[0]:
            return tag[0]
    raise AssertionError("nothing on the page can take focus")


@pytest.fixture
def pages():
    incident = make_incident(slug="progress-ms-04")
    article = make_article()
    return [
        "/",
        "/incidents/",
        "/search/?q=soyuz",
        incident.get_absolute_url(),
        f"/articles/{article.pk}/",
    ]


def test_the_first_thing_a_keyboard_reaches_is_the_skip_link(client, pages):
    for url in pages:
        html = client.get(url).content.decode()
        assert first_focusable(html) == '<a class="skip-link" href="#content">', url


def test_the_skip_link_leads_to_the_main_content(client, pages):
    for url in pages:
        html = client.get(url).content.decode()
        assert html.count('id="content"') == 1, url
        assert '<main id="content" tabindex="-1">' in html, url
