"""“What happened next” on the incidents people know, from the real catalog: a crewed
programme's next crewed flight and the days between."""

import re

from django.test import override_settings

from incidents.crewed_programmes import PROGRAMMES, programme_of
from incidents.models import Incident
from tests.gcat import GcatTestCase


def next_crewed(html: str) -> str:
    found = re.search(
        r"<li>Next crewed flight of ([^:]+): <a [^>]*>([^<]+)</a>, ([^(]+) \(([^)]+)\)", html
    )
    return " | ".join(part.strip() for part in found.groups()) if found else ""


class NextCrewedFlightTests(GcatTestCase):
    def page_of(self, **lookup) -> str:
        incident = Incident.objects.published().get(**lookup)
        response = self.client.get(incident.get_absolute_url())
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_columbia_is_followed_by_sts_114(self):
        html = self.page_of(mission__launch_tag="2003-003")
        self.assertEqual(
            next_crewed(html), "the Space Shuttle | STS-114 | 26 July 2005 | 906 days later"
        )

    def test_apollo_13_is_followed_by_apollo_14(self):
        html = self.page_of(mission__launch_tag="1970-029")
        self.assertEqual(next_crewed(html), "Apollo | Apollo 14 | 31 January 1971 | 293 days later")

    def test_soyuz_11_is_followed_by_soyuz_12(self):
        html = self.page_of(mission__launch_tag="1971-053")
        self.assertEqual(next_crewed(html), "Soyuz | Soyuz-12 | 27 September 1973 | 820 days later")

    def test_starliners_uncrewed_test_is_followed_by_its_first_crew_not_the_next_test(self):
        html = self.page_of(mission__launch_tag="2019-094")
        self.assertEqual(
            next_crewed(html), "Starliner | Starliner CFT | 5 June 2024 | 1,629 days later"
        )

    def test_a_ship_sent_up_empty_is_no_crewed_flight(self):
        # Soyuz MS-23 went up empty to bring home the crew of the leaking MS-22
        html = self.page_of(mission__launch_tag="2022-116")
        self.assertIn("Soyuz | Soyuz MS-24 | ", next_crewed(html))

    def test_a_fire_on_the_ground_belongs_to_its_programme_by_its_title(self):
        html = self.page_of(mission__isnull=True, title__startswith="Apollo 1 ")
        self.assertEqual(next_crewed(html), "Apollo | Apollo 7 | 11 October 1968 | 623 days later")

    def test_an_uncrewed_cargo_ship_has_no_crewed_flight_after_it(self):
        html = self.page_of(mission__launch_tag="2016-F02")
        self.assertNotIn("Next crewed flight", html)


def test_every_programme_names_its_own_flights_and_no_cargo_ship():
    assert programme_of("STS-107").name == "the Space Shuttle"
    assert programme_of("Soyuz MS-10").name == "Soyuz"
    assert programme_of("Dragon Crew-1").name == "Crew Dragon"
    assert programme_of("Progress MS-04") is None
    assert programme_of("Dragon CRS-7") is None
    assert programme_of("Soyuz-U") is None
    assert all(programme.source.startswith("https://") for programme in PROGRAMMES)


@override_settings(PAGE_CACHE_SECONDS=0)  # the page made afresh, its menus cached
class AftermathQueryTests(GcatTestCase):
    def test_the_next_crewed_flight_costs_one_query_whatever_the_programme(self):
        # the incident with its mission and site (and whether any article cites it or
        # states a fact of it: none here); its vehicles and agencies; the next crewed
        # flight; the family's neighbours (related incidents)
        for tag in ("2003-003", "1971-053"):  # 135 shuttle flights; hundreds of R-7 launches
            incident = Incident.objects.published().get(mission__launch_tag=tag)
            self.client.get(incident.get_absolute_url())
            with self.assertNumQueries(4):
                self.client.get(incident.get_absolute_url())
