"""catalog_names: what the catalog loader calls missions, incidents and sites, without a
database."""

import dataclasses
import datetime
from collections import Counter

from incidents import catalog
from incidents.catalog_names import (
    alias_text,
    flight_name,
    groups_by_name,
    incident_title,
    mission_aliases,
    mission_name,
    placeholder_mission_name,
    series_words,
    site_name,
    space_digits,
    umbrella_code,
    with_uncertainty,
)

DAY = datetime.date(2016, 12, 1)
LAUNCH = catalog.LaunchRow(
    tag="2016-F02",
    julian_date=None,
    date=DAY,
    lv_type="Soyuz-U",
    variant="",
    flight_id="",
    flight="Progress MS-04",
    mission="Progress MS-04",
    flight_code="-",
    platform="",
    site="GIK-5",
    pad="LC1",
    apogee_km=None,
    dest="",
    payload_mass_t=None,
    agencies=("FKA",),
    launch_code="OF",
    fail_code="S3P",
    category="",
    notes="",
    uncertain=frozenset(),
    line=2,
)
SITE = catalog.SiteRow(
    code="NIIP-5",
    ucode="",
    site_type="LC",
    state_code="SU",
    start="1955",
    stop="*",
    short_name="Tyuratam",
    name="NIIP-5 Tyuratam",
    location="",
    longitude=None,
    latitude=None,
    parent="",
    short_english_name="",
    english_name="",
    group="",
    native_name="",
    uncertain=frozenset(),
    line=2,
)


def launch(**changes) -> catalog.LaunchRow:
    return dataclasses.replace(LAUNCH, **changes)


class TestAliases:
    def test_gcat_run_together_names_get_the_space_people_write(self):
        assert [space_digits(n) for n in ("Falcon9", "Atlas5", "R-7")] == [
            "Falcon 9",
            "Atlas 5",
            "R-7",
        ]

    def test_gcats_long_form_of_a_name_is_not_a_second_alias(self):
        text = alias_text("Baikonur", ["GIK-5", "Baykonur", "GIK-5, Baykonur, Kazakstan"])
        assert text == "GIK-5\nBaykonur"

    def test_alias_text_keeps_each_other_name_once_without_the_name_itself(self):
        text = alias_text("Soyuz-U", ["soyuz-u", "Soyuz U", "-", "  ", "SOYUZ U"], "11A511U")
        assert text == "Soyuz U\n11A511U"

    def test_an_iss_supply_flight_is_also_known_by_its_flight_number(self):
        aliases = mission_aliases(launch(flight_code="ISS 65P"), "Progress MS-04")
        assert aliases[:3] == ["ISS 65P", "65P", "Progress 65"]

    def test_a_word_that_opens_many_payload_names_is_a_series_not_a_name(self):
        launches = [
            launch(flight="Starlink 1", mission="Starlink 1"),
            launch(flight="Starlink 2", mission="Starlink 2"),
            launch(flight="Progress MS-04", mission="Progress MS-04"),
        ]
        assert series_words(launches) == frozenset({"starlink"})


class TestGroups:
    def test_rows_that_get_one_name_are_one_group_keyed_by_the_most_used_member(self):
        rows = [("NIIP-5", "Baikonur"), ("GIK-5", "Baikonur"), ("CC", "Cape Canaveral")]
        groups = groups_by_name(
            rows,
            name_of=lambda row: row[1],
            key_of=lambda row: row[0],
            uses=Counter({"GIK-5": 10, "NIIP-5": 3, "CC": 1}),
        )
        assert groups == [
            ("Baikonur", ("GIK-5", "Baikonur"), [("GIK-5", "Baikonur"), ("NIIP-5", "Baikonur")]),
            ("Cape Canaveral", ("CC", "Cape Canaveral"), [("CC", "Cape Canaveral")]),
        ]

    def test_unused_members_tie_on_their_code(self):
        rows = [("B", "Site"), ("A", "Site")]
        ((_, primary, _),) = groups_by_name(
            rows, name_of=lambda row: row[1], key_of=lambda row: row[0], uses=Counter()
        )
        assert primary == ("A", "Site")

    def test_a_site_goes_by_its_curated_name_first(self):
        assert site_name(SITE) == "Baikonur Cosmodrome"

    def test_a_site_without_one_goes_by_its_short_english_then_its_short_name(self):
        uncurated = dataclasses.replace(SITE, code="X-1")
        assert site_name(uncurated) == "Tyuratam"
        assert site_name(dataclasses.replace(uncurated, short_english_name="Site X")) == "Site X"


class TestMissionNames:
    def test_a_flight_is_known_by_its_gcat_flight_name(self):
        assert mission_name(LAUNCH, "Soyuz-U") == "Progress MS-04"

    def test_a_named_cygnus_ship_is_known_by_its_mission(self):
        row = launch(flight="S.S. Deke Slayton", mission="Cygnus OA-3")
        assert flight_name(row, "Antares") == "Cygnus OA-3"

    def test_a_placeholder_or_the_rockets_own_name_is_no_name(self):
        for flight in ("Test", "Dummy payload", "Soyuz-U", "[Payload?]"):
            row = launch(flight=flight, mission=flight)
            assert flight_name(row, "Soyuz-U") is None, flight
            assert mission_name(row, "Soyuz-U") == "Soyuz-U (1 December 2016)"

    def test_a_flight_without_a_name_is_known_by_its_flight_id(self):
        row = launch(flight="Test", mission="Test", flight_id="LV0006")
        assert flight_name(row, "Rocket 3.3") == "Rocket 3.3 LV0006"

    def test_gcats_uncertainty_marks_are_not_part_of_the_name(self):
        assert flight_name(launch(flight="[Kosmos 1234?]"), "Soyuz-U") == "Kosmos 1234"

    def test_gcats_doubt_about_a_field_is_kept_as_a_question_mark(self):
        assert with_uncertainty("Turbopump", True) == "Turbopump?"
        assert with_uncertainty("Turbopump", False) == "Turbopump"
        assert with_uncertainty("", True) == ""


class TestIncidentTitles:
    def test_a_named_flight_gives_mission_label_rocket_and_day(self):
        title = incident_title("Progress MS-04", "Soyuz-U", "launch failure", DAY)
        assert title == "Progress MS-04 launch failure, Soyuz-U, 1 December 2016"

    def test_a_flight_named_after_its_rocket_names_the_rocket_once(self):
        title = incident_title("Rocket 3.3 LV0006", "Rocket 3.3", "launch failure", DAY)
        assert title == "Rocket 3.3 LV0006 launch failure, 1 December 2016"

    def test_a_flight_without_a_name_is_the_rockets_failure_that_day(self):
        name = placeholder_mission_name("Eris Block 1", DAY)
        title = incident_title(name, "Eris Block 1", "launch failure", DAY)
        assert title == "Eris Block 1 launch failure, 1 December 2016"


class TestPadAborts:
    RSLS = {"lv_type": "Space Shuttle", "flight": "RSLS abort", "mission": "-"}

    def test_a_shuttle_pad_abort_is_named_by_the_flight_it_held_back(self):
        row = launch(**self.RSLS, flight_id="STS 41-D Abort")
        assert flight_name(row, "Space Shuttle") == "STS-41-D"
        title = incident_title("STS-41-D", "Space Shuttle", "pad abort (RSLS)", DAY)
        assert title == "STS-41-D pad abort (RSLS), 1 December 2016"

    def test_an_abort_described_in_the_flight_field_is_no_name(self):
        row = launch(flight="RSLS Abort", mission="-", flight_id="", lv_type="Titan II GLV")
        assert flight_name(row, "Titan II GLV") is None

    def test_a_chinese_payload_is_named_with_its_pinyin_joined(self):
        row = launch(flight="Shi Jian 18", mission="Shi Jian 18", lv_type="Chang Zheng 5")
        assert mission_name(row, "Long March 5") == "Shijian 18"
        assert "Shi Jian 18" in mission_aliases(row, "Shijian 18")


def org(code: str, org_class: str, parent: str = "-") -> catalog.OrgRow:
    return catalog.OrgRow(
        code=code,
        ucode=code,
        state_code="US",
        types=("O",),
        org_class=org_class,
        start="",
        stop="",
        short_name=code,
        name=code,
        location="",
        longitude=None,
        latitude=None,
        parent=parent,
        short_english_name="",
        english_name="",
        native_name="",
        uncertain=frozenset(),
        line=2,
    )


class TestUmbrellas:
    ORGS = {
        row.code: row
        for row in (
            org("NASA", "C"),
            org("JSC", "C", parent="NASA"),
            org("USAF", "D"),
            org("AFSC", "D", parent="USAF"),
            org("AFSSD", "D", parent="AFSC"),
            org("LM", "B"),
            org("ULAL", "B", parent="LM"),
            org("CASC", "C"),
            org("SAST", "B", parent="CASC"),
        )
    }

    def test_a_government_centre_is_named_by_the_top_of_its_chain(self):
        assert umbrella_code("JSC", self.ORGS) == "NASA"
        assert umbrella_code("AFSSD", self.ORGS) == "USAF"

    def test_the_top_and_companies_have_no_umbrella(self):
        assert umbrella_code("NASA", self.ORGS) is None
        assert umbrella_code("ULAL", self.ORGS) is None  # owned by Lockheed Martin, not named so
        assert umbrella_code("SAST", self.ORGS) is None
