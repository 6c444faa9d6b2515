"""Tests for incidents.catalog, the GCAT catalog readers.

Most tests write small samples in GCAT's formats (lines composed here, not copied from the
catalog). The tests at the end read the real files in ../shared/catalog.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from pathlib import Path

import pytest

from incidents.catalog import (
    LAUNCHES_FILE,
    ORGS_FILE,
    PHASES,
    SITES_FILE,
    VEHICLES_FILE,
    CatalogFormatError,
    FailureInfo,
    LaunchRow,
    Problem,
    describe_fail_code,
    read_launches,
    read_orgs,
    read_sites,
    read_vehicles,
)

CATALOG_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "catalog"

# --- sample builders ----------------------------------------------------------------------

ORGS_HEADER = (
    "#Code\tUCode\tStateCode\tType\tClass\tTStart\tTStop\tShortName\tName\tLocation\t"
    "Longitude\tLatitude\tError\tParent\tShortEName\tEName\tUName"
)
LV_HEADER = (
    "#LV_Name\tLV_Family\tLV_Manufacturer\tLV_Variant\tLV_Alias\tLV_Min_Stage\tLV_Max_Stage\t"
    "Length\tLFlag\tDiameter\tDFlag\tLaunch_Mass\tMFlag\tLEO_Capacity\tGTO_Capacity\t"
    "TO_Thrust\tClass\tApogee\tRange"
)
SITES_HEADER = (
    "#Site\tCode\tUCode\tType\tStateCode\tTStart\tTStop\tShortName\tName\tLocation\t"
    "Longitude\tLatitude\tError\tParent\tShortEName\tEName\tGroup\tUName"
)
UPDATED = "# Updated 2025 Dec  1 0108:57"
LAUNCHES_HEADER = (
    "Launch_Tag,Launch_JD,Launch_Date,LV_Type,Variant,Flight_ID,Flight,Mission,FlightCode,"
    "Platform,Launch_Site,Launch_Pad,Ascent_Site,Ascent_Pad,Apogee,Apoflag,Range,RangeFlag,"
    "Dest,OrbPay,Agency,LaunchCode,FailCode,Group,Category,LTCite,Cite,Notes"
)

# One invented orbital launch in the CSV layout, with GCAT's padding of numeric columns.
LAUNCH_DEFAULTS = {
    "Launch_Tag": "2030-001",
    "Launch_JD": "2462503.25",
    "Launch_Date": "2030-01-02",
    "LV_Type": "Soyuz-2-1A",
    "Variant": "-",
    "Flight_ID": "T 15000-999",
    "Flight": "Progress MS-99",
    "Mission": "Progress 7K-TGM No. 999",
    "FlightCode": "ISS 99P",
    "Platform": "-",
    "Launch_Site": "GIK-5",
    "Launch_Pad": "LC31",
    "Ascent_Site": "-",
    "Ascent_Pad": "-",
    "Apogee": "250.0",
    "Apoflag": " ",
    "Range": "    -",
    "RangeFlag": " ",
    "Dest": "-",
    "OrbPay": "7.300",
    "Agency": "FKA",
    "LaunchCode": "OS",
    "FailCode": "-",
    "Group": "G",
    "Category": "Sat ISS O",
    "LTCite": "Test",
    "Cite": "-",
    "Notes": "-",
}


def launch_line(**fields: str) -> str:
    values = {**LAUNCH_DEFAULTS, **fields}
    return ",".join(values[name] for name in LAUNCHES_HEADER.split(","))


def tsv(*fields: str) -> str:
    return "\t".join(fields)


def org_line(code: str = "FKA", **overrides: str) -> str:
    fields = {
        "UCode": "MOM",
        "StateCode": "RU",
        "Type": "O/LA/PL",
        "Class": "C",
        "TStart": "2004",
        "TStop": "2016 Jan  1",
        "ShortName": "Roskosmos",
        "Name": "Federal Space Agency",
        "Location": "Moskva",
        "Longitude": "     37.6200 ",
        "Latitude": "   55.7500 ",
        "Error": "0.0200 ",
        "Parent": "-",
        "ShortEName": "-",
        "EName": "Roscosmos",
        "UName": "Роскосмос",
        **overrides,
    }
    return tsv(code, *fields.values())


def lv_line(name: str = "Soyuz-U-PVB", **overrides: str) -> str:
    fields = {
        "LV_Family": "R-7                 ",
        "LV_Manufacturer": "PROG",
        "LV_Variant": "-",
        "LV_Alias": "-",
        "LV_Min_Stage": "  1",
        "LV_Max_Stage": "3",
        "Length": " 50.7 ",
        "LFlag": " ",
        "Diameter": " 2.95 ",
        "DFlag": " ",
        "Launch_Mass": "   310.0 ",
        "MFlag": " ",
        "LEO_Capacity": "    7000 ",
        "GTO_Capacity": "       0 ",
        "TO_Thrust": "    4000 ",
        "Class": "O",
        "Apogee": "   500 ",
        "Range": "-",
        **overrides,
    }
    return tsv(name, *fields.values())


def site_line(site: str = "GIK-5", **overrides: str) -> str:
    fields = {
        "Code": "-",
        "UCode": "GIK-5",
        "Type": "LS",
        "StateCode": "RU",
        "TStart": "1989",
        "TStop": "*",
        "ShortName": "Baykonur",
        "Name": "GIK-5 test range, Baykonur",
        "Location": "-",
        "Longitude": "     63.0000 ",
        "Latitude": "   46.0000 ",
        "Error": "0.0200 ",
        "Parent": "RVSN",
        "ShortEName": "Baykonur",
        "EName": "-",
        "Group": "KB",
        "UName": "Kosmodrom Baykonur",
        **overrides,
    }
    return tsv(site, *fields.values())


def write(tmp_path: Path, name: str, lines: Sequence[str]) -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def read_one_launch(tmp_path: Path, **fields: str) -> LaunchRow:
    path = write(tmp_path, LAUNCHES_FILE, [LAUNCHES_HEADER, launch_line(**fields)])
    result = read_launches(path)
    assert result.problems == ()
    (row,) = result.rows
    return row


# --- TSV conventions ----------------------------------------------------------------------


def test_padding_is_stripped_from_tsv_fields(tmp_path):
    path = write(tmp_path, VEHICLES_FILE, [LV_HEADER, UPDATED, lv_line()])
    (row,) = read_vehicles(path).rows
    assert row.family == "R-7"
    assert row.min_stage == 1
    assert row.length_m == 50.7
    assert row.launch_mass_t == 310.0
    assert row.leo_capacity_kg == 7000.0


def test_a_dash_means_an_empty_value(tmp_path):
    path = write(tmp_path, ORGS_FILE, [ORGS_HEADER, UPDATED, org_line(Parent="-", TStop="-")])
    (row,) = read_orgs(path).rows
    assert row.parent == ""
    assert row.stop == ""
    assert row.short_english_name == ""
    assert row.uncertain == frozenset()


def test_a_dash_in_a_number_column_reads_as_none(tmp_path):
    path = write(
        tmp_path, ORGS_FILE, [ORGS_HEADER, UPDATED, org_line(Longitude="-", Latitude=" - ")]
    )
    (row,) = read_orgs(path).rows
    assert row.longitude is None
    assert row.latitude is None


def test_a_trailing_question_mark_marks_the_value_uncertain(tmp_path):
    path = write(
        tmp_path,
        ORGS_FILE,
        [ORGS_HEADER, UPDATED, org_line(Location="Moskva?", TStop="?", TStart="1990?")],
    )
    (row,) = read_orgs(path).rows
    assert row.location == "Moskva"
    assert row.start == "1990"
    assert row.stop == ""
    assert row.uncertain == {"location", "start", "stop"}
    assert row.name == "Federal Space Agency"


def test_uncertain_codes_in_a_launch_lose_the_mark_but_keep_the_flag(tmp_path):
    row = read_one_launch(tmp_path, Variant="?", Agency="KVR?", Launch_Site="TYSC?")
    assert row.variant == ""
    assert row.agencies == ("KVR",)
    assert row.site == "TYSC"
    assert row.uncertain == {"variant", "agencies", "site"}


def test_a_question_mark_inside_a_value_is_not_an_uncertainty_mark(tmp_path):
    row = read_one_launch(tmp_path, Flight="Kosmos-60 [8K78/E6? ]")
    assert row.flight == "Kosmos-60 [8K78/E6? ]"
    assert "flight" not in row.uncertain


def test_flag_columns_mark_the_number_beside_them_uncertain(tmp_path):
    path = write(tmp_path, VEHICLES_FILE, [LV_HEADER, UPDATED, lv_line(LFlag="?", MFlag="?")])
    (vehicle,) = read_vehicles(path).rows
    assert vehicle.length_m == 50.7
    assert vehicle.uncertain == {"length_m", "launch_mass_t"}
    launch = read_one_launch(tmp_path, Apogee="190.0", Apoflag="?")
    assert launch.apogee_km == 190.0
    assert launch.uncertain == {"apogee_km"}


def test_slash_separated_lists_are_split(tmp_path):
    path = write(tmp_path, ORGS_FILE, [ORGS_HEADER, UPDATED, org_line(Type="O/LA/PL")])
    assert read_orgs(path).rows[0].types == ("O", "LA", "PL")
    path = write(
        tmp_path, VEHICLES_FILE, [LV_HEADER, UPDATED, lv_line(LV_Manufacturer="KBKhA/RKK?")]
    )
    (vehicle,) = read_vehicles(path).rows
    assert vehicle.manufacturers == ("KBKhA", "RKK")
    assert vehicle.uncertain == {"manufacturers"}


def test_a_launch_with_several_agencies_lists_them_all(tmp_path):
    row = read_one_launch(tmp_path, Agency="ISRO/NSIL")
    assert row.agencies == ("ISRO", "NSIL")


def test_the_header_and_comment_lines_are_skipped(tmp_path):
    path = write(
        tmp_path,
        SITES_FILE,
        [SITES_HEADER, UPDATED, site_line("GIK-5"), "# a later comment", site_line("GIK-1")],
    )
    result = read_sites(path)
    assert result.problems == ()
    assert [row.code for row in result.rows] == ["GIK-5", "GIK-1"]
    assert [row.line for row in result.rows] == [3, 5]


def test_a_site_row_reads_every_column(tmp_path):
    path = write(tmp_path, SITES_FILE, [SITES_HEADER, UPDATED, site_line(Parent="RVSN?")])
    (row,) = read_sites(path).rows
    assert (row.code, row.ucode, row.site_type, row.state_code) == ("GIK-5", "GIK-5", "LS", "RU")
    assert (row.start, row.stop) == ("1989", "*")
    assert (row.short_name, row.short_english_name, row.english_name) == (
        "Baykonur",
        "Baykonur",
        "",
    )
    assert (row.longitude, row.latitude) == (63.0, 46.0)
    assert (row.group, row.native_name) == ("KB", "Kosmodrom Baykonur")
    assert row.parent == "RVSN"
    assert row.uncertain == {"parent"}


def test_double_quotes_in_a_tsv_are_ordinary_characters(tmp_path):
    path = write(tmp_path, ORGS_FILE, [ORGS_HEADER, UPDATED, org_line(Name='Zavod "Progress"')])
    assert read_orgs(path).rows[0].name == 'Zavod "Progress"'


def test_gcats_vehicle_named_question_mark_keeps_its_name(tmp_path):
    path = write(tmp_path, VEHICLES_FILE, [LV_HEADER, UPDATED, lv_line("?")])
    result = read_vehicles(path)
    assert result.problems == ()
    assert result.rows[0].name == "?"
    assert result.rows[0].uncertain == {"name"}


# --- malformed rows -----------------------------------------------------------------------


def test_a_short_line_is_reported_with_its_line_number_and_the_next_line_is_still_read(tmp_path):
    short = tsv("BROKEN", "-", "RU", "O", "C", "2001", "-")
    path = write(
        tmp_path, ORGS_FILE, [ORGS_HEADER, UPDATED, org_line("FKA"), short, org_line("RVSN")]
    )
    result = read_orgs(path)
    assert [row.code for row in result.rows] == ["FKA", "RVSN"]
    assert result.problems == (Problem(str(path), 4, "expected 17 tab-separated fields, found 7"),)


def test_a_malformed_csv_line_is_reported_and_skipped(tmp_path):
    lines = [
        LAUNCHES_HEADER,
        launch_line(Launch_Tag="2030-001"),
        "2030-002,2462504.5,2030-01-03,Falcon 9",
        launch_line(Launch_Tag="2030-003"),
    ]
    result = read_launches(write(tmp_path, LAUNCHES_FILE, lines))
    assert [row.tag for row in result.rows] == ["2030-001", "2030-003"]
    (problem,) = result.problems
    assert problem.line == 3
    assert problem.reason == "expected 28 comma-separated fields, found 4"
    assert str(problem).endswith(f"{LAUNCHES_FILE}:3: expected 28 comma-separated fields, found 4")


def test_a_stray_quote_spoils_only_its_own_line(tmp_path):
    lines = [
        LAUNCHES_HEADER,
        launch_line(Launch_Tag="2030-001", Flight='"Unclosed name'),
        launch_line(Launch_Tag="2030-002"),
    ]
    result = read_launches(write(tmp_path, LAUNCHES_FILE, lines))
    assert [row.tag for row in result.rows] == ["2030-002"]
    assert [problem.line for problem in result.problems] == [2]


def test_a_line_the_csv_module_rejects_is_a_problem_not_a_crash(tmp_path):
    too_long = "x" * 200_000  # beyond the csv module's field size limit
    lines = [LAUNCHES_HEADER, launch_line(Notes=too_long), launch_line(Launch_Tag="2030-002")]
    result = read_launches(write(tmp_path, LAUNCHES_FILE, lines))
    assert [row.tag for row in result.rows] == ["2030-002"]
    assert result.problems[0].line == 2
    assert result.problems[0].reason.startswith("unreadable line")


def test_an_unparseable_date_becomes_a_problem(tmp_path):
    lines = [LAUNCHES_HEADER, launch_line(Launch_Date="2030 Jan 2"), launch_line()]
    result = read_launches(write(tmp_path, LAUNCHES_FILE, lines))
    assert len(result.rows) == 1
    assert result.problems[0].line == 2
    assert "Launch_Date" in result.problems[0].reason


def test_an_unparseable_number_becomes_a_problem(tmp_path):
    path = write(
        tmp_path,
        VEHICLES_FILE,
        [LV_HEADER, UPDATED, lv_line("Bad", Length=" 5o.7 "), lv_line("Good")],
    )
    result = read_vehicles(path)
    assert [row.name for row in result.rows] == ["Good"]
    assert result.problems[0].line == 3
    assert result.problems[0].reason == "Length is not a number: '5o.7'"


def test_an_empty_key_becomes_a_problem(tmp_path):
    lines = [LAUNCHES_HEADER, launch_line(Launch_Tag="  "), launch_line()]
    result = read_launches(write(tmp_path, LAUNCHES_FILE, lines))
    assert len(result.rows) == 1
    assert result.problems[0].reason == "empty Launch_Tag"
    path = write(tmp_path, SITES_FILE, [SITES_HEADER, UPDATED, site_line("-")])
    assert read_sites(path).problems[0].reason == "empty Site"


def test_an_unknown_launch_code_becomes_a_problem(tmp_path):
    lines = [LAUNCHES_HEADER, launch_line(LaunchCode="success")]
    result = read_launches(write(tmp_path, LAUNCHES_FILE, lines))
    assert result.rows == ()
    assert "LaunchCode" in result.problems[0].reason


def test_a_missing_file_raises_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError):
        read_orgs(tmp_path / "no-such-orgs.tsv")


def test_a_tsv_without_a_gcat_header_is_rejected(tmp_path):
    path = write(tmp_path, ORGS_FILE, [org_line()])
    with pytest.raises(CatalogFormatError, match="header"):
        read_orgs(path)


def test_a_file_that_is_not_utf8_is_rejected(tmp_path):
    path = tmp_path / ORGS_FILE
    path.write_bytes((ORGS_HEADER + "\n" + org_line(Name="Zavod") + "\n").encode() + b"\xff\xfe")
    with pytest.raises(CatalogFormatError, match="UTF-8"):
        read_orgs(path)


# --- the launch CSV -----------------------------------------------------------------------


def test_padded_numbers_in_the_csv_are_read(tmp_path):
    row = read_one_launch(tmp_path, Launch_JD=" 2462503.25 ", Apogee="  250.0 ", OrbPay=" 7.3")
    assert row.julian_date == 2462503.25
    assert row.apogee_km == 250.0
    assert row.payload_mass_t == 7.3
    assert row.date == datetime.date(2030, 1, 2)


def test_an_empty_apogee_reads_as_none(tmp_path):
    assert read_one_launch(tmp_path, Apogee="").apogee_km is None


def test_quoted_csv_fields_may_hold_commas(tmp_path):
    row = read_one_launch(tmp_path, Notes='"Control failure, pitched"')
    assert row.notes == "Control failure, pitched"


@pytest.mark.parametrize(
    ("code", "deep_space", "outcome", "fraction"),
    [
        ("OS", False, "S", None),
        ("OF30", False, "F", 30),
        ("OE", False, "E", None),
        ("DS", True, "S", None),
        ("OS75", False, "S", 75),
        ("OF", False, "F", None),
    ],
)
def test_launch_codes_give_outcome_and_success_fraction(
    tmp_path, code, deep_space, outcome, fraction
):
    row = read_one_launch(tmp_path, LaunchCode=code)
    assert row.launch_code == code
    assert row.is_deep_space is deep_space
    assert row.outcome_letter == outcome
    assert row.success_fraction == fraction


def test_the_fail_code_keeps_its_markers_for_describe_fail_code(tmp_path):
    row = read_one_launch(tmp_path, LaunchCode="OF", FailCode="S2U?")
    assert row.fail_code == "S2U?"
    assert "fail_code" in row.uncertain
    assert read_one_launch(tmp_path, FailCode="-").fail_code == ""


# --- fail codes ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "phase", "system"),
    [
        ("S3P", "third_stage", "propulsion"),
        ("PE", "pad", "explosion"),
        ("S0P", "boosters", "propulsion"),
        ("S1G", "first_stage", "guidance and control"),
        ("S2S", "second_stage", "separation"),
        ("S4I", "fourth_stage", "ignition"),
        ("S2R", "second_stage", "restart"),
        ("S1E", "first_stage", "electrical"),
        ("S3U", "third_stage", "underperformance"),
        ("S2", "second_stage", ""),
        ("FF", "fairing", "fairing failure"),
        ("PA", "payload", "separation or deployment"),
        ("PI", "payload", "ignition"),
        ("PG", "payload", "guidance and control"),
        ("AD", "ground", "accidental destruct"),
        ("WX", "ground", "weather"),
        ("U", "unknown", ""),
        ("UX", "unknown", "launch unconfirmed"),
    ],
)
def test_fail_codes_name_the_phase_and_system(code, phase, system):
    info = describe_fail_code(code)
    assert info == FailureInfo(phase=phase, system=system, uncertain=False, code=code)


def test_the_third_stage_propulsion_code_reads_as_a_sentence():
    assert describe_fail_code("S3P").summary == "third stage: propulsion"


def test_an_empty_fail_code_describes_nothing():
    assert describe_fail_code("") is None
    assert describe_fail_code("-") is None
    assert describe_fail_code("  ") is None


def test_a_question_mark_makes_a_fail_code_uncertain():
    info = describe_fail_code("S2U?")
    assert (info.phase, info.system, info.uncertain, info.code) == (
        "second_stage",
        "underperformance",
        True,
        "S2U?",
    )
    assert describe_fail_code("PE?").uncertain is True


def test_a_burn_number_after_the_stage_code_is_kept():
    info = describe_fail_code("S2P2")
    assert (info.phase, info.system, info.burn) == ("second_stage", "propulsion", 2)
    assert describe_fail_code("S2G2*").burn == 2
    assert describe_fail_code("S2G2*").summary == "second stage: guidance and control (burn 2)"


def test_a_star_is_reported_without_making_the_code_uncertain():
    info = describe_fail_code("S1S*")
    assert (info.phase, info.system) == ("first_stage", "separation")
    assert info.starred is True
    assert info.uncertain is False


def test_a_slash_joins_two_failure_codes():
    info = describe_fail_code("AD/S1S")
    assert (info.phase, info.system) == ("ground", "accidental destruct")
    assert info.also == (FailureInfo("first_stage", "separation", False, "S1S"),)
    assert describe_fail_code("S2P/FS").also[0].phase == "fairing"


def test_stages_above_four_count_as_upper_stage_and_nonsense_as_unknown():
    assert describe_fail_code("S5P").phase == "upper_stage"
    assert describe_fail_code("QQ").phase == "unknown"


# --- the real catalog files ---------------------------------------------------------------

real_catalog = pytest.mark.skipif(
    not CATALOG_DIR.is_dir(), reason=f"GCAT catalog not found at {CATALOG_DIR}"
)


@pytest.fixture(scope="module")
def real_launches():
    return read_launches(CATALOG_DIR / LAUNCHES_FILE)


@pytest.fixture(scope="module")
def launches_by_tag(real_launches):
    return {row.tag: row for row in real_launches.rows}


@real_catalog
def test_the_real_files_read_completely_with_no_problems(real_launches):
    vehicles = read_vehicles(CATALOG_DIR / VEHICLES_FILE)
    orgs = read_orgs(CATALOG_DIR / ORGS_FILE)
    sites = read_sites(CATALOG_DIR / SITES_FILE)
    counts = [len(r.rows) for r in (real_launches, vehicles, orgs, sites)]
    assert counts == [7141, 1805, 3968, 706]
    assert [r.problems for r in (real_launches, vehicles, orgs, sites)] == [()] * 4


@real_catalog
def test_progress_ms_04_is_a_third_stage_propulsion_failure(launches_by_tag):
    row = launches_by_tag["2016-F02"]
    assert row.flight == "Progress MS-04"
    assert row.lv_type == "Soyuz-U-PVB"
    assert row.site == "GIK-5"
    assert row.agencies == ("FKA",)
    assert row.launch_code == "OF"
    assert row.fail_code == "S3P"
    assert row.date == datetime.date(2016, 12, 1)
    info = describe_fail_code(row.fail_code)
    assert (info.phase, info.system) == ("third_stage", "propulsion")


@real_catalog
def test_progress_m_27m_has_a_success_fraction_of_thirty(launches_by_tag):
    assert launches_by_tag["2015-024"].success_fraction == 30


@real_catalog
def test_amos_6_is_a_pad_event(launches_by_tag):
    assert launches_by_tag["2016-E01"].outcome_letter == "E"


@real_catalog
def test_the_real_catalog_has_the_expected_numbers_of_failures(real_launches):
    codes = [row.launch_code for row in real_launches.rows]
    assert sum(code.startswith("OF") for code in codes) == 501
    assert sum(code.startswith("OE") for code in codes) == 15
    partial = [
        row
        for row in real_launches.rows
        if row.launch_code.startswith("OS") and (row.success_fraction or 100) < 100
    ]
    assert len(partial) == 32


@real_catalog
def test_every_real_fail_code_has_a_sensible_description(real_launches):
    codes = {row.fail_code for row in real_launches.rows if row.fail_code}
    assert len(codes) > 50
    for code in sorted(codes):
        info = describe_fail_code(code)
        assert info is not None, code
        assert info.phase in PHASES, code
        for part in (info, *info.also):
            if not part.code.startswith("U"):
                assert part.phase != "unknown", code


@real_catalog
def test_the_real_reference_rows_link_up():
    orgs = {row.code: row for row in read_orgs(CATALOG_DIR / ORGS_FILE).rows}
    sites = {row.code: row for row in read_sites(CATALOG_DIR / SITES_FILE).rows}
    vehicles = read_vehicles(CATALOG_DIR / VEHICLES_FILE).rows
    assert orgs["FKA"].short_name == "Roskosmos"
    assert orgs["FKA"].types == ("O", "LA", "PL")
    assert sites["GIK-5"].short_name == "Baykonur"
    soyuz = [row for row in vehicles if row.name == "Soyuz-U-PVB"]
    assert soyuz and all(row.family == "R-7" for row in soyuz)
