"""Query understanding: dates, words, phrases and exclusions (plain Python), and the catalog
names a query gives (vehicles with their variants, families, spacecraft, agencies, sites,
missions), in every spelling the catalog knows."""

import datetime

import pytest

from incidents.models import Incident
from incidents.services import refresh_search_names
from search.query import (
    MAX_ATOMS,
    MAX_LENGTH,
    Clause,
    clean,
    find_ordinal,
    find_period,
    fold,
    load_names,
    transliterate,
    understand,
)
from search.query.names import ListsAnyId
from tests.factories import (
    make_agency,
    make_family,
    make_incident,
    make_mission,
    make_site,
    make_vehicle,
)

D = datetime.date


def words_only(query: str):
    return understand(query, names=False)


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("query", "first", "last", "label"),
    [
        ("2016", D(2016, 1, 1), D(2016, 12, 31), "2016"),
        ("December 2016", D(2016, 12, 1), D(2016, 12, 31), "December 2016"),
        ("dec 2016", D(2016, 12, 1), D(2016, 12, 31), "December 2016"),
        ("Dec. 2016", D(2016, 12, 1), D(2016, 12, 31), "December 2016"),
        ("2016-12", D(2016, 12, 1), D(2016, 12, 31), "December 2016"),
        ("2016-12-01", D(2016, 12, 1), D(2016, 12, 1), "1 December 2016"),
        ("1 Dec 2016", D(2016, 12, 1), D(2016, 12, 1), "1 December 2016"),
        ("1st December 2016", D(2016, 12, 1), D(2016, 12, 1), "1 December 2016"),
        ("December 1, 2016", D(2016, 12, 1), D(2016, 12, 1), "1 December 2016"),
        ("1990s", D(1990, 1, 1), D(1999, 12, 31), "1990s"),
        ("2014-2016", D(2014, 1, 1), D(2016, 12, 31), "2014–2016"),
        ("2014 to 2016", D(2014, 1, 1), D(2016, 12, 31), "2014–2016"),
    ],
)
def test_each_way_of_writing_a_date_gives_its_period(query, first, last, label):
    period = find_period(query)
    assert (period.first, period.last, period.label) == (first, last, label)


def test_two_dates_give_the_period_that_covers_both():
    period = find_period("2014 and December 2016")
    assert (period.first, period.last) == (D(2014, 1, 1), D(2016, 12, 31))
    assert period.label == "1 Jan 2014 – 31 Dec 2016"


@pytest.mark.parametrize(
    "query",
    ["31 Feb 2016", "1500 kg", "Antares 130", "Falcon 9", '"2016"', "-2016", "2016-F02", "3000"],
)
def test_things_that_only_look_like_dates_are_not_read_as_dates(query):
    assert find_period(query) is None


def test_the_words_around_a_date_remain_to_be_searched():
    understood = words_only("engine failure dec 2016")
    assert understood.period.label == "December 2016"
    assert understood.clauses == (Clause(("engine",)), Clause(("failure",)))


# --------------------------------------------------------------------------- words


def test_quoted_phrases_exclusions_and_or_are_read_as_written():
    understood = words_only('"third stage" -pad soyuz or proton')
    assert understood.clauses == (
        Clause(("third stage",)),
        Clause(("soyuz", "proton")),
        Clause(("pad",), negated=True),
    )
    assert understood.label == "“third stage” · soyuz or proton · not pad"


def test_an_unbalanced_quote_runs_to_the_end_of_the_query():
    assert words_only('engine "third stage').clauses == (
        Clause(("engine",)),
        Clause(("third stage",)),
    )


def test_stop_words_symbols_and_emoji_are_not_searched():
    understood = words_only("the AND( -- ; * 🚀 engine NEAR")
    assert understood.clauses == (Clause(("engine",)), Clause(("near",)))


def test_only_stop_words_and_symbols_leave_nothing_to_search():
    assert words_only("the of ; -- 🚀").is_empty


def test_exclusions_alone_leave_nothing_to_search():
    assert words_only("-soyuz").is_empty


def test_nul_bytes_and_control_characters_are_dropped():
    assert clean("soyuz\x00\x07 \u200bfailure\ue000") == "soyuz failure"


def test_a_long_query_is_cut_to_the_maximum_length():
    assert len(clean("soyuz " * 2000)) <= MAX_LENGTH
    assert len(words_only("w" * 10_000).query) == MAX_LENGTH


def test_at_most_a_dozen_words_are_searched():
    understood = words_only(" ".join(f"word{n}" for n in range(40)))
    assert len(understood.clauses) == MAX_ATOMS


def test_cyrillic_words_are_also_searched_transliterated():
    assert words_only("Прогресс").clauses == (Clause(("прогресс", "progress")),)


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("Прогресс", "progress"),
        ("Союз", "soyuz"),
        ("Байконур", "baykonur"),
        ("Роскосмос", "roskosmos"),
    ],
)
def test_transliteration_spells_russian_names_as_gcat_does(cyrillic, latin):
    assert transliterate(cyrillic) == latin


@pytest.mark.parametrize("spelling", ["Soyuz-U", "soyuz u", "SOYUZ  U", "Soyuz‑U", "soyuz_u"])
def test_names_fold_to_the_same_words_however_they_are_written(spelling):
    assert fold(spelling) == ("soyuz", "u")


def test_names_fold_digits_apart_from_letters_and_drop_leading_zeros():
    assert fold("Falcon9") == fold("Falcon 9") == ("falcon", "9")
    assert fold("Progress MS-04") == ("progress", "ms", "4")


def test_an_empty_query_is_empty():
    assert understand("").is_empty
    assert understand("   ").query == ""


# --------------------------------------------------------------------------- catalog names


@pytest.fixture
def catalog(db):
    r7 = make_family(name="R-7", slug="r-7", aliases="Soyuz rocket")
    falcon = make_family(name="Falcon9", slug="falcon9", aliases="Falcon 9")
    soyuz_u = make_vehicle(name="Soyuz-U", slug="soyuz-u", family=r7)
    pvb = make_vehicle(
        name="Soyuz-U-PVB", slug="soyuz-u-pvb", family=r7, aliases="Soyuz-U\nSoyuz U"
    )
    soyuz_2 = make_vehicle(name="Soyuz-2-1A", slug="soyuz-2-1a", family=r7)
    falcon9 = make_vehicle(name="Falcon 9 FT", slug="falcon-9-ft", family=falcon)
    progress = make_vehicle(name="Progress", slug="progress", kind="spacecraft")
    roskosmos = make_agency(
        name="Roskosmos", slug="roskosmos", aliases="Roscosmos", native_name="Роскосмос"
    )
    ula = make_agency(name="United Launch Alliance", slug="ula", aliases="ULA")
    baikonur = make_site(name="Baykonur", slug="baykonur", aliases="Baikonur\nBaikonur Cosmodrome")
    ms04 = make_mission(name="Progress MS-04", slug="progress-ms-04", aliases="Progress 65")
    hope = make_mission(name="Hope", slug="hope")
    return {
        "r7": r7,
        "falcon": falcon,
        "soyuz_u": soyuz_u,
        "pvb": pvb,
        "soyuz_2": soyuz_2,
        "falcon9": falcon9,
        "progress": progress,
        "roskosmos": roskosmos,
        "ula": ula,
        "baikonur": baikonur,
        "ms04": ms04,
        "hope": hope,
    }


def read(query: str) -> list[tuple[str, str, list[str]]]:
    """(kind, label, names of the records) of each name read in the query."""
    return [
        (e.kind, e.label, sorted(r.name for r in e.records)) for e in understand(query).entities
    ]


def test_a_vehicle_name_stands_for_the_vehicle_and_its_variants(catalog):
    assert read("Soyuz-U") == [("vehicle", "Soyuz-U", ["Soyuz-U", "Soyuz-U-PVB"])]


def test_a_vehicle_written_with_a_space_is_labelled_with_the_catalog_spelling(catalog):
    assert read("soyuz u") == [("vehicle", "Soyuz-U", ["Soyuz-U", "Soyuz-U-PVB"])]


def test_a_family_alias_gives_the_family(catalog):
    assert read("falcon 9") == [("vehicle", "Falcon 9", ["Falcon 9 FT", "Falcon9"])]
    assert read("Soyuz rocket") == [("vehicle", "Soyuz rocket", ["R-7"])]


def test_the_first_word_of_vehicle_names_stands_for_all_those_vehicles(catalog):
    assert read("soyuz") == [
        ("vehicle", "Soyuz (any variant)", ["Soyuz-2-1A", "Soyuz-U", "Soyuz-U-PVB"])
    ]


def test_a_record_s_own_name_beats_another_record_s_alias(db):
    # GCAT files the GSLV under the family code PSLV, which becomes an alias of GSLV
    gslv = make_family(name="GSLV", slug="gslv", aliases="PSLV")
    pslv = make_family(name="PSLV", slug="pslv")
    make_vehicle(name="PSLV-XL", slug="pslv-xl", family=pslv)
    make_vehicle(name="GSLV Mk II", slug="gslv-mk-ii", family=gslv)
    assert read("PSLV") == [("vehicle", "PSLV", ["PSLV", "PSLV-XL"])]
    links = [(link.kind, link.name) for link in understand("pslv").links]
    assert links[0] == ("family", "PSLV")
    assert ("family", "GSLV") in links  # still offered, after what was read


def test_a_vehicle_beats_a_family_both_named_by_an_alias(db):
    ariane = make_family(name="Ariane", slug="ariane", aliases="Ariane5\nAriane 5\nAriane 4")
    make_vehicle(name="Ariane 5G", slug="ariane-5g", family=ariane, aliases="Ariane 5")
    make_vehicle(name="Ariane 5ECA", slug="ariane-5eca", family=ariane, aliases="Ariane 5")
    make_vehicle(name="Ariane 44L", slug="ariane-44l", family=ariane, aliases="Ariane 4")
    assert read("ariane 5") == [("vehicle", "Ariane 5", ["Ariane 5ECA", "Ariane 5G"])]
    assert [link.name for link in understand("ariane 5").links][0] == "Ariane 5G"


def test_a_spacecraft_series_is_read_in_english_and_in_russian(catalog):
    assert read("Progress") == [("vehicle", "Progress", ["Progress"])]
    assert read("Прогресс") == [("vehicle", "Progress", ["Progress"])]


def test_an_agency_is_read_by_name_alias_or_native_name(catalog):
    assert read("Roskosmos") == [("agency", "Roskosmos", ["Roskosmos"])]
    assert read("roscosmos") == [("agency", "Roscosmos", ["Roskosmos"])]
    assert read("Роскосмос") == [("agency", "Roskosmos", ["Roskosmos"])]
    assert read("ULA") == [("agency", "ULA", ["United Launch Alliance"])]


def test_a_launch_site_is_read_by_an_alias(catalog):
    assert read("Baikonur Cosmodrome") == [("site", "Baikonur Cosmodrome", ["Baykonur"])]


def test_a_mission_name_with_a_number_filters_but_a_plain_word_only_links(catalog):
    assert read("Progress MS-04") == [("mission", "Progress MS-04", ["Progress MS-04"])]
    understood = understand("hope")
    assert understood.entities == ()
    assert understood.clauses == (Clause(("hope",)),)
    assert [(link.kind, link.name) for link in understood.links] == [("mission", "Hope")]


def test_names_and_a_date_together_read_as_the_page_says(catalog):
    understood = understand("Soyuz-U December 2016 third stage")
    assert understood.label == "Soyuz-U · December 2016 · third · stage"
    assert understood.clauses == (Clause(("third",)), Clause(("stage",)))


def test_removing_a_name_or_the_date_gives_the_query_without_those_words(catalog):
    understood = understand("Soyuz-U December 2016 engine")
    (soyuz,) = understood.entities
    assert understood.without(soyuz.span) == "December 2016 engine"
    assert understood.without(*understood.period.spans) == "Soyuz-U engine"


def test_the_longest_name_wins(catalog):
    assert read("Baikonur Cosmodrome soyuz-u") == [
        ("site", "Baikonur Cosmodrome", ["Baykonur"]),
        ("vehicle", "Soyuz-U", ["Soyuz-U", "Soyuz-U-PVB"]),
    ]


def test_quoted_or_excluded_names_stay_words(catalog):
    understood = understand('"Soyuz-U" -Baikonur')
    assert understood.entities == ()
    assert understood.clauses == (
        Clause(("soyuz-u",)),
        Clause(("baikonur",), negated=True),
    )


def test_a_query_with_or_reads_no_names(catalog):
    understood = understand("soyuz or falcon")
    assert understood.entities == ()
    assert understood.clauses == (Clause(("soyuz", "falcon")),)


def test_articles_search_a_name_as_one_phrase(catalog):
    understood = understand("soyuz u 2016")
    assert understood.clauses == ()
    assert understood.article_clauses == (Clause(("soyuz u",)),)


def test_quick_links_lead_to_the_named_records_and_their_families(catalog):
    links = [(link.kind, link.name) for link in understand("soyuz-u").links]
    assert links == [("vehicle", "Soyuz-U"), ("family", "R-7"), ("vehicle", "Soyuz-U-PVB")]


def test_reading_names_costs_one_query(catalog, django_assert_num_queries):
    with django_assert_num_queries(1):
        understand("soyuz baikonur 2016")


def test_names_found_by_several_words_come_once_shortest_first(catalog):
    records = load_names(["soyuz", "Progress", "U-PVB", "Роскосмос"])
    found = [(r.kind, r.name) for r in records]
    assert found == [
        ("family", "R-7"),
        ("vehicle", "Soyuz-U"),
        ("spacecraft", "Progress"),
        ("vehicle", "Soyuz-2-1A"),
        ("vehicle", "Soyuz-U-PVB"),
        ("agency", "Roskosmos"),
        ("mission", "Progress MS-04"),
    ]


def test_like_wildcards_in_a_word_are_taken_literally(catalog):
    assert load_names(["R_7"]) == []
    assert load_names(["Soy%U"]) == []
    assert [r.name for r in load_names(["R-7"])] == ["R-7"]


def test_a_query_of_dates_only_asks_the_database_nothing(catalog, django_assert_num_queries):
    with django_assert_num_queries(0):
        understand("1 Dec 2016")


def test_search_names_hold_every_name_of_what_an_incident_involves(catalog):
    mission = make_mission(
        name="Progress MS-05", slug="progress-ms-05", spacecraft=catalog["progress"]
    )
    incident = make_incident(
        mission=mission,
        site=catalog["baikonur"],
        vehicles=[catalog["pvb"]],
        agencies=[catalog["roskosmos"]],
    )
    assert refresh_search_names([incident.pk]) == 1
    incident.refresh_from_db()
    assert incident.search_names.splitlines() == [
        "Progress MS-05",
        "Progress",
        "Soyuz-U-PVB",
        "Soyuz-U",
        "Soyuz U",
        "R-7",
        "Soyuz rocket",
        "Roskosmos",
        "Роскосмос",
        "Roscosmos",
        "Baykonur",
        "Baikonur",
        "Baikonur Cosmodrome",
    ]
    assert refresh_search_names([incident.pk]) == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("ids", "expected"),
    [
        ([1], ["1", "1 11", "3 1"]),
        ([11], ["1 11", "11 21"]),
        ([2, 21], ["11 21"]),
        ([5], []),
    ],
)
def test_an_id_list_filter_matches_whole_ids_only(ids, expected):
    lists = ["1", "1 11", "11 21", "3 1", "", None]
    for n, listed in enumerate(lists):
        make_incident(title=f"Incident {n}", vehicle_ids=listed)

    found = Incident.objects.filter(ListsAnyId("vehicle_ids", ids))

    assert sorted(found.values_list("vehicle_ids", flat=True)) == expected


def test_long_march_is_a_rocket_not_a_month():
    from search.query.text import find_period

    period = find_period("long march 5 2017")
    assert (period.first.isoformat(), period.last.isoformat()) == ("2017-01-01", "2017-12-31")
    assert find_period("march 5 2017").first.isoformat() == "2017-03-05"


# --------------------------------------------------------------------------- nth flight


@pytest.mark.parametrize(
    ("query", "number", "label"),
    [
        ("ariane 5 first flight", 1, "first flight"),
        ("maiden launch of Antares", 1, "first flight"),
        ("falcon 1 debut", 1, "first flight"),
        ("falcon 1 third flight", 3, "3rd flight"),
        ("Soyuz 12th launch", 12, "12th flight"),
        ("delta 2nd flight", 2, "2nd flight"),
    ],
)
def test_an_nth_flight_is_read(query, number, label):
    ordinal = find_ordinal(query)
    assert (ordinal.number, ordinal.label) == (number, label)


@pytest.mark.parametrize("query", ["first stage", '"first flight"', "flight", "11 seconds"])
def test_other_words_are_no_nth_flight(query):
    assert find_ordinal(query) is None


def test_an_nth_flight_with_a_vehicle_is_a_filter_and_without_one_words(catalog):
    understood = understand("Soyuz-U first flight")
    assert understood.ordinal.number == 1
    assert understood.clauses == ()
    assert understood.label == "Soyuz-U · first flight"
    assert understood.without(understood.ordinal.span) == "Soyuz-U"
    alone = understand("first flight")
    assert alone.ordinal is None
    assert alone.clauses == (Clause(("first",)), Clause(("flight",)))
