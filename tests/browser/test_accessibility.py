"""axe-core finds no WCAG 2.1 A or AA violation on the public pages, in light and in dark
mode."""

import pytest

from tests.browser.axe import AXE_SHA256, axe_sha256, axe_violations, describe

PAGES = {
    "home": lambda world: "/",
    "incident list": lambda world: "/incidents/",
    "incident page": lambda world: world.progress.get_absolute_url(),
    "search results": lambda world: "/search/?q=soyuz+2016",
    "article page": lambda world: world.seed_article.get_absolute_url(),
    "statistics": lambda world: "/statistics/",
    "vehicles index": lambda world: "/vehicles/",
    "agencies index": lambda world: "/agencies/?sort=rate",
    "vehicle page": lambda world: world.progress.mission.vehicle.get_absolute_url(),
    "about": lambda world: "/about/",
}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("name", PAGES)
def test_no_violations_in_light_or_dark_mode(axe_page, site, world, name):
    url = f"{site}{PAGES[name](world)}"
    found = []
    for scheme in ["light", "dark"]:
        axe_page.emulate_media(color_scheme=scheme)
        response = axe_page.goto(url)
        assert response.status == 200, f"{url}: {response.status}"
        violations = axe_violations(axe_page)
        if violations:
            found.append(describe(violations, where=f"{name} ({url}), {scheme} mode"))
    assert not found, "\n\n".join(found)


def test_the_vendored_axe_is_the_published_file():
    assert axe_sha256() == AXE_SHA256
