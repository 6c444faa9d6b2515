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
    # Chinese commercial rockets: English-language news writes the makers' English names,
    # GCAT the pinyin. China Rocket Co. (CALT) sells Jielong as "Smart Dragon" (SD-1, SD-3).
    ("Jielong-1", "*"): ["Smart Dragon 1", "Smart Dragon-1", "SD-1"],
    ("Jielong-3", "*"): ["Smart Dragon 3", "Smart Dragon-3", "SD-3"],
    # Galactic Energy's Gushenxing ("Ceres"): Ceres-1, its sea-launched Ceres-1S, Ceres-2
    # (galactic-energy.cn).
    ("Gushenxing 1", "*"): ["Ceres-1", "Gushenxing-1"],
    ("Gushenxing 1", "S"): ["Ceres-1S", "Ceres-1 S"],
    ("Gushenxing-2", "*"): ["Ceres-2"],
    # iSpace's Shuang Quxian ("Hyperbola"): Hyperbola-1, SQX-1 (i-space.com.cn).
    ("Shuang Quxian 1", "*"): ["Hyperbola-1", "SQX-1"],
    # Orienspace's Yinli ("Gravity"): Gravity-1 (orienspace.com).
    ("Yinli-1", "*"): ["Gravity-1"],
    # CAS Space's Lijian ("Kinetica"): Kinetica-1, PR-1 is Kinetica-2 (cas-space.com).
    ("Lijian-1", "*"): ["Kinetica-1", "Lijian 1"],
    # LandSpace's Zhuque (ZQ) and Space Pioneer's Tianlong ("Sky Dragon", TL): the makers'
    # abbreviations (landspace.com, spacepioneer.cc).
    ("Zhuque-1", "*"): ["ZQ-1"],
    ("Zhuque-2", "*"): ["ZQ-2"],
    ("Zhuque-2E", "*"): ["ZQ-2E"],
    ("Zhuque-3", "*"): ["ZQ-3"],
    ("Tianlong-2", "*"): ["Sky Dragon-2", "TL-2"],
    ("Tianlong-3", "*"): ["Sky Dragon-3", "TL-3"],
    # ExPace's Kuaizhou ("KZ"): the CASIC abbreviations (casic.com.cn).
    ("Kuaizhou", "*"): ["Kuaizhou-1", "KZ-1"],
    ("Kuaizhou-1A", "*"): ["KZ-1A"],
    ("Kuaizhou-11", "*"): ["KZ-11"],
    # OneSpace's OS-M1 is "OS-M" in the maker's releases.
    ("OS-M1", "*"): ["OS-M"],
    # ISRO names the GSLV Mk III "LVM3" since 2022 (isro.gov.in).
    ("GSLV Mk III", "*"): ["LVM3", "LVM-3", "GSLV Mk3", "GSLV-MkIII", "GSLV MkIII"],
    # Ukrainian and Russian Tsiklon rockets are "Cyclone" or "Tsyklon" in English
    # (yuzhnoye.com).
    ("Tsiklon-2", "*"): ["Cyclone-2", "Tsyklon-2"],
    ("Tsiklon-2A", "*"): ["Cyclone-2A", "Tsyklon-2A"],
    ("Tsiklon-3", "*"): ["Cyclone-3", "Tsyklon-3"],
    # North Korea's rockets as KCNA and the press name them: Chollima-1 (GCAT Cheonlima-1),
    # Paektusan 1 is the "Taepodong-1" of Western reports.
    ("Cheonlima-1", "*"): ["Chollima-1", "Chollima 1"],
    ("Paektusan 1", "*"): ["Taepodong-1", "Taepodong 1"],
    # Blue Origin's New Glenn and ULA's Vulcan without GCAT's configuration codes
    # (blueorigin.com, ulalaunch.com).
    ("New Glenn 7x2", "*"): ["New Glenn"],
    ("New Glenn 9x4", "*"): ["New Glenn"],
    ("Vulcan Centaur VC0S", "*"): ["Vulcan", "Vulcan Centaur"],
    ("Vulcan Centaur VC2S", "*"): ["Vulcan", "Vulcan Centaur"],
    ("Vulcan Centaur VC4S", "*"): ["Vulcan", "Vulcan Centaur"],
    ("Vulcan Centaur VC6S", "*"): ["Vulcan", "Vulcan Centaur"],
    # Gilmour Space's Eris, Northrop Grumman's Minotaur-C, Firefly's Alpha (the makers' sites).
    ("Eris Block 1", "*"): ["Eris", "Eris rocket"],
    ("Minotaur-C 3210", "*"): ["Minotaur-C", "Minotaur C"],
    ("Firefly Alpha", "*"): ["Alpha rocket", "Firefly's Alpha"],
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
    # Parts of a payload the press names apart from the launch: landers, rovers, probes and
    # return capsules. An event of one of them (a crash, a lost signal) is an event of the
    # launch that carried it. Names from the operators' mission pages.
    "2019-042": ["Vikram", "Vikram lander", "Pragyan", "Pragyan rover"],  # isro.gov.in
    "2023-098": ["Vikram", "Vikram lander", "Pragyan", "Pragyan rover"],  # isro.gov.in
    "2024-030": ["Odysseus", "Odysseus lander", "Nova-C"],  # intuitivemachines.com
    "2025-038": ["Athena lander", "IM-2 Athena"],  # intuitivemachines.com
    "2025-010": ["Blue Ghost", "Resilience lander", "Hakuto-R Mission 2"],  # ispace, Firefly
    "2022-168": ["Hakuto-R Mission 1", "ispace lander"],  # ispace-inc.com
    "2003-022": ["Beagle 2", "Beagle-2", "Beagle 2 lander"],  # esa.int (Mars Express)
    "2004-006": ["Philae", "Philae lander"],  # esa.int (Rosetta)
    "1997-061": ["Huygens", "Huygens probe", "Cassini-Huygens"],  # esa.int, nasa.gov
    "1999-001": ["Deep Space 2", "Mars Polar Lander"],  # nasa.gov
    "2020-052": ["Ingenuity", "Ingenuity helicopter", "Perseverance rover"],  # nasa.gov
    "2003-027": ["Spirit rover", "MER Spirit"],  # nasa.gov
    "2003-032": ["Opportunity rover", "MER Opportunity"],  # nasa.gov
    "2013-070": ["Yutu", "Yutu rover", "Jade Rabbit"],  # cnsa.gov.cn (Chang'e 3)
    "2018-103": ["Yutu-2", "Yutu 2"],  # cnsa.gov.cn (Chang'e 4)
    "2020-049": ["Zhurong", "Zhurong rover"],  # cnsa.gov.cn (Tianwen-1)
    "2007-034": ["Phoenix lander", "Phoenix Mars Lander"],  # nasa.gov
    "2005-001": ["Deep Impact impactor", "Tempel 1 impactor"],  # nasa.gov
    "2009-031": ["LCROSS"],  # nasa.gov
    "2018-042": ["InSight lander", "InSight"],  # nasa.gov
    "2001-034": ["Genesis capsule", "Genesis sample return capsule"],  # nasa.gov
    "1999-003": ["Stardust capsule", "Stardust sample return capsule"],  # nasa.gov
    "2014-076": ["Hayabusa2", "Hayabusa 2"],  # global.jaxa.jp
}

# Spacecraft series that GCAT names only inside payload names. A mission belongs to a series
# when its name starts with one of the prefixes. Names: the operators' own (NASA, JAXA,
# Roscosmos, Northrop Grumman, SpaceX) and common press usage. "operators": GCAT codes of
# who flies the spacecraft, which a mission names beside its launch agency (a Starliner on
# ULA's Atlas V is Boeing's and NASA's); left empty where the operator changed over the
# series' life (Soyuz and Progress: the Soviet ministries, then Roscosmos's agencies; Cygnus:
# Orbital Sciences, Orbital ATK, Northrop Grumman).
SPACECRAFT: dict[str, dict[str, list[str]]] = {
    "Progress": {
        "prefixes": ["Progress"],
        "aliases": ["Progress cargo ship", "Progress spacecraft", "Progress cargo spacecraft"],
        "operators": [],
    },
    "Cygnus": {"prefixes": ["Cygnus", "S.S. "], "aliases": ["Cygnus cargo craft"], "operators": []},
    "Dragon": {
        "prefixes": ["Dragon"],
        "aliases": ["Dragon capsule", "Dragon cargo capsule"],
        "operators": ["SPX"],  # spacex.com
    },
    "H-II Transfer Vehicle": {
        "prefixes": ["HTV"],
        "aliases": ["HTV", "Kounotori"],
        "operators": ["JAXA"],  # global.jaxa.jp
    },
    "Soyuz spacecraft": {
        "prefixes": ["Soyuz T", "Soyuz MS", "Soyuz TM"],
        "aliases": [],
        "operators": [],
    },
    # Crewed and cargo ships of the 2010s-2020s, as their operators name them (boeing.com,
    # nasa.gov, cmse.gov.cn).
    "Starliner": {
        "prefixes": ["Starliner"],
        "aliases": ["CST-100", "CST-100 Starliner", "Boeing Starliner"],
        "operators": ["BOE", "NASA"],  # Boeing flies it for NASA's Commercial Crew Program
    },
    "Orion": {
        "prefixes": ["Orion", "Artemis"],
        "aliases": ["Orion spacecraft"],
        "operators": ["NASA"],
    },
    "Shenzhou": {
        "prefixes": ["Shenzhou"],
        "aliases": ["Shenzhou spacecraft"],
        "operators": ["CMSEO"],
    },
    "Tianzhou": {
        "prefixes": ["Tianzhou"],
        "aliases": ["Tianzhou cargo ship"],
        "operators": ["CMSEO"],
    },
    # The Space Shuttle orbiters, by the Orbiter Vehicle number GCAT writes in the Mission
    # field ("OV-099 IUS deploy"); names from NASA's orbiter fleet pages (nasa.gov).
    "Challenger": {
        "prefixes": ["OV-099"],
        "aliases": ["Space Shuttle Challenger", "Shuttle Challenger", "OV-099"],
        "operators": ["NASA"],
    },
    "Columbia": {
        "prefixes": ["OV-102"],
        "aliases": ["Space Shuttle Columbia", "Shuttle Columbia", "OV-102"],
        "operators": ["NASA"],
    },
    "Discovery": {
        "prefixes": ["OV-103"],
        "aliases": ["Space Shuttle Discovery", "Shuttle Discovery", "OV-103"],
        "operators": ["NASA"],
    },
    "Atlantis": {
        "prefixes": ["OV-104"],
        "aliases": ["Space Shuttle Atlantis", "Shuttle Atlantis", "OV-104"],
        "operators": ["NASA"],
    },
    "Endeavour": {
        "prefixes": ["OV-105"],
        "aliases": ["Space Shuttle Endeavour", "Shuttle Endeavour", "OV-105"],
        "operators": ["NASA"],
    },
}
