"""The names people use for catalog records, kept apart from GCAT's raw fields.

GCAT writes "Baykonur", "Chang Zheng 2C" and "UNKS"; people write "Baikonur Cosmodrome",
"Long March 2C" and a full agency name. The loader shows these names (an editor may change any
of them in the admin, and a reload keeps the editor's name); GCAT's own stay as aliases and in
the raw GCAT fields. Records that get the same name here are one thing: GCAT's codes for one
place over time (NIIP-5 then GIK-5) become one launch site.

Sources: the operators' own sites (roscosmos.ru, nasa.gov, spaceforce.mil, esa.int, cnsa.gov.cn,
isro.gov.in, global.jaxa.jp, kari.re.kr), and GCAT's own long names (sites.tsv, orgs.tsv).
"""

# GCAT site code -> the name of the place. Codes with the same name are one place.
SITE_NAMES: dict[str, str] = {
    # Baikonur: NIIP-5 (Soviet test range) then GIK-5 (Russian cosmodrome), one place.
    "NIIP-5": "Baikonur Cosmodrome",
    "GIK-5": "Baikonur Cosmodrome",
    # Plesetsk: NIIP-53, GNIIP, GNIIPV, GIK-1 over time (GCAT's UCode groups most of them).
    "NIIP-53": "Plesetsk Cosmodrome",
    "GNIIP": "Plesetsk Cosmodrome",
    "GNIIPV": "Plesetsk Cosmodrome",
    "GIK-1": "Plesetsk Cosmodrome",
    # Kapustin Yar: GTsP-4, later GTsMP-4.
    "GTsP-4": "Kapustin Yar",
    "GTsMP-4": "Kapustin Yar",
    "GIK-2": "Svobodny Cosmodrome",
    "VOST": "Vostochny Cosmodrome",
    "YAS": "Yasny (Dombarovsky)",
    "BLA": "Barents Sea",
    # Vandenberg: the base (V, VSFB after the 2021 renaming) and its south base (Point
    # Arguello until 1964, then South Vandenberg: PA, VS, VSFBS); vandenberg.spaceforce.mil.
    "V": "Vandenberg Space Force Base",
    "VSFB": "Vandenberg Space Force Base",
    "PA": "Vandenberg Space Force Base",
    "VS": "Vandenberg Space Force Base",
    "VSFBS": "Vandenberg Space Force Base",
    # Cape Canaveral, with Space Florida's LC-46 there (SPFL, SPFLA).
    "CC": "Cape Canaveral Space Force Station",
    "SPFL": "Cape Canaveral Space Force Station",
    "SPFLA": "Cape Canaveral Space Force Station",
    "KSC": "Kennedy Space Center",
    # Wallops: NASA's flight facility, its main base, and the Mid-Atlantic Regional Spaceport
    # on the same island (nasa.gov/wallops).
    "WI": "Wallops Island",
    "WIMB": "Wallops Island",
    "MARS": "Wallops Island",
    # Kodiak: the Kodiak Launch Complex, renamed Pacific Spaceport Complex Alaska in 2015.
    "KLC": "Pacific Spaceport Complex – Alaska (Kodiak)",
    "PSCA": "Pacific Spaceport Complex – Alaska (Kodiak)",
    "CSG": "Guiana Space Centre (Kourou)",
    "JQ": "Jiuquan Satellite Launch Center",
    "TYSC": "Taiyuan Satellite Launch Center",
    "XSC": "Xichang Satellite Launch Center",
    "WEN": "Wenchang Space Launch Site",
    "HCSLS": "Hainan Commercial Space Launch Site",
    "HHAI": "Yellow Sea (sea launch)",
    "YJ": "Yangjiang (sea launch)",
    "SHAR": "Satish Dhawan Space Centre (Sriharikota)",
    "TNSC": "Tanegashima Space Center",
    # Kagoshima Space Center was renamed Uchinoura Space Center in 2003 (global.jaxa.jp).
    "KASC": "Uchinoura Space Center",
    "USC": "Uchinoura Space Center",
    "KII": "Spaceport Kii",
    "NARO": "Naro Space Center",
    "JEJU": "Jeju (sea launch)",
    "SOHAE": "Sohae Satellite Launching Station",
    "TONGH": "Tonghae Satellite Launching Ground",
    "SEM": "Semnan (Imam Khomeini Spaceport)",
    "SHAHR": "Shahroud (Imam Reza Space Center)",
    "PALB": "Palmachim Airbase",
    "ALCA": "Alcântara Launch Center",
    "MAHIA": "Rocket Lab Launch Complex 1 (Mahia)",
    "STB": "Starbase (Boca Chica)",
    "KLA": "Kiritimati (Sea Launch)",
    "KMR": "Kwajalein (Reagan Test Site)",
    "NOTS": "China Lake (Naval Ordnance Test Station)",
    "EAFB": "Edwards Air Force Base",
    "MHV": "Mojave Air and Space Port",
    "NEWQ": "Spaceport Cornwall (Newquay)",
    "GANC": "Gando Air Base (Gran Canaria)",
    "HMG": "Hammaguir",
    "SMLC": "San Marco platform (Malindi)",
    "WOO": "Woomera",
    "AND": "Andøya Spaceport",
    "BOWEN": "Bowen Orbital Spaceport",
    "KAU": "Kauai (Pacific Missile Range Facility)",
}

# GCAT org code -> the organisation's full name, where GCAT's English name is a
# transliteration, a typo, or shared by two codes for one organisation.
AGENCY_NAMES: dict[str, str] = {
    "FKA": "Russian Federal Space Agency (Roskosmos)",
    "ROSK": "Roscosmos State Corporation",
    "RAKA": "Russian Aviation and Space Agency (Rosaviakosmos)",
    "RKA": "Russian Space Agency",
    "UNKS": "Directorate of the Chief of Space Assets (UNKS)",
    "MVS": "Ministry of the Armed Forces",
    # Two GCAT codes each for one organisation.
    "AFSSD": "US Air Force Space Systems Division",
    "AFSSD2": "US Air Force Space Systems Division",
    "SEALC": "Sea Launch",
    "SEALP": "Sea Launch",
    "SPX": "SpaceX",
    "AE": "Arianespace",
    "NASDA": "National Space Development Agency of Japan (NASDA)",
    "ISAS": "Institute of Space and Astronautical Science (ISAS)",
    "CNES": "Centre National d'Études Spatiales (CNES)",
    "IRGC": "Islamic Revolutionary Guard Corps",
    "BLS": "Boeing Launch Services",
    # GCAT keeps United Launch Alliance's Atlas and Delta sides apart; it is one company
    # (ulalaunch.com).
    "ULAL": "United Launch Alliance",
    "ULAB": "United Launch Alliance",
    # The name NASA goes by, on its own pages and everyone else's (nasa.gov); its full name
    # stays an alias.
    "NASA": "NASA",
    # GCAT writes "Johnson Space Flight Center"; the centre is the Johnson Space Center
    # (nasa.gov/johnson).
    "JSC": "NASA Johnson Space Center",
    # China's crewed programme office; in English "China Manned Space Agency" (cmse.gov.cn).
    "CMSEO": "China Manned Space Agency (CMSA)",
}

# GCAT launch tag -> the payload's name where GCAT spells it otherwise than its operator.
MISSION_NAMES: dict[str, str] = {
    # Iran's Mahda research satellite (Iranian Space Agency; press reports of the Simorgh
    # launch of 28 January 2024); GCAT writes "Mehda".
    "2024-018": "Mahda",
}

# GCAT launch vehicle name -> the name people use. Variants GCAT lists under one name (Atlas
# V 401 "C", Long March 3B "G2") are the same rocket to its users and are not named apart.
VEHICLE_NAMES: dict[str, str] = {
    # Soyuz-U with the PVB upgrade flew as plain "Soyuz-U" (Progress MS-04, 2016).
    "Soyuz-U-PVB": "Soyuz-U",
    # The first rockets of a family people name after it keep their GCAT index, so that
    # "Soyuz" in a text is the family, not the rocket of 1966.
    "Soyuz 11A511": "Soyuz (11A511)",
    "Soyuz 11A511L": "Soyuz-L",
    "Soyuz 11A511M": "Soyuz-M",
    "Voskhod 11A57": "Voskhod",
    "Vostok 8K72": "Vostok-L",
    "Vostok-L 8K72": "Vostok-L",
    "Vostok 8A92": "Vostok-2",
    "Vostok 8A92M": "Vostok-2M",
    "Vostok-2A 11A510": "Vostok-2A",
    "Molniya 8K78": "Molniya (8K78)",
    "Molniya 8K78M": "Molniya-M",
    "Molniya 8K78M-PVB": "Molniya-M",
    "Polyot 11A59": "Polyot",
    "Sputnik 8K71PS": "Sputnik (8K71PS)",
    "Sputnik 8A91": "Sputnik-3",
    "Kosmos 11K63": "Kosmos-2",
    "Kosmos 63S1": "Kosmos-2",
    "Kosmos 11K65": "Kosmos-3",
    "Kosmos 65S3": "Kosmos-3",
    "Kosmos 11K65M": "Kosmos-3M",
    "R-36O 8K69": "R-36O (FOBS)",
    "N-1 11A52": "N1",
    "UR-500": "Proton (UR-500)",
    # Delta II (6000 and 7000 series), Delta III (8930), Delta IV (4M, 4H): ulalaunch.com.
    "Delta 8930": "Delta III",
    "Delta 4H": "Delta IV Heavy",
    "Delta 4H/Star 48BV": "Delta IV Heavy",
    "Delta 4M": "Delta IV Medium",
    "Delta 4M+(4,2)": "Delta IV Medium+ (4,2)",
    "Delta 4M+(5,2)": "Delta IV Medium+ (5,2)",
    "Delta 4M+(5,4)": "Delta IV Medium+ (5,4)",
    "Space Shuttle": "Space Shuttle",
    "Starship V1.0": "Starship",
    "Starship V2": "Starship",
    "GSLV Mk III": "LVM3",
    "Astra Rocket 3.1": "Rocket 3.1",
    "Astra Rocket 3.2": "Rocket 3.2",
    "Astra Rocket 3.3": "Rocket 3.3",
    "Gushenxing 1": "Ceres-1",
    "Shuang Quxian 1": "Hyperbola-1",
    "Lijian-1": "Kinetica-1",
    "Nuri": "Nuri (KSLV-II)",
    "Naro-1": "Naro-1 (KSLV-I)",
}

# Falcon 9 by GCAT variant: SpaceX's own names for its versions (spacex.com).
FALCON_9_VERSIONS: dict[str, str] = {
    "": "Falcon 9 v1.0",
    "1.1": "Falcon 9 v1.1",
    "FT3": "Falcon 9 Full Thrust",
    "FT3/4": "Falcon 9 Full Thrust",
    "FT4": "Falcon 9 Full Thrust",
    "FT4/5": "Falcon 9 Full Thrust",
    "FT5": "Falcon 9 Block 5",
}

# GCAT variants that are upper stages people name with the rocket ("Soyuz-FG/Fregat").
NAMED_UPPER_STAGES = frozenset({"Fregat", "Volga", "Ikar"})

# Families as people say them: (family, how GCAT's vehicle names begin), first match wins.
# A vehicle none matches keeps GCAT's family (LV_Family), written with spaced digits.
FAMILIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Soyuz", ("Soyuz",)),
    ("Molniya", ("Molniya",)),
    ("Vostok", ("Vostok",)),
    ("Voskhod", ("Voskhod",)),
    ("Sputnik", ("Sputnik", "Polyot")),
    ("Long March", ("Chang Zheng",)),
    ("Feng Bao", ("Feng Bao",)),
    ("Kuaizhou", ("Kuaizhou",)),
    ("Zhuque", ("Zhuque",)),
    ("Ceres", ("Gushenxing",)),
    ("Hyperbola", ("Shuang Quxian",)),
    ("Falcon", ("Falcon",)),
    ("Starship", ("Starship",)),
    ("Antares", ("Antares",)),
    ("Minotaur", ("Minotaur",)),
    ("Pegasus", ("Pegasus",)),
    ("Taurus", ("Taurus", "ARPA Taurus")),
    ("Athena", ("Athena", "LLV", "LMLV")),
    ("Ariane", ("Ariane",)),
    ("Vega", ("Vega",)),
    ("Atlas", ("Atlas",)),
    ("Delta", ("Delta", "Thor Delta")),
    ("Thor", ("Thor",)),
    ("Titan", ("Titan", "Commercial Titan")),
    ("Saturn", ("Saturn", "Uprated Saturn")),
    ("Space Shuttle", ("Space Shuttle",)),
    ("SLS", ("SLS",)),
    ("Scout", ("Scout", "Blue Scout")),
    ("Juno", ("Juno", "Jupiter C")),
    ("H-II", ("H-II", "H3")),
    ("N-I and N-II", ("N-1", "N-2")),
    ("Epsilon", ("Epsilon",)),
    ("Mu", ("Mu-", "M-V")),
    ("PSLV", ("PSLV",)),
    ("GSLV", ("GSLV", "LVM3")),
    ("Proton", ("Proton", "UR-500")),
    ("Zenit", ("Zenit",)),
    ("Kosmos", ("Kosmos",)),
    ("Tsiklon", ("Tsiklon",)),
    ("Dnepr", ("Dnepr",)),
    ("Rokot", ("Rokot", "Strela")),
    ("Angara", ("Angara",)),
    ("Electron", ("Electron",)),
    ("Safir and Simorgh", ("Safir", "Simorgh")),
    ("Shavit", ("Shavit",)),
    ("VLS", ("VLS",)),
    ("Naro", ("Naro",)),
    ("Kinetica", ("Lijian",)),
    ("Chollima", ("Cheonlima",)),
    ("Start", ("Start",)),
    ("Qased", ("Qased",)),
    ("Nuri", ("Nuri",)),
    ("Diamant", ("Diamant",)),
    ("Europa", ("Europa",)),
)
