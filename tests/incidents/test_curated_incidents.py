"""The famous incidents of the curated list, on the real catalog: each found by the words
people search with, on its launch where GCAT has one, with its human cost and sources."""

import datetime

from incidents.curated_incidents import CURATED_INCIDENTS
from incidents.models import Incident, IncidentKind
from tests.gcat import GcatTestCase

# What people type, and the incident that must come first.
FAMOUS_SEARCHES = {
    "nedelin": "Nedelin catastrophe",
    "gemini 8": "Gemini 8 stuck thruster and emergency landing",
    "apollo 1 fire": "Apollo 1 fire",
    "mir fire": "Mir fire",
    "progress m-34": "Progress M-34 collision with Mir",
    "soyuz tma-11": "Soyuz TMA-11 ballistic re-entry",
    "soyuz t-10-1": "Soyuz T-10-1 pad abort",
    "vls-1 alcantara": "Alcântara VLS-1 launch pad explosion",
    "ariane 501": "Ariane 5 flight 501 failure",
    "soyuz 33": "Soyuz 33 engine failure and ballistic re-entry",
}


def test_the_curated_list_has_unique_keys_titles_and_web_sources():
    keys = [entry.key for entry in CURATED_INCIDENTS]
    assert len(keys) == len(set(keys)) >= 32
    titled = [entry.title for entry in CURATED_INCIDENTS if entry.title]
    assert len(titled) == len(set(titled))
    for entry in CURATED_INCIDENTS:
        assert entry.sources and all(s.startswith(("https://", "http://")) for s in entry.sources)
        assert entry.summary and entry.kind in IncidentKind.values, entry.key
        assert entry.launch_tag or (entry.title and (entry.site or entry.agencies)), entry.key


class CuratedIncidentTests(GcatTestCase):
    def test_the_searches_people_make_find_the_famous_incident_first(self):
        for query, title in FAMOUS_SEARCHES.items():
            response = self.client.get("/search/", {"q": query})
            hits = response.context["search"].results.page.object_list
            titles = [hit.incident.title for hit in hits]
            assert titles and titles[0] == title, (query, titles)

    def test_every_curated_incident_is_published_with_human_cost_and_sources(self):
        for entry in CURATED_INCIDENTS:
            if entry.launch_tag:
                incident = Incident.objects.get(mission__launch_tag=entry.launch_tag)
                assert incident.date >= incident.mission.launch_date, entry.key
            else:
                incident = Incident.objects.get(catalog_values___key=f"curated:{entry.key}")
            assert incident.is_published and incident.date == entry.date, entry.key
            assert (incident.crew, incident.fatalities) == (entry.cost.crew, entry.cost.fatalities)
            assert incident.source_addresses() == list(entry.sources)

    def test_an_incident_on_the_ground_names_its_rocket_and_place_without_a_launch(self):
        nedelin = Incident.objects.get(title="Nedelin catastrophe")
        assert nedelin.mission is None and nedelin.date == datetime.date(1960, 10, 24)
        assert [v.name for v in nedelin.vehicles.all()] == ["R-16"]
        assert nedelin.site.name == "Baikonur Cosmodrome"
        html = self.client.get(nedelin.get_absolute_url()).content.decode()
        assert '<dt>Fatalities</dt><dd class="fatalities">78</dd>' in html

    def test_incidents_in_orbit_sit_on_the_mission_they_happened_to(self):
        fire = Incident.objects.get(title="Mir fire")
        assert (fire.mission.name, fire.kind, fire.crew) == ("Mir", IncidentKind.IN_FLIGHT, 6)
        collision = Incident.objects.get(title="Progress M-34 collision with Mir")
        assert collision.mission.launch_tag == "1997-014"
