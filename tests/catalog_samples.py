"""Small catalogs written for a test, in GCAT's formats, for the tests that need a few launches
rather than the whole real catalog (see tests/gcat.py for that)."""

import shutil
from pathlib import Path

from django.conf import settings

from incidents.catalog import LAUNCHES_FILE, ORGS_FILE, SITES_FILE, VEHICLES_FILE

ORGS_HEADER = (
    "#Code\tUCode\tStateCode\tType\tClass\tTStart\tTStop\tShortName\tName\tLocation\t"
    "Longitude\tLatitude\tError\tParent\tShortEName\tEName\tUName\n# Updated 2025 Dec  1\n"
)
LV_HEADER = (
    "#LV_Name\tLV_Family\tLV_Manufacturer\tLV_Variant\tLV_Alias\tLV_Min_Stage\tLV_Max_Stage\t"
    "Length\tLFlag\tDiameter\tDFlag\tLaunch_Mass\tMFlag\tLEO_Capacity\tGTO_Capacity\t"
    "TO_Thrust\tClass\tApogee\tRange\n# Updated 2025 Dec  1\n"
)
SITES_HEADER = (
    "#Site\tCode\tUCode\tType\tStateCode\tTStart\tTStop\tShortName\tName\tLocation\t"
    "Longitude\tLatitude\tError\tParent\tShortEName\tEName\tGroup\tUName\n# Updated 2025\n"
)
LAUNCH_HEADER = (
    "Launch_Tag,Launch_JD,Launch_Date,LV_Type,Variant,Flight_ID,Flight,Mission,FlightCode,"
    "Platform,Launch_Site,Launch_Pad,Ascent_Site,Ascent_Pad,Apogee,Apoflag,Range,RangeFlag,"
    "Dest,OrbPay,Agency,LaunchCode,FailCode,Group,Category,LTCite,Cite,Notes\n"
)


def tsv(*fields: str) -> str:
    return "\t".join(fields) + "\n"


def launch(tag, date, lv, flight, site, agency, code, fail="-", notes="-", flight_code="-"):
    return (
        f"{tag},2457724.12,{date},{lv},-,X1,{flight},{flight} payload,{flight_code},-,{site},"
        f"LC1,-,-,190.0, ,    -, ,-,7.2,{agency},{code},{fail},G,Sat ISS O,x,-,{notes}\n"
    )


def write_sample_catalog(folder: Path, *, note: str = "Turbopump?") -> Path:
    (folder / "orgs.tsv").write_text(
        ORGS_HEADER
        + tsv(
            "FKA",
            "MOM",
            "RU",
            "O/LA",
            "C",
            "2004",
            "-",
            "Roskosmos",
            "Roskosmos agency",
            "Moskva",
            "37.6",
            "55.7",
            "0.02",
            "-",
            "-",
            "Roskosmos",
            "Роскосмос",
        )
        + tsv(
            "PROG",
            "PROG",
            "RU",
            "LV",
            "C",
            "1961?",
            "-",
            "Progress",
            "Zavod Progress",
            "Samara",
            "50.1",
            "53.2",
            "0.02",
            "-",
            "-",
            "-",
            "-",
        ),
        encoding="utf-8",
    )
    (folder / "lv.tsv").write_text(
        LV_HEADER
        + tsv(
            "Soyuz-U-PVB",
            "R-7   ",
            "PROG",
            "-",
            "-",
            "  1",
            "3",
            " 51.1 ",
            " ",
            " 2.95 ",
            " ",
            " 313.0 ",
            " ",
            " 7000 ",
            " 0 ",
            " 4000 ",
            "O",
            " 200 ",
            "-",
        ),
        encoding="utf-8",
    )
    (folder / "sites.tsv").write_text(
        SITES_HEADER
        + tsv(
            "GIK-5",
            "-",
            "GIK-5",
            "LS",
            "RU",
            "1989",
            "*",
            "Baykonur",
            "GIK-5, Baykonur, Kazakstan",
            "-",
            "63.0",
            "46.0",
            "0.02",
            "-",
            "Baykonur",
            "-",
            "KB",
            "-",
        ),
        encoding="utf-8",
    )
    (folder / "orbital-launches.csv").write_text(
        LAUNCH_HEADER
        + launch(
            "2016-F02",
            "2016-12-01",
            "Soyuz-U-PVB",
            "Progress MS-04",
            "GIK-5",
            "FKA",
            "OF",
            "S3P",
            note,
            "ISS 65P",
        )
        + launch("2016-070", "2016-12-05", "Soyuz-U-PVB", "Progress MS-05", "GIK-5", "FKA", "OS")
        + "1900-X,not a date\n",
        encoding="utf-8",
    )
    return folder


def write_catalog_extract(folder: Path, *, launch_tags: set[str]) -> Path:
    """The real catalog's organisations, vehicles and sites, and of its launches only those
    tagged `launch_tags` (the loader keeps only what those launches name): a load in about a
    second instead of the whole catalog's five or more."""
    real = Path(settings.CATALOG_DIR)
    for name in (ORGS_FILE, VEHICLES_FILE, SITES_FILE):
        shutil.copyfile(real / name, folder / name)
    lines = (real / LAUNCHES_FILE).read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines[1:] if line.split(",", 1)[0] in launch_tags]
    assert len(kept) == len(launch_tags), f"not all of {sorted(launch_tags)} are in GCAT"
    (folder / LAUNCHES_FILE).write_text(lines[0] + "".join(kept), encoding="utf-8")
    return folder
