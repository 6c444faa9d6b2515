"""sitemap.xml lists the public pages (no drafts, no admin); robots.txt points to it."""

import xml.etree.ElementTree as ET

import pytest

from tests.factories import make_article, make_family, make_incident, make_mission

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def locations(client, path) -> list[str]:
    response = client.get(path)
    assert response.status_code == 200
    return [loc.text or "" for loc in ET.fromstring(response.content).iter(f"{SITEMAP}loc")]


def test_the_sitemap_index_lists_each_section_and_they_list_the_public_pages(client):
    published = make_incident(title="Kite lost", slug="kite-lost")
    make_incident(title="Kite draft", slug="kite-draft", published=False)
    make_mission(name="Kite 1", slug="kite-1")
    make_family(name="Kite", slug="kite")
    article = make_article()
    sections = locations(client, "/sitemap.xml")
    assert "http://testserver/sitemap-incidents.xml" in sections
    everything = [url for section in sections for url in locations(client, section)]
    assert f"http://testserver{published.get_absolute_url()}" in everything
    assert "http://testserver/incidents/kite-draft/" not in everything
    for path in ["/missions/kite-1/", "/families/kite/", article.get_absolute_url(), "/"]:
        assert f"http://testserver{path}" in everything
    assert not [url for url in everything if "/admin/" in url]


def test_robots_txt_keeps_crawlers_out_of_the_admin_and_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text
