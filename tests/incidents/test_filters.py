"""The incident list's filters, used as a reader would: through the URL of /incidents/."""

import datetime
import re

import pytest
from pytest_django.asserts import assertContains

from incidents import menus
from incidents.catalog_loader import load_catalog
from incidents.models import Incident, Outcome
from incidents.versioning import fingerprint
from tests.catalog_samples import write_sample_catalog
from tests.factories import (
    make_agencies,
    make_agency,
    make_family,
    make_incident,
    make_site,
    make_vehicle,
)

pytestmark = pytest.mark.django_db


def menu_values(response, name: str) -> list[str]:
    """The option values of the filter form's <select name=`name`>, in page order."""
    html = response.content.decode()
    select = re.search(rf'<select[^>]*\bname="{name}"[^>]*>(.*?)</select>', html)
    assert select is not None, f"no <select name={name}>"
    return re.findall(r'<option value="([^"]*)"', select.group(1))


def titles(client, query: str) -> list[str]:
    response = client.get(f"/incidents/?{query}")
    assert response.status_code == 200
    return [incident.title for incident in response.context["page"].object_list]


class TestByWhatAndWhere:
    @pytest.fixture(autouse=True)
    def incidents(self):
        r7, falcon = make_family(slug="r-7"), make_family(slug="falcon-9")
        self.soyuz = make_vehicle(slug="soyuz-u", family=r7)
        self.fg = make_vehicle(slug="soyuz-fg", family=r7)
        self.f9 = make_vehicle(slug="falcon-9-v1-1", family=falcon)
        roskosmos, nasa = make_agency(slug="roskosmos"), make_agency(slug="nasa")
        baikonur, canaveral = make_site(slug="baikonur"), make_site(slug="cape-canaveral")
        make_incident(
            title="Progress MS-04",
            date=datetime.date(2016, 12, 1),
            vehicles=[self.soyuz],
            agencies=[roskosmos],
            site=baikonur,
        )
        make_incident(
            title="Soyuz MS-10",
            date=datetime.date(2018, 10, 11),
            vehicles=[self.fg],
            agencies=[roskosmos, nasa],
            site=baikonur,
            outcome=Outcome.PARTIAL_FAILURE,
        )
        make_incident(
            title="CRS-7",
            date=datetime.date(2015, 6, 28),
            vehicles=[self.f9],
            agencies=[nasa],
            site=canaveral,
        )
        make_incident(
            title="AMOS-6",
            date=datetime.date(2016, 9, 1),
            vehicles=[self.f9],
            site=canaveral,
            outcome=Outcome.PAD_EXPLOSION,
        )
        make_incident(
            title="Draft Soyuz incident",
            vehicles=[self.soyuz],
            agencies=[roskosmos],
            site=baikonur,
            published=False,
        )

    def test_no_filter_lists_every_published_incident_newest_first(self, client):
        assert titles(client, "") == ["Soyuz MS-10", "Progress MS-04", "AMOS-6", "CRS-7"]

    def test_by_vehicle(self, client):
        assert titles(client, "vehicle=falcon-9-v1-1") == ["AMOS-6", "CRS-7"]

    def test_by_vehicle_family(self, client):
        assert titles(client, "family=r-7") == ["Soyuz MS-10", "Progress MS-04"]

    def test_by_agency(self, client):
        assert titles(client, "agency=nasa") == ["Soyuz MS-10", "CRS-7"]

    def test_by_launch_site(self, client):
        assert titles(client, "site=baikonur") == ["Soyuz MS-10", "Progress MS-04"]

    @pytest.mark.parametrize(
        ("outcome", "expected"),
        [
            ("failure", ["Progress MS-04", "CRS-7"]),
            ("partial_failure", ["Soyuz MS-10"]),
            ("pad_explosion", ["AMOS-6"]),
        ],
    )
    def test_by_outcome(self, client, outcome, expected):
        assert titles(client, f"outcome={outcome}") == expected

    def test_all_filters_together(self, client):
        query = (
            "vehicle=soyuz-fg&family=r-7&agency=nasa&site=baikonur&outcome=partial_failure"
            "&date_from=2018&date_to=2018-10-11&sort=oldest&q=soyuz+ms"
        )
        assert titles(client, query) == ["Soyuz MS-10"]

    def test_all_filters_together_can_exclude_everything(self, client):
        query = (
            "vehicle=soyuz-fg&family=r-7&agency=nasa&site=baikonur&outcome=failure"
            "&date_from=2018&date_to=2018-10-11&q=soyuz"
        )
        assert titles(client, query) == []

    def test_the_menus_offer_only_what_has_published_incidents(self, client):
        make_vehicle(slug="angara")
        make_incident(
            vehicles=[make_vehicle(slug="zenit-3sl", family=make_family(slug="zenit"))],
            agencies=[make_agency(slug="yuzhnoye")],
            site=make_site(slug="odyssey"),
            published=False,
        )
        response = client.get("/incidents/")
        assert sorted(menu_values(response, "vehicle")) == [
            "",
            "falcon-9-v1-1",
            "soyuz-fg",
            "soyuz-u",
        ]
        assert sorted(menu_values(response, "family")) == ["", "falcon-9", "r-7"]
        assert sorted(menu_values(response, "agency")) == ["", "nasa", "roskosmos"]
        assert sorted(menu_values(response, "site")) == ["", "baikonur", "cape-canaveral"]

    def test_an_unknown_vehicle_shows_an_error_and_lists_nothing(self, client):
        response = client.get("/incidents/?vehicle=no-such-rocket")
        assert response.status_code == 200
        assertContains(response, "Select a valid choice.")
        assert list(response.context["page"].object_list) == []


class TestNoDuplicates:
    def test_an_incident_matching_a_filter_through_two_links_is_listed_once(self, client):
        family = make_family(slug="r-7")
        soyuz = make_vehicle(slug="soyuz-u", family=family)
        fg = make_vehicle(slug="soyuz-fg", family=family)
        roskosmos, nasa = make_agency(slug="roskosmos"), make_agency(slug="nasa")
        make_incident(
            title="Soyuz MS-10",
            date=datetime.date(2018, 10, 11),
            vehicles=[soyuz, fg],
            agencies=[roskosmos, nasa],
        )
        make_incident(
            title="Progress MS-04",
            date=datetime.date(2016, 12, 1),
            vehicles=[soyuz],
            agencies=[roskosmos],
        )
        assert titles(client, "vehicle=soyuz-u") == ["Soyuz MS-10", "Progress MS-04"]
        assert titles(client, "family=r-7") == ["Soyuz MS-10", "Progress MS-04"]
        assert titles(client, "agency=roskosmos") == ["Soyuz MS-10", "Progress MS-04"]
        assert titles(client, "vehicle=soyuz-u&family=r-7&agency=roskosmos") == [
            "Soyuz MS-10",
            "Progress MS-04",
        ]

    def test_the_count_and_pages_count_each_incident_once(self, client):
        family = make_family(slug="r-7")
        vehicles = [make_vehicle(family=family) for _ in range(3)]
        for n in range(30):
            make_incident(
                title=f"Failure {n:02d}",
                date=datetime.date(1970, 1, 1) + datetime.timedelta(days=n),
                vehicles=vehicles,
            )
        response = client.get("/incidents/?family=r-7")
        assert response.context["page"].paginator.count == 30
        assertContains(response, '<p class="result-count">30 incidents</p>', html=True)
        second = titles(client, "family=r-7&page=2")
        assert second == [f"Failure {n:02d}" for n in range(4, -1, -1)]


class TestByDate:
    @pytest.fixture(autouse=True)
    def incidents(self):
        for day in [
            datetime.date(2015, 12, 31),
            datetime.date(2016, 1, 1),
            datetime.date(2016, 11, 30),
            datetime.date(2016, 12, 1),
            datetime.date(2016, 12, 31),
            datetime.date(2017, 1, 1),
        ]:
            make_incident(title=day.isoformat(), date=day)

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            (
                "date_from=2016",
                ["2017-01-01", "2016-12-31", "2016-12-01", "2016-11-30", "2016-01-01"],
            ),
            ("date_from=2016-12", ["2017-01-01", "2016-12-31", "2016-12-01"]),
            ("date_from=2016-12-01", ["2017-01-01", "2016-12-31", "2016-12-01"]),
            ("date_from=2016-12-02", ["2017-01-01", "2016-12-31"]),
            (
                "date_to=2016",
                ["2016-12-31", "2016-12-01", "2016-11-30", "2016-01-01", "2015-12-31"],
            ),
            (
                "date_to=2016-12",
                ["2016-12-31", "2016-12-01", "2016-11-30", "2016-01-01", "2015-12-31"],
            ),
            ("date_to=2016-11", ["2016-11-30", "2016-01-01", "2015-12-31"]),
            ("date_to=2016-12-01", ["2016-12-01", "2016-11-30", "2016-01-01", "2015-12-31"]),
            (
                "date_from=2016&date_to=2016",
                ["2016-12-31", "2016-12-01", "2016-11-30", "2016-01-01"],
            ),
            ("date_from=2016-12&date_to=2016-12", ["2016-12-31", "2016-12-01"]),
            ("date_from=2016-12-01&date_to=2016-12-01", ["2016-12-01"]),
        ],
    )
    def test_date_bounds_are_inclusive_of_the_whole_period_written(self, client, query, expected):
        assert titles(client, query) == expected

    def test_sort_oldest_first(self, client):
        assert titles(client, "date_from=2016-12&sort=oldest") == [
            "2016-12-01",
            "2016-12-31",
            "2017-01-01",
        ]

    def test_sort_newest_first(self, client):
        assert titles(client, "date_from=2016-12&sort=newest") == [
            "2017-01-01",
            "2016-12-31",
            "2016-12-01",
        ]

    @pytest.mark.parametrize(
        ("value", "message"),
        [
            ("yesterday", "“yesterday” is not a date; use 2016, 2016-12 or 2016-12-01."),
            ("2016-13", "“2016-13” is not a real date ("),
            ("2016-02-30", "“2016-02-30” is not a real date ("),
        ],
    )
    def test_an_invalid_date_shows_an_error_and_lists_nothing(self, client, value, message):
        response = client.get("/incidents/", {"date_from": value, "date_to": "2016-01"})
        assert response.status_code == 200
        assertContains(response, f'<span class="error">{message}')
        assert list(response.context["page"].object_list) == []

    def test_an_invalid_date_holding_markup_is_shown_escaped(self, client):
        response = client.get("/incidents/", {"date_from": "<script>alert(1)</script>"})
        assert response.status_code == 200
        assert "<script" not in response.content.decode()
        assertContains(response, "“&lt;script&gt;alert(1)&lt;/script&gt;” is not a date")

    @pytest.mark.parametrize("value", ["%", "%s", "%(value)s", "2016-%d"])
    def test_a_date_holding_a_percent_sign_shows_an_error_quoting_it(self, client, value):
        response = client.get("/incidents/", {"date_from": value})
        assert response.status_code == 200
        assertContains(response, f'<span class="error">“{value}” is not a date; use 2016,')
        assert list(response.context["page"].object_list) == []

    def test_an_incident_known_only_to_its_month_counts_from_mid_month(self, client):
        make_incident(
            title="December 2016", date=datetime.date(2016, 12, 1), date_precision="month"
        )
        make_incident(title="sometime 2016", date=datetime.date(2016, 1, 1), date_precision="year")
        assert titles(client, "date_from=2016-12-15") == [
            "2017-01-01",
            "2016-12-31",
            "December 2016",
            "sometime 2016",
        ]


class TestByWords:
    @pytest.fixture(autouse=True)
    def incidents(self):
        make_incident(
            title="Progress MS-04 lost",
            date=datetime.date(2016, 12, 1),
            summary="The third stage of the Soyuz-U failed.",
        )
        make_incident(
            title="Soyuz MS-10 abort",
            date=datetime.date(2018, 10, 11),
            summary="A booster hit the core stage during separation.",
        )
        make_incident(title="CRS-7", date=datetime.date(2015, 6, 28), summary="A strut failed.")
        make_incident(title="Soyuz draft", summary="third stage", published=False)

    @pytest.mark.parametrize(
        ("q", "expected"),
        [
            ("soyuz", ["Soyuz MS-10 abort", "Progress MS-04 lost"]),
            ("SOYUZ", ["Soyuz MS-10 abort", "Progress MS-04 lost"]),
            ("third stage", ["Progress MS-04 lost"]),
            ("soyuz stage", ["Soyuz MS-10 abort", "Progress MS-04 lost"]),
            ("soyuz separation", ["Soyuz MS-10 abort"]),
            ("failed", ["Progress MS-04 lost", "CRS-7"]),
            ("ariane", []),
            ("  ", ["Soyuz MS-10 abort", "Progress MS-04 lost", "CRS-7"]),
        ],
    )
    def test_every_word_must_appear_in_the_incident_as_search_reads_it(self, client, q, expected):
        assert titles(client, f"q={q}") == expected


class TestMenus:
    def test_menu_names_are_escaped_and_the_chosen_one_is_selected(self, client):
        vehicle = make_vehicle(name="<b>Soyuz</b>", slug="soyuz-bold")
        make_incident(vehicles=[vehicle])
        response = client.get("/incidents/", {"vehicle": "soyuz-bold"})
        html = response.content.decode()
        assert '<option value="soyuz-bold" selected>&lt;b&gt;Soyuz&lt;/b&gt;</option>' in html
        assert "<b>Soyuz</b>" not in html


class TestCachedMenus:
    """The menus are cached; whatever changes what they should offer is seen at once."""

    def vehicle_menu(self, client) -> list[str]:
        return menu_values(client.get("/incidents/"), "vehicle")

    def test_publishing_in_the_admin_adds_the_vehicle_to_the_menu(self, client, editor_client):
        make_incident(vehicles=[make_vehicle(slug="soyuz-u")])
        draft = make_incident(vehicles=[make_vehicle(slug="angara")], published=False)
        assert self.vehicle_menu(client) == ["", "soyuz-u"]
        editor_client.post(
            "/admin/incidents/incident/", {"action": "publish", "_selected_action": [draft.pk]}
        )
        assert sorted(self.vehicle_menu(client)) == ["", "angara", "soyuz-u"]

    def test_renaming_a_vehicle_in_the_admin_renames_its_option(self, client, editor_client):
        vehicle = make_vehicle(name="Soyuz U", slug="soyuz-u")
        make_incident(vehicles=[vehicle])
        assertContains(client.get("/incidents/"), '<option value="soyuz-u">Soyuz U</option>')
        response = editor_client.post(
            f"/admin/incidents/vehicle/{vehicle.pk}/change/",
            {
                "name": "Soyuz-U",
                "slug": "soyuz-u",
                "kind": vehicle.kind,
                "aliases": "",
                "version": fingerprint(vehicle),
            },
        )
        assert response.status_code == 302, response.context["adminform"].errors
        assertContains(client.get("/incidents/"), '<option value="soyuz-u">Soyuz-U</option>')

    def test_linking_a_vehicle_to_an_incident_adds_it(self, client):
        incident = make_incident(vehicles=[make_vehicle(slug="soyuz-u")])
        assert self.vehicle_menu(client) == ["", "soyuz-u"]
        incident.vehicles.add(make_vehicle(slug="soyuz-fg"))
        assert sorted(self.vehicle_menu(client)) == ["", "soyuz-fg", "soyuz-u"]

    def test_a_link_to_a_vehicle_the_cached_menu_lacks_still_filters(self, client):
        # Another process published it: nothing told this process's cache.
        make_incident(title="Soyuz-U failure", vehicles=[make_vehicle(slug="soyuz-u")])
        assert self.vehicle_menu(client) == ["", "soyuz-u"]
        draft = make_incident(title="Angara failure", vehicles=[make_vehicle(slug="angara")])
        Incident.objects.filter(pk=draft.pk).update(status=Incident.Status.DRAFT)
        self.vehicle_menu(client)  # cached without angara
        Incident.objects.filter(pk=draft.pk).update(status=Incident.Status.PUBLISHED)
        assert titles(client, "vehicle=angara") == ["Angara failure"]
        # The menu was read again (a page cached before stays as it was: a write through the
        # site changes the data version, this one behind its back does not).
        assert sorted(entry.slug for entry in menus.VEHICLES.options().entries) == [
            "angara",
            "soyuz-u",
        ]

    def test_loading_the_catalog_refreshes_the_menus(self, client, tmp_path):
        assert self.vehicle_menu(client) == [""]
        load_catalog(write_sample_catalog(tmp_path))
        assert len(self.vehicle_menu(client)) == 2


def row_meta(client, url: str = "/incidents/") -> list[str]:
    """The meta line of each listed incident (date, outcome, vehicles, agencies, site)."""
    html = client.get(url).content.decode()
    rows = re.findall(r'<div class="meta">(.*?)</div>', html, flags=re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in rows]


class TestRowNames:
    """A row names its vehicles and agencies from the menus' cache, by the ids its own query
    read; what changes a name or a link is seen at once, in every process (it changes the
    data version the menus are kept under, incidents/data_version.py)."""

    def test_a_row_names_its_vehicles_and_agencies_in_order_of_name(self, client):
        agencies = make_agencies(2, name=lambda n: ["TsSKB-Progress", "Roskosmos"][n])
        make_incident(
            vehicles=[make_vehicle(name="Soyuz-U"), make_vehicle(name="Progress MS")],
            agencies=agencies,
            site=make_site(name="Baikonur"),
        )
        assert row_meta(client) == [
            "1 December 2016 · Launch failure · Progress MS · Soyuz-U · Roskosmos · TsSKB-Progress"
            " · Baikonur"
        ]

    def test_renaming_a_vehicle_in_the_admin_renames_it_in_rows(self, client, editor_client):
        vehicle = make_vehicle(name="Soyuz U", slug="soyuz-u")
        make_incident(vehicles=[vehicle])
        assert row_meta(client)[0].endswith("· Soyuz U")
        editor_client.post(
            f"/admin/incidents/vehicle/{vehicle.pk}/change/",
            {
                "name": "Soyuz-U",
                "slug": "soyuz-u",
                "kind": vehicle.kind,
                "aliases": "",
                "version": fingerprint(vehicle),
            },
        )
        assert row_meta(client)[0].endswith("· Soyuz-U")

    @pytest.mark.usefixtures("no_page_cache")  # the menus' own fallback, under any page
    def test_a_link_the_cached_menu_lacks_is_still_named(self, client):
        incident = make_incident(vehicles=[make_vehicle(name="Soyuz-U")])
        progress = make_vehicle(name="Progress MS")
        row_meta(client)  # caches the menus
        # Another process linked it: no signal reached this process's cache.
        Incident.vehicles.through.objects.bulk_create(
            [Incident.vehicles.through(incident=incident, vehicle=progress)]
        )
        assert row_meta(client)[0].endswith("· Progress MS · Soyuz-U")
        assert progress.pk in menus.VEHICLES.options().by_pk  # the menu was read again

    def test_a_vehicle_of_unpublished_incidents_only_is_named_too(self):
        # Not in the menus (which list what published incidents use), yet named in a row.
        draft = make_incident(vehicles=[make_vehicle(name="Angara A5")], published=False)
        row = Incident.objects.filter(pk=draft.pk).with_list_data().get()
        assert [v.name for v in menus.row_vehicles(row)] == ["Angara A5"]

    def test_an_incident_read_without_list_data_asks_the_database(self):
        incident = make_incident(agencies=[make_agency(name="Roskosmos")])
        assert [a.name for a in menus.row_agencies(Incident.objects.get(pk=incident.pk))] == [
            "Roskosmos"
        ]
