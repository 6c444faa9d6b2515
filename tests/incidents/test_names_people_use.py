"""Names people use, one record per real thing, and the incidents that matter most to people:
the real catalog, searched and browsed as a visitor would."""

import re

from django.conf import settings

from incidents import menus
from incidents.catalog_loader import load_catalog
from incidents.facts import facts_table
from incidents.models import (
    Agency,
    Incident,
    IncidentKind,
    LaunchSite,
    Mission,
    Vehicle,
    VehicleFamily,
)
from tests.gcat import GcatTestCase

# What people type, and the incident (or, for a place, the record) that must come first.
FIRST_RESULTS = {
    "challenger": "Challenger disaster (STS-51-L)",
    "STS-51-L": "Challenger disaster (STS-51-L)",
    "columbia": "Columbia disaster (STS-107)",
    "soyuz 11": "Soyuz 11 depressurisation",
    "apollo 13": "Apollo 13 oxygen tank explosion",
    "starliner": "Starliner OFT-1 failed to reach the space station",
    "long march 5 2017": "Shijian 18 launch failure, Long March 5, 2 July 2017",
}


class NamesPeopleUseTests(GcatTestCase):
    def search(self, query: str):
        response = self.client.get("/search/", {"q": query})
        assert response.status_code == 200
        return response.context["search"]

    def test_the_searches_people_make_find_the_right_incident_first(self):
        for query, title in FIRST_RESULTS.items():
            results = self.search(query).results
            assert results.page.object_list, query
            first = results.page.object_list[0].incident
            assert first.title == title, (query, [h.incident.title for h in results.page])

    def test_baikonur_is_one_place_found_first(self):
        page = self.search("baikonur")
        assert page.quick_links[0].label == "Baikonur Cosmodrome"
        assert LaunchSite.objects.named("Baikonur").count() == 1
        assert LaunchSite.objects.named("Baykonur").get().name == "Baikonur Cosmodrome"

    def test_the_soyuz_family_lists_soyuz_failures(self):
        response = self.client.get("/incidents/", {"family": "soyuz"})
        assert response.status_code == 200
        titles = [i.title for i in response.context["page"].object_list]
        assert titles and all(
            "Soyuz" in i.vehicles.get().name for i in response.context["page"].object_list
        )
        assert VehicleFamily.objects.get(slug="soyuz").name == "Soyuz"

    def test_every_menu_has_unique_labels(self):
        for menu in (menus.VEHICLES, menus.FAMILIES, menus.AGENCIES, menus.SITES):
            labels = [entry.name for entry in menu.options().entries]
            assert len(labels) == len(set(labels)), menu

    def test_no_incident_title_holds_a_placeholder(self):
        # "It's A Test" is the name Rocket Lab gave a flight; "Test launch failure" is GCAT's
        # placeholder for a flight with no name.
        placeholder = re.compile(
            r"\?|\[|^(?:Test|Test satellites?|Dummy(?: payload| satellite)?|Unknown|Payload) "
            r"(?:launch|partial|pad)",
            re.IGNORECASE,
        )
        titles = Incident.objects.values_list("title", flat=True)
        assert not [title for title in titles if placeholder.search(title)]

    def test_names_read_as_people_write_them(self):
        shown = {
            (Vehicle, "gcat_name", "Chang Zheng 2C"): "Long March 2C",
            (Vehicle, "gcat_name", "Ariane 44LP"): "Ariane 44LP",
            (Vehicle, "gcat_name", "Antares 130"): "Antares 130",
            (LaunchSite, "gcat_code", "KLA"): "Kiritimati (Sea Launch)",
            (Agency, "gcat_code", "UNKS"): "Directorate of the Chief of Space Assets (UNKS)",
        }
        for (model, field, raw), name in shown.items():
            assert model.objects.get(**{field: raw}).name == name
        assert LaunchSite.objects.named("Wallops MARS").get().name == "Wallops Island"
        assert VehicleFamily.objects.named("Antares").get().name == "Antares"
        assert Vehicle.objects.get(gcat_name="Antares 130").family.name == "Antares"
        assert not Incident.objects.filter(title__contains="Chang Zheng").exists()


class HumanCostTests(GcatTestCase):
    def test_the_notable_incidents_are_loaded_with_kind_and_human_cost(self):
        expected = {
            "Apollo 1 fire": (IncidentKind.GROUND, 3, 3),
            "Soyuz 1 parachute failure": (IncidentKind.REENTRY, 1, 1),
            "Soyuz 11 depressurisation": (IncidentKind.REENTRY, 3, 3),
            "Apollo 13 oxygen tank explosion": (IncidentKind.IN_FLIGHT, 3, 0),
            "Challenger disaster (STS-51-L)": (IncidentKind.LAUNCH, 7, 7),
            "Columbia disaster (STS-107)": (IncidentKind.REENTRY, 7, 7),
            "Soyuz MS-10 launch abort": (IncidentKind.LAUNCH, 2, 0),
            "Soyuz MS-22 coolant leak": (IncidentKind.IN_FLIGHT, 3, 0),
            "Starliner OFT-1 failed to reach the space station": (IncidentKind.IN_FLIGHT, 0, 0),
            "Nauka thruster misfire": (IncidentKind.IN_FLIGHT, 0, 0),
            "SpaceShipTwo VSS Enterprise in-flight breakup": (IncidentKind.IN_FLIGHT, 2, 1),
        }
        for title, (kind, crew, fatalities) in expected.items():
            incident = Incident.objects.get(title=title)
            assert (incident.kind, incident.crew, incident.fatalities) == (kind, crew, fatalities)
            assert incident.is_published and incident.source_addresses(), title

    def test_the_columbia_incident_is_on_its_mission_and_dated_to_the_loss(self):
        columbia = Incident.objects.get(title="Columbia disaster (STS-107)")
        assert columbia.mission.name == "STS-107"
        assert columbia.date.isoformat() == "2003-02-01"
        assert Incident.objects.filter(mission=columbia.mission).count() == 1

    def test_the_incident_page_shows_the_human_cost_and_its_public_sources(self):
        challenger = Incident.objects.get(title="Challenger disaster (STS-51-L)")
        html = self.client.get(challenger.get_absolute_url()).content.decode()
        assert "<dt>People on board</dt><dd>7</dd>" in html
        assert '<dt>Fatalities</dt><dd class="fatalities">7</dd>' in html
        assert 'href="https://history.nasa.gov/rogersrep/genindex.htm"' in html

    def test_the_list_shows_fatalities_and_filters_by_them(self):
        response = self.client.get("/incidents/", {"fatal": "yes", "sort": "deadliest"})
        incidents = list(response.context["page"].object_list)
        assert [i.title for i in incidents[:2]] == [
            "Nedelin catastrophe",
            "Plesetsk launch pad explosion",
        ]
        assert all(i.fatalities for i in incidents)
        assert "78 killed" in response.content.decode()
        spared = self.client.get("/incidents/", {"fatal": "no", "kind": "in_flight"})
        titles = {i.title for i in spared.context["page"].object_list}
        assert "Soyuz MS-22 coolant leak" in titles and "Apollo 13 oxygen tank explosion" in titles

    def test_the_list_filters_by_kind(self):
        response = self.client.get("/incidents/", {"kind": "reentry"})
        titles = {i.title for i in response.context["page"].object_list}
        assert titles == {
            "Soyuz 1 parachute failure",
            "Soyuz 5 nose-first re-entry",
            "Soyuz 11 depressurisation",
            "Apollo–Soyuz crew exposed to toxic gas on re-entry",
            "Soyuz 23 splashdown in Lake Tengiz",
            "Kosmos 954 nuclear debris over Canada",
            "Soyuz 33 engine failure and ballistic re-entry",
            "Columbia disaster (STS-107)",
            "Genesis sample capsule crash",
            "Soyuz TMA-11 ballistic re-entry",
        }

    def test_an_editors_change_to_a_curated_incident_survives_a_reload(self):
        challenger = Incident.objects.get(title="Challenger disaster (STS-51-L)")
        challenger.title = "Space Shuttle Challenger accident"
        challenger.injuries = 0
        challenger.save()
        load_catalog(settings.CATALOG_DIR)
        challenger.refresh_from_db()
        assert (challenger.title, challenger.injuries, challenger.fatalities) == (
            "Space Shuttle Challenger accident",
            0,
            7,
        )


class CatalogFactsTests(GcatTestCase):
    def test_every_published_incident_of_a_launch_states_its_catalog_facts_citing_gcat(self):
        incidents = (
            Incident.objects.published()
            .exclude(mission=None)
            .select_related("mission", "site")
            .prefetch_related("vehicles")
        )
        for incident in incidents:
            rows, sources = facts_table(incident)
            assert rows and any(s.label.startswith("GCAT") for s in sources), incident.title

    def test_what_happened_next_comes_from_the_catalog(self):
        incident = Incident.objects.get(mission__launch_tag="2016-F02")
        response = self.client.get(incident.get_absolute_url())
        after = response.context["aftermath"]
        assert (after.next_flight.name, after.days_to_next) == ("Progress MS-05", 83)
        assert after.return_to_flight == after.next_flight
        assert after.later_failure.date > incident.date > after.earlier_failure.date
        assert b"What happened next" in response.content

    def test_the_list_filters_by_flight_phase_and_what_failed(self):
        response = self.client.get("/incidents/", {"phase": "third_stage", "cause": "propulsion"})
        incidents = list(response.context["page"].object_list)
        assert "Progress MS-04 launch failure, Soyuz-U, 1 December 2016" in {
            i.title for i in incidents
        }
        assert all(
            (i.flight_phase, i.failed_system) == ("third_stage", "propulsion") for i in incidents
        )
        search = self.client.get("/search/", {"q": "soyuz", "phase": "third_stage"})
        hits = search.context["search"].results.page.object_list
        assert hits and all(h.incident.flight_phase == "third_stage" for h in hits)


class PadAbortsAndAgenciesTests(GcatTestCase):
    def test_shuttle_pad_aborts_are_named_by_their_flight(self):
        titles = Incident.objects.filter(mission__launch_tag__in=["1984-A47", "1985-A26"])
        assert sorted(titles.values_list("title", flat=True)) == [
            "STS-41-D pad abort (RSLS), 26 June 1984",
            "STS-51-F pad abort (RSLS), 12 July 1985",
        ]

    def test_searching_a_flight_finds_its_pad_abort(self):
        response = self.client.get("/search/", {"q": "STS-51-F"})
        titles = {hit.incident.title for hit in response.context["search"].results.page}
        assert "STS-51-F pad abort (RSLS), 12 July 1985" in titles

    def test_pad_aborts_do_not_crowd_the_related_lists_of_lost_crews(self):
        for title in ("Challenger disaster (STS-51-L)", "Columbia disaster (STS-107)"):
            incident = Incident.objects.get(title=title)
            related = self.client.get(incident.get_absolute_url()).context["related"]
            assert related and not [i.title for i in related if "pad abort" in i.title]
        abort = Incident.objects.get(mission__launch_tag="1984-A47")
        related = self.client.get(abort.get_absolute_url()).context["related"]
        assert any("pad abort" in i.title for i in related)

    def test_an_incident_names_the_agency_people_name_with_its_centres_as_detail(self):
        challenger = Incident.objects.get(title="Challenger disaster (STS-51-L)")
        html = self.client.get(challenger.get_absolute_url()).content.decode()
        assert (
            '<dt>Agency</dt><dd><a href="/agencies/nasa/">NASA</a> <span class="detail">('
            '<a href="/agencies/nasa-jsc/">NASA Johnson Space Center</a>, '
            '<a href="/agencies/nasa-msfc/">NASA Marshall Space Flight Center</a>)</span></dd>'
        ) in html
        soyuz_11 = Incident.objects.get(title="Soyuz 11 depressurisation")
        names = {a.name: a.umbrella for a in soyuz_11.agencies.all()}
        assert names["Strategic Rocket Forces"].name == "USSR Ministry of Defense"

    def test_the_list_row_names_nasa_and_the_nasa_filter_finds_its_centres_incidents(self):
        response = self.client.get("/incidents/", {"agency": "nasa", "kind": "reentry"})
        titles = [i.title for i in response.context["page"].object_list]
        assert "Columbia disaster (STS-107)" in titles
        row = response.content.decode().split("Columbia disaster (STS-107)</a>")[1]
        row = row.split("</li>")[0]
        assert "NASA" in row and "Johnson" not in row

    def test_an_incident_carries_its_spacecraft_operator_as_well_as_its_launcher(self):
        starliner = Incident.objects.get(title="Starliner OFT-1 failed to reach the space station")
        assert {a.name for a in starliner.agencies.all()} == {
            "Boeing",
            "NASA",
            "United Launch Alliance",
        }

    def test_the_spellings_the_readme_promises_are_shown(self):
        assert Incident.objects.filter(title__startswith="Shijian 18 launch failure").exists()
        assert not Incident.objects.filter(title__contains="Shi Jian").exists()
        mahda = Mission.objects.get(launch_tag="2024-018")
        assert mahda.name == "Mahda" and "Mehda" in mahda.alias_list()
        baikonur = LaunchSite.objects.get(name="Baikonur Cosmodrome")
        html = self.client.get(baikonur.get_absolute_url()).content.decode()
        also = html.split("<dt>Also called</dt><dd>")[1].split("</dd>")[0].split(", ")
        assert also.count("GIK-5") == 1 and len(also) == len(set(also))

    def test_an_editors_umbrella_survives_a_reload(self):
        centre = Agency.objects.get(gcat_code="JSC")
        assert centre.umbrella.name == "NASA"
        centre.umbrella = None
        centre.save()
        load_catalog(settings.CATALOG_DIR)
        centre.refresh_from_db()
        assert centre.umbrella is None
