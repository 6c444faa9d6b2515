"""Names the press uses that GCAT does not record, keyed by GCAT's own identifiers.

Each entry is a fact with its source. The loader adds these to the aliases it derives from
GCAT's fields (short, English and native names, flight codes such as "ISS 65P").
Keys: agencies and sites by GCAT code, vehicles by (LV_Name, LV_Variant), families by
LV_Family, missions by launch tag.
"""

AGENCY_ALIASES: dict[str, list[str]] = {
    # Roskosmos became the State Space Corporation "Roscosmos" on 1 January 2016 and English
    # news uses that spelling (roscosmos.ru); GCAT's FKA row spells it Roskosmos.
    "FKA": ["Roscosmos", "Russian space agency", "Russian Federal Space Agency"],
    # GCAT's org for the state corporation from 2016 on (Korporatsii Roskosmos).
    "ROSK": ["Roscosmos", "Roscosmos State Corporation"],
    # Orbital Sciences merged with ATK's aerospace group in February 2015 to form Orbital ATK
    # (later Northrop Grumman Innovation Systems); news of 2015-2018 names the Antares/Cygnus
    # line "Orbital ATK".
    "OSC": ["Orbital ATK", "Orbital Sciences Corporation"],
    "OSCW": ["Orbital ATK", "Orbital Sciences"],
    # United Launch Alliance is written "ULA" in almost every article.
    "ULAL": ["ULA", "United Launch Alliance"],
    # JAXA's English name as written in news.
    "JAXA": ["Japan Aerospace Exploration Agency"],
}

# Keyed by the family's name as people say it (curated_names.FAMILIES).
FAMILY_ALIASES: dict[str, list[str]] = {
    # The R-7 rockets fly as "Soyuz"; the press writes "Soyuz rocket" (roscosmos.ru).
    "Soyuz": ["Soyuz rocket", "Soyuz rockets", "Soyuz launcher"],
    # China's rockets: "Long March", "Chang Zheng", "CZ" (cnsa.gov.cn).
    "Long March": ["Long March rocket", "Chang Zheng", "Long March rockets"],
    "Falcon": ["Falcon rocket", "Falcon rockets"],
}

# Keyed by (LV_Name, LV_Variant); a variant of "*" gives the names to every variant.
VEHICLE_ALIASES: dict[tuple[str, str], list[str]] = {
    # Soyuz-U with the PVB upgrade is still called plain "Soyuz-U" by Roscosmos and the press
    # (e.g. for Progress MS-04, 1 December 2016).
    ("Soyuz-U-PVB", ""): ["Soyuz-U", "Soyuz U"],
    # Soyuz-2.1a is GCAT's Soyuz-2-1A; news writes "Soyuz-2.1a" or "Soyuz-2".
    ("Soyuz-2-1A", ""): ["Soyuz-2.1a", "Soyuz 2.1a", "Soyuz-2"],
    # Antares 130 flew Cygnus Orb-3 (28 October 2014); press writes plain "Antares".
    ("Antares 130", ""): ["Antares"],
    # Astra's Rocket 3 (LV0004 to LV0010): the company and press write "Rocket 3.3" and
    # "Rocket 3" without the maker's name (astra.com, SpaceNews 2020-2022).
    ("Astra Rocket 3.1", "*"): ["Rocket 3.1", "Rocket 3"],
    ("Astra Rocket 3.2", "*"): ["Rocket 3.2", "Rocket 3"],
    ("Astra Rocket 3.3", "*"): ["Rocket 3.3", "Rocket 3"],
    # JAXA's H3 flies as H3-22S and H3-24W (number of engines, boosters, fairing); JAXA and
    # the press write "H3" or "H-3" (global.jaxa.jp).
    ("H3-22S", "*"): ["H3", "H-3"],
    ("H3-24W", "*"): ["H3", "H-3"],
}

SITE_ALIASES: dict[str, list[str]] = {
    # GIK-5 is the Baikonur Cosmodrome in Kazakhstan (GCAT: "Baykonur").
    "GIK-5": ["Baikonur", "Baikonur Cosmodrome", "Baikonur Space Center", "Tyuratam"],
    "NIIP-5": ["Baikonur", "Baikonur Cosmodrome", "Tyuratam"],
    # Wallops: the Mid-Atlantic Regional Spaceport, Virginia.
    "MARS": ["Wallops", "Wallops Island", "Mid-Atlantic Regional Spaceport"],
    "CC": ["Cape Canaveral"],
    # Rocket Lab Launch Complex 1, Mahia Peninsula, New Zealand.
    "MAHIA": ["Mahia Peninsula", "Rocket Lab Launch Complex 1"],
}

MISSION_ALIASES: dict[str, list[str]] = {
    # NASA numbers ISS Progress flights: Progress MS-04 was "Progress 65" / "65P"
    # (NASA ISS blog, 1 December 2016). GCAT's FlightCode "ISS 65P" gives the same.
    "2016-F02": ["Progress 65", "65P", "Progress 65P"],
    # Progress MS-26 was NASA's "Progress 87" (15 February 2024).
    "2024-029": ["Progress 87", "87P"],
    # Cygnus Orb-3 (CRS Orb-3), lost with Antares 130 on 28 October 2014.
    "2014-F02": ["Orb-3", "CRS Orb-3"],
    # SpaceX CRS-7, lost on 28 June 2015.
    "2015-F02": ["CRS-7", "SpX-7", "SpaceX CRS-7"],
    # Progress M-27M ("Progress 59"), lost in orbit after separation on 28 April 2015.
    "2015-024": ["Progress 59", "59P"],
    # Progress M-12M ("Progress 44"), lost on 24 August 2011.
    "2011-F03": ["Progress 44", "44P"],
    # Crewed flights the press names differently from GCAT (the flights' Wikipedia pages).
    "1975-F02": ["Soyuz 18a", "Soyuz 18-1"],
    "1983-F02": ["Soyuz T-10-1", "Soyuz T-10a"],
    "2019-094": ["Starliner OFT-1", "OFT-1", "Orbital Flight Test"],
    # H-II Transfer Vehicle 6 (Kounotori 6), launched 9 December 2016.
    "2016-076": ["H-II Transfer Vehicle 6", "Kounotori 6"],
    # Roscosmos's Fobos-Grunt, launched 8 November 2011, is "Phobos-Grunt" in English
    # (esa.int, nasa.gov); stranded in low orbit when its engines did not fire.
    "2011-065": ["Phobos-Grunt", "Phobos-Soil", "Phobos Grunt"],
    # ExoMars 2016: the Trace Gas Orbiter and the Entry, Descent and landing Module (EDM)
    # ESA named Schiaparelli, lost on landing on 19 October 2016 (esa.int).
    "2016-017": ["ExoMars 2016", "Schiaparelli", "Trace Gas Orbiter"],
}

# Spacecraft series that GCAT names only inside payload names. A mission belongs to a series
# when its name starts with one of the prefixes. Names: the operators' own (NASA, JAXA,
# Roscosmos, Northrop Grumman, SpaceX) and common press usage.
SPACECRAFT: dict[str, dict[str, list[str]]] = {
    "Progress": {
        "prefixes": ["Progress"],
        "aliases": ["Progress cargo ship", "Progress spacecraft", "Progress cargo spacecraft"],
    },
    "Cygnus": {"prefixes": ["Cygnus", "S.S. "], "aliases": ["Cygnus cargo craft"]},
    "Dragon": {"prefixes": ["Dragon"], "aliases": ["Dragon capsule", "Dragon cargo capsule"]},
    "H-II Transfer Vehicle": {"prefixes": ["HTV"], "aliases": ["HTV", "Kounotori"]},
    "Soyuz spacecraft": {"prefixes": ["Soyuz T", "Soyuz MS", "Soyuz TM"], "aliases": []},
    # Crewed and cargo ships of the 2010s-2020s, as their operators name them (boeing.com,
    # nasa.gov, cmse.gov.cn).
    "Starliner": {
        "prefixes": ["Starliner"],
        "aliases": ["CST-100", "CST-100 Starliner", "Boeing Starliner"],
    },
    "Orion": {"prefixes": ["Orion", "Artemis"], "aliases": ["Orion spacecraft"]},
    "Shenzhou": {"prefixes": ["Shenzhou"], "aliases": ["Shenzhou spacecraft"]},
    "Tianzhou": {"prefixes": ["Tianzhou"], "aliases": ["Tianzhou cargo ship"]},
    # The Space Shuttle orbiters, by the Orbiter Vehicle number GCAT writes in the Mission
    # field ("OV-099 IUS deploy"); names from NASA's orbiter fleet pages (nasa.gov).
    "Challenger": {
        "prefixes": ["OV-099"],
        "aliases": ["Space Shuttle Challenger", "Shuttle Challenger", "OV-099"],
    },
    "Columbia": {
        "prefixes": ["OV-102"],
        "aliases": ["Space Shuttle Columbia", "Shuttle Columbia", "OV-102"],
    },
    "Discovery": {
        "prefixes": ["OV-103"],
        "aliases": ["Space Shuttle Discovery", "Shuttle Discovery", "OV-103"],
    },
    "Atlantis": {
        "prefixes": ["OV-104"],
        "aliases": ["Space Shuttle Atlantis", "Shuttle Atlantis", "OV-104"],
    },
    "Endeavour": {
        "prefixes": ["OV-105"],
        "aliases": ["Space Shuttle Endeavour", "Shuttle Endeavour", "OV-105"],
    },
}
