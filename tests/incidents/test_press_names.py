import pytest

from incidents.press_names import (
    flight_id_names,
    payload_press_names,
    pinyin_joined,
    vehicle_press_names,
)


@pytest.mark.parametrize(
    ("gcat_name", "expected"),
    [
        ("Chang Zheng 5", ["Chang Zheng 5", "Long March 5", "CZ-5"]),
        (
            "Chang Zheng 2C/YZ-1S",
            ["Chang Zheng 2C/YZ-1S", "Chang Zheng 2C", "Long March 2C/YZ-1S", "Long March 2C",
             "CZ-2C"],
        ),
        ("Starship V1.0", ["Starship V1.0", "Starship"]),
        ("Starship V2", ["Starship V2", "Starship"]),
        ("Proton-M/Briz-M", ["Proton-M/Briz-M", "Proton-M"]),
        ("Soyuz-2-1A", ["Soyuz-2-1A", "Soyuz-2", "Soyuz-2.1a", "Soyuz 2.1a"]),
        ("Atlas V 401", ["Atlas V 401", "Atlas V", "Atlas 5"]),
        ("Ariane 44LP", ["Ariane 44LP", "Ariane 4"]),
        ("Delta 7925", ["Delta 7925", "Delta II", "Delta 2"]),
        ("H-IIA 202", ["H-IIA 202", "H-IIA", "H-2A", "H2A"]),
        ("H-II", ["H-II", "H-2"]),
        ("Falcon 9", ["Falcon 9"]),
        ("VLS-1", ["VLS-1", "VLS"]),
    ],
)  # fmt: skip
def test_vehicle_names_as_the_press_writes_them(gcat_name, expected):
    assert vehicle_press_names(gcat_name) == expected


@pytest.mark.parametrize(
    ("flight_id", "expected"),
    [
        ("STS-107", ["STS-107"]),
        ("STS-33/51-L", ["STS-51-L", "51-L"]),
        ("VV15", ["VV15"]),
        ("PSLV-C39", ["PSLV-C39"]),
        ("LV0008", ["LV0008"]),
        ("Y2", []),  # a serial too short to be a name
        ("U 15000-062", []),  # a factory number
        ("020/B1018?   F019", []),
        ("1", []),
        ("V88  (501)", ["501", "Flight 501"]),  # the serial is too short to be a name
        ("VA241 (5100)", ["VA241", "5100", "Flight 5100"]),
        ("107207-01 (207)", []),  # a factory number, then another
        ("Y1       (3)", []),
    ],
)
def test_flight_ids_that_read_as_names_become_names(flight_id, expected):
    assert flight_id_names(flight_id) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Shi Jian 18", ["Shijian 18"]),
        ("Feng Yun 3 01", ["Fengyun 3 01"]),
        ("Zhongxing-9A", ["Chinasat-9A"]),
        ("Jixing Gaofen 04C", []),
        ("Ekspress AM-4", ["Express AM-4"]),
        ("IS-33e/IS-36", ["IS-33e", "IS-36", "Intelsat 33e", "Intelsat 36"]),
        ("Nusantara Satu/Beresheet", ["Nusantara Satu", "Beresheet"]),
        ("Kosmos-2511/2512", ["Kosmos-2511"]),
        ("Hakuto-R M1", ["Hakuto-R"]),
        ("Progress MS-04", []),
    ],
)
def test_payload_names_as_english_news_writes_them(name, expected):
    assert payload_press_names(name) == expected


@pytest.mark.parametrize(
    ("flight_id", "expected"),
    [
        ("STS 41-D Abort", ["STS-41-D", "41-D"]),
        ("STS-55 Abort", ["STS-55"]),
        ("STS 107", ["STS-107"]),
        ("GLV-6 abort", ["GLV-6"]),
    ],
)
def test_an_attempt_aborted_on_the_pad_is_known_by_the_flights_own_id(flight_id, expected):
    assert flight_id_names(flight_id) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Shi Jian 18", "Shijian 18"),
        ("Gao Fen 14-02", "Gaofen 14-02"),
        ("Zhang Heng 1 01", "Zhangheng 1 01"),
        ("Ludi Tance 4A", None),  # two syllables a word: not written syllable by syllable
        ("Blue Ghost 1", None),
        ("Merah Putih 2", None),
        ("Shijian 18", None),
    ],
)
def test_pinyin_written_syllable_by_syllable_is_joined(name, expected):
    assert pinyin_joined(name) == expected
