import pytest

from articles.pipeline.extract import (
    Gazetteer,
    GazetteerEntry,
    MentionKind,
    NameMention,
    find_designators,
    find_mentions,
    find_series_mentions,
)


def gazetteer(*entries: tuple[str, int | str, str] | GazetteerEntry) -> Gazetteer:
    return Gazetteer(
        e if isinstance(e, GazetteerEntry) else GazetteerEntry(MentionKind(e[0]), e[1], e[2])
        for e in entries
    )


def found(body: str, g: Gazetteer) -> list[tuple[str, str, tuple[int | str, ...]]]:
    return [(m.kind, m.text, m.keys) for m in find_mentions(body, g)]


def test_a_mention_gives_exact_offsets_into_the_body():
    body = "Yesterday a Zephyr-K rocket lifted off."
    (mention,) = find_mentions(body, gazetteer(("vehicle", 7, "Zephyr-K")))
    assert mention == NameMention("vehicle", (7,), 12, 20, "Zephyr-K", 1.0)
    assert body[mention.start : mention.end] == mention.text


def test_hyphen_space_and_case_variants_match_the_same_entry():
    g = gazetteer(("vehicle", "zk", "Zephyr-K"))
    body = "Zephyr K, then ZEPHYR-K, then Zephyr\u2011K and Zephyr_K."
    assert [m.text for m in find_mentions(body, g)] == [
        "Zephyr K",
        "ZEPHYR-K",
        "Zephyr\u2011K",
        "Zephyr_K",
    ]


def test_a_name_does_not_join_words_across_a_sentence_end():
    g = gazetteer(("vehicle", 1, "Zephyr U"))
    assert found("It flew on a Zephyr. U.S. crews watched.", g) == []
    assert found("It flew on a Zephyr U.", g) == [("vehicle", "Zephyr U", (1,))]


def test_names_match_only_on_word_boundaries():
    g = gazetteer(("vehicle", 1, "Orka"))
    assert found("The Orkan and Borka flew; the Orka did too.", g) == [("vehicle", "Orka", (1,))]


def test_a_name_does_not_match_the_first_part_of_a_longer_word():
    g = gazetteer(("vehicle", 9, "Falcon 9"), ("agency", "a", "AT"))
    assert found("A Falcon 9R and an AT&T satellite.", g) == []


def test_letters_and_digits_match_with_or_without_a_hyphen_between_them():
    g = gazetteer(("mission", 65, "65P"), ("vehicle", "ms", "Orka MS04"))
    assert [m.text for m in find_mentions("65-P, 65P, Orka MS-04 and Orka MS04.", g)] == [
        "65-P",
        "65P",
        "Orka MS-04",
        "Orka MS04",
    ]


def test_a_name_ending_in_a_digit_does_not_match_a_longer_number():
    g = gazetteer(("vehicle", 9, "Falcon 9"))
    assert found("A Falcon 90 and a Falcon 9.5 and a Falcon 95.", g) == []
    assert found("One Falcon 9, then a Falcon 9.", g) == [
        ("vehicle", "Falcon 9", (9,)),
        ("vehicle", "Falcon 9", (9,)),
    ]


def test_a_name_starting_with_a_digit_does_not_match_the_tail_of_a_decimal():
    g = gazetteer(("mission", 65, "65P"))
    assert found("Ratio 1.65P here, but 65P there.", g) == [("mission", "65P", (65,))]


def test_the_longest_match_wins_where_matches_overlap():
    g = gazetteer(("family", "pr", "Progress"), ("mission", 65, "Progress 65"))
    assert found("The Progress 65 freighter, like every Progress, was small.", g) == [
        ("mission", "Progress 65", (65,)),
        ("family", "Progress", ("pr",)),
    ]


def test_a_mission_name_beats_a_vehicle_name_on_the_same_words():
    g = gazetteer(
        ("agency", "a", "Kestrel One"),
        ("vehicle", "v", "Kestrel One"),
        ("mission", "m", "Kestrel-One"),
        ("family", "f", "Kestrel One"),
    )
    assert found("Kestrel One flew.", g) == [("mission", "Kestrel One", ("m",))]


def test_kind_priority_puts_site_above_agency():
    g = gazetteer(("agency", "a", "Plesetsk"), ("site", "s", "Plesetsk"))
    assert found("It rose from Plesetsk.", g) == [("site", "Plesetsk", ("s",))]


def test_an_ambiguous_name_gives_one_mention_with_every_key_and_lower_confidence():
    g = gazetteer(("vehicle", 1, "Tern"), ("vehicle", 2, "TERN"), ("vehicle", 1, "Tern"))
    (mention,) = find_mentions("A Tern rocket.", g)
    assert mention.keys == (1, 2)
    assert mention.confidence == 0.5


def test_an_alias_carries_its_entry_confidence():
    g = gazetteer(GazetteerEntry(MentionKind.MISSION, 4, "Progress 65", confidence=0.8))
    assert [m.confidence for m in find_mentions("Progress 65 was lost.", g)] == [0.8]


def test_short_names_match_only_as_all_caps_acronyms():
    g = gazetteer(("agency", "us", "US"), ("vehicle", "n1", "N-1"))
    assert found("Let us see: the US N1 and the n1 and Us.", g) == [
        ("agency", "US", ("us",)),
        ("vehicle", "N1", ("n1",)),
    ]


def test_stop_word_names_match_only_as_all_caps_acronyms():
    g = gazetteer(("agency", "can", "Can"), ("agency", "it", "IT"))
    assert found("It can fly. The CAN and IT teams agreed.", g) == [
        ("agency", "CAN", ("can",)),
        ("agency", "IT", ("it",)),
    ]


def test_three_letter_acronyms_match():
    g = gazetteer(("site", "iss", "ISS"), ("vehicle", "htv", "HTV"), ("agency", "ula", "ULA"))
    assert [m.text for m in find_mentions("ULA and HTV (HTV-6) reach the ISS.", g)] == [
        "ULA",
        "HTV",
        "HTV",
        "ISS",
    ]


def test_text_written_all_in_lower_case_never_matches():
    g = gazetteer(("agency", "p", "Progress"), ("mission", "t", "Test"))
    assert found("Work in progress on the engine test.", g) == []
    assert found("Progress made the Test.", g) == [
        ("agency", "Progress", ("p",)),
        ("mission", "Test", ("t",)),
    ]


def test_a_possessive_still_matches_the_name():
    g = gazetteer(("agency", "x", "Nova Corp"))
    assert found("Nova Corp's rocket and Nova Corp\u2019s pad.", g) == [
        ("agency", "Nova Corp", ("x",)),
        ("agency", "Nova Corp", ("x",)),
    ]


def test_a_name_may_wrap_over_one_line_break_but_not_a_blank_line():
    g = gazetteer(("agency", "ula", "United Launch Alliance"))
    assert len(find_mentions("by United Launch\nAlliance today", g)) == 1
    assert find_mentions("by United Launch\n\nAlliance today", g) == ()


def test_names_inside_web_addresses_are_skipped():
    g = gazetteer(("mission", 4, "Progress MS-04"))
    body = "[Progress MS-04 lost](/news/progress-ms-04-lost.md) see https://x.org/Progress-MS-04"
    assert [m.start for m in find_mentions(body, g)] == [1]


def test_an_entry_of_an_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="unknown gazetteer kind"):
        GazetteerEntry("planet", 1, "Mars")


def test_series_names_not_in_the_gazetteer_are_found_as_series_mentions():
    body = "Later a Russian Progress cargo ship and a Nimbus capsule failed."
    (covered,) = find_mentions(body, gazetteer(("vehicle", "n", "Nimbus")))
    series = find_series_mentions(body, 0, len(body), [covered])
    assert [(m.kind, m.text, m.keys, m.start) for m in series] == [("series", "Progress", (), 16)]


def test_a_capitalised_word_before_a_craft_noun_counts_as_a_series_name():
    body = "The Kite freighter and an American rocket."
    assert [m.text for m in find_series_mentions(body, 0, len(body), [])] == ["Kite"]


def test_international_designators_name_their_launch():
    body = "Trackers saw 20 pieces of 2016-053B on Sunday; 2016-F02 is no designator."
    assert find_designators(body) == ((26, 35, "2016-053"),)
