import datetime
import re
from pathlib import Path

import pytest

from articles.pipeline.classify import (
    EventMention,
    Succession,
    body_sentences,
    classify,
    find_past_events,
    headline_states_success,
    states_success,
)
from articles.pipeline.dates import find_dates
from articles.pipeline.extract import (
    Gazetteer,
    GazetteerEntry,
    MentionKind,
    NameMention,
    find_mentions,
)

SAMPLE_GAZETTEER = Gazetteer(
    [
        GazetteerEntry(MentionKind.VEHICLE, "zephyr", "Zephyr"),
        GazetteerEntry(MentionKind.VEHICLE, "orka", "Orka 2"),
        GazetteerEntry(MentionKind.MISSION, "kite-7", "Kite 7"),
        GazetteerEntry(MentionKind.AGENCY, "nova", "Nova Space"),
    ]
)


def classified(body: str, anchor: datetime.date | None = None):
    return classify(body, find_mentions(body, SAMPLE_GAZETTEER), anchor=anchor)


def classified_on(body: str, *, anchor: datetime.date, event: datetime.date):
    mentions = find_mentions(body, SAMPLE_GAZETTEER)
    return classify(body, mentions, anchor=anchor, event_date=event)


def key_text(body: str, anchor: datetime.date | None = None) -> str | None:
    span = classified(body, anchor).key_span
    return body[span[0] : span[1]] if span else None


def past_events(body: str, main_span: tuple[int, int] | None = None) -> list[EventMention]:
    mentions = find_mentions(body, SAMPLE_GAZETTEER)
    dates = find_dates(body, anchor=datetime.date(2016, 12, 1))
    return list(find_past_events(body, mentions, dates, main_span=main_span))


# --------------------------------------------------------------------------- classify


@pytest.mark.parametrize(
    "phrase",
    [
        "failed shortly after launch",
        "suffered a failure",
        "was lost",
        "ended in the loss of the payload",
        "exploded",
        "was destroyed in an explosion",
        "had an anomaly",
        "burned up over the ocean",
        "disintegrated",
        "spun out of control",
        "crashed",
        "did not reach orbit",
        "failed to reach orbit",
        "suffered a malfunction",
    ],
)
def test_a_failure_word_next_to_a_vehicle_reports_an_incident(phrase):
    body = f"The Zephyr rocket {phrase}. Engineers met."
    result = classified(body)
    assert result.reports_incident
    assert result.key_span == (0, len(f"The Zephyr rocket {phrase}."))


@pytest.mark.parametrize(
    "body",
    [
        "The Zephyr rocket successfully reached orbit.",
        "The Zephyr rocket lifted off and the Kite 7 craft is due to arrive on Saturday.",
        "Nova Space launched a supply rocket on Thursday. It was launched successfully.",
    ],
)
def test_a_routine_launch_is_routine_coverage(body):
    result = classified(body)
    assert not result.reports_incident
    assert result.key_span is None


def test_a_failure_of_the_main_subject_counts_without_a_catalog_name():
    body = "Nova Space said on Thursday that its cargo ship failed to reach orbit."
    assert classified(body).reports_incident


def test_a_failure_word_with_no_subject_does_not_count():
    assert not classified("Talks between the two sides failed on Thursday.").reports_incident


def test_negated_and_hypothetical_failure_words_do_not_count():
    body = "The Zephyr rocket did not fail. No anomaly hit the Orka 2 rocket. A Kite 7 could fail."
    assert not classified(body).reports_incident


def test_a_loss_that_will_not_affect_the_crew_is_still_a_loss():
    body = "The loss of the Kite 7 craft will not affect the crew."
    assert classified(body).reports_incident


def test_failures_told_only_as_past_events_are_routine_coverage():
    body = (
        "The Kite 7 ship docked with the station on Thursday. "
        "In October 2014, a Zephyr rocket exploded. "
        "Six months later, an Orka 2 rocket spun out of control. "
        "Then, another Zephyr rocket failed. "
        "The Orka 2 has flown since the rocket exploded in September."
    )
    result = classified(body)
    assert not result.reports_incident
    assert result.confidence == 0.6


def test_a_failure_on_the_day_of_the_news_is_present_even_beside_past_words():
    body = "Another Kite 7 craft was lost on Thursday, the first loss since August 2011."
    assert classified(body).reports_incident
    assert past_events(body) == []


def test_a_newspaper_called_today_does_not_make_a_past_failure_present():
    body = "Nova Space has not flown since a Zephyr rocket exploded in 2015, says Florida Today."
    assert not classified(body).reports_incident


def test_the_key_span_is_the_first_sentence_with_a_strong_failure_word():
    body = (
        "An anomaly occurred on the Zephyr rocket on Thursday. "
        "The third stage of the Zephyr rocket shut down earlier than planned. "
        "The Kite 7 cargo ship has been lost."
    )
    assert key_text(body) == "The third stage of the Zephyr rocket shut down earlier than planned."


def test_only_weak_failure_words_beside_routine_wording_are_routine_coverage():
    body = "The Zephyr rocket was launched successfully despite an anomaly in a ground valve."
    assert not classified(body).reports_incident


def test_an_explicit_date_near_the_anchor_belongs_to_the_present_event():
    body = "On Dec. 1, 2016, the Zephyr rocket failed."
    assert classified(body, anchor=datetime.date(2016, 12, 2)).reports_incident
    assert not classified(body, anchor=datetime.date(2017, 6, 1)).reports_incident


def test_failure_words_inside_web_addresses_are_ignored():
    body = "[Zephyr flies](/news/zephyr-rocket-failed.md) The Zephyr rocket flew well."
    assert not classified(body).reports_incident


def test_the_headline_counts_as_a_failure_statement():
    body = "Seventy seconds after liftoff the Zephyr rocket turned sideways. Nobody was hurt."
    assert not classified(body).reports_incident
    title = "Zephyr rocket explodes after liftoff"
    titled = classify(body, [], title=title, title_mentions=find_mentions(title, SAMPLE_GAZETTEER))
    assert titled.reports_incident


@pytest.mark.parametrize("phrase", ["exploded, killing all seven astronauts", "broke apart"])
def test_deaths_and_breakups_are_failures(phrase):
    assert classified(f"The Zephyr crew capsule {phrase}.").reports_incident


def test_a_booster_landing_miss_is_not_a_mission_failure():
    body = "The Zephyr booster was lost when it failed to land on the drone ship."
    assert not classified(body).reports_incident


def test_a_date_near_the_event_date_is_the_present_even_long_before_publication():
    body = "On Feb. 1, 2003, the Zephyr crew capsule broke apart."
    assert not classified(body, anchor=datetime.date(2022, 2, 1)).reports_incident
    event = classified_on(body, anchor=datetime.date(2022, 2, 1), event=datetime.date(2003, 1, 16))
    assert event.reports_incident


def test_a_named_subject_raises_the_confidence():
    named = classified("The Zephyr rocket failed to reach orbit.").confidence
    generic = classified("The rocket failed to reach orbit.").confidence
    assert named > generic


# --------------------------------------------------------------------------- past events


def test_a_dated_past_failure_is_an_event_with_its_year_and_month():
    body = "In October 2014, a Zephyr rocket built by Nova Space exploded after lift-off."
    (event,) = past_events(body)
    assert [(m.kind, m.text) for m in event.subjects] == [("vehicle", "Zephyr")]
    assert (event.start, event.end) == (0, len(body))
    assert (event.year, event.month, event.on_pad, event.sequence, event.after) == (
        2014,
        10,
        False,
        Succession.NONE,
        None,
    )


def test_a_chain_of_later_and_then_links_each_event_to_the_one_before():
    body = (
        "In October 2014, a Zephyr rocket exploded. "
        "Six months later, a Russian Kite cargo ship spun out of control. "
        "Then, an Orka 2 rocket disintegrated during flight."
    )
    events = past_events(body)
    assert [
        ([m.text for m in e.subjects], e.year, e.month, e.sequence, e.after) for e in events
    ] == [
        (["Zephyr"], 2014, 10, Succession.NONE, None),
        (["Kite"], 2015, 4, Succession.LATER, (2014, 10)),
        (["Orka 2"], None, None, Succession.THEN, (2015, 4)),
    ]
    assert events[1].subjects[0] == NameMention("series", (), 71, 75, "Kite", 0.5)


def test_a_series_name_in_passing_is_a_subject():
    body = "The program lost only one cargo ship before, another Kite, in August 2011."
    (event,) = past_events(body)
    assert [(m.kind, m.text) for m in event.subjects] == [("series", "Kite")]
    assert (event.year, event.month) == (2011, 8)


def test_a_pad_explosion_during_fueling_is_marked_on_the_pad():
    body = "In September, a Zephyr rocket exploded on the launch pad during fueling."
    (event,) = past_events(body)
    assert event.on_pad
    assert (event.year, event.month) == (2016, 9)


def test_the_main_sentence_and_undated_failures_are_not_past_events():
    body = (
        "The Kite 7 cargo ship failed to reach orbit on Thursday. "
        "The Zephyr also flew again but was grounded after a Zephyr rocket exploded. "
        "Several Zephyr rockets flew before Thursday's failure."
    )
    main = classified(body).key_span
    assert main == (0, len("The Kite 7 cargo ship failed to reach orbit on Thursday."))
    assert past_events(body, main_span=main) == []


def test_an_undated_failure_on_the_pad_is_a_past_event():
    body = "The Kite 7 craft was lost on Thursday. A Zephyr rocket once exploded on its pad."
    main = classified(body).key_span
    (event,) = past_events(body, main_span=main)
    assert ([m.text for m in event.subjects], event.year, event.on_pad) == (["Zephyr"], None, True)


def test_one_sentence_may_tell_of_two_past_failures():
    body = "An Orka 2 rocket exploded in October 2014 and a Zephyr broke apart in June 2015."
    events = past_events(body)
    assert [([m.text for m in e.subjects], e.year, e.month) for e in events] == [
        (["Orka 2", "Zephyr"], 2014, 10),
        (["Zephyr"], 2015, 6),
    ]


def test_the_day_of_the_news_may_recall_an_earlier_failure_in_a_clause():
    body = "Thursday's loss was the first since May 2011, when a Zephyr rocket exploded on its pad."
    (event,) = past_events(body)
    assert ([m.text for m in event.subjects], event.year, event.month, event.on_pad) == (
        ["Zephyr"],
        2011,
        5,
        True,
    )


def test_the_main_mission_told_again_with_a_date_is_not_a_past_event():
    body = "Kite 7 was lost on Thursday. In December, the Kite 7 failure was studied."
    main = classified(body).key_span
    assert past_events(body, main_span=main) == []


# --------------------------------------------------------------------------- real seeds

SEEDS = Path("/work/shared/seeds")
SEED_GAZETTEER = Gazetteer(
    [
        GazetteerEntry(MentionKind.MISSION, "progress-ms-04", "Progress MS-04"),
        GazetteerEntry(MentionKind.MISSION, "progress-ms-04", "Progress 65", confidence=0.9),
        GazetteerEntry(MentionKind.MISSION, "progress-ms-04", "65P", confidence=0.9),
        GazetteerEntry(MentionKind.MISSION, "progress-ms-26", "Progress MS-26"),
        GazetteerEntry(MentionKind.VEHICLE, "soyuz-u", "Soyuz-U"),
        GazetteerEntry(MentionKind.VEHICLE, "soyuz", "Soyuz"),
        GazetteerEntry(MentionKind.VEHICLE, "falcon-9", "Falcon 9"),
        GazetteerEntry(MentionKind.VEHICLE, "antares", "Antares"),
        GazetteerEntry(MentionKind.VEHICLE, "atlas-5", "Atlas 5"),
        GazetteerEntry(MentionKind.AGENCY, "roscosmos", "Roscosmos"),
        GazetteerEntry(MentionKind.AGENCY, "nasa", "NASA"),
        GazetteerEntry(MentionKind.AGENCY, "orbital-atk", "Orbital ATK"),
        GazetteerEntry(MentionKind.AGENCY, "spacex", "SpaceX"),
        GazetteerEntry(MentionKind.AGENCY, "ula", "United Launch Alliance"),
        GazetteerEntry(MentionKind.AGENCY, "jaxa", "JAXA"),
        GazetteerEntry(MentionKind.SITE, "baikonur", "Baikonur Cosmodrome"),
    ]
)
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="the shared seed articles are absent")


def seed_body(number: str) -> str:
    (path,) = SEEDS.glob(f"{number}_*.txt")
    text = path.read_text(encoding="utf-8")
    return re.sub(r"(\d)([.,]) (\d)", r"\1\2\3", text)  # "2. 6 tons" -> "2.6 tons"


@needs_seeds
@pytest.mark.parametrize("number", ["000", "001", "002", "003"])
def test_seed_articles_about_the_lost_cargo_ship_report_an_incident(number):
    body = seed_body(number)
    result = classify(body, find_mentions(body, SEED_GAZETTEER))
    assert result.reports_incident
    assert result.key_span is not None
    key = body[result.key_span[0] : result.key_span[1]]
    assert re.search(r"fail|lost|loss|shut down earlier", key)


@needs_seeds
def test_the_seed_article_about_a_routine_launch_is_routine_coverage():
    body = seed_body("004")
    mentions = find_mentions(body, SEED_GAZETTEER)
    assert ("mission", "Progress MS-26") in [(m.kind, m.text) for m in mentions]
    result = classify(body, mentions)
    assert not result.reports_incident
    assert result.key_span is None


@needs_seeds
def test_the_seed_article_with_a_history_of_losses_yields_five_past_events():
    body = seed_body("003")
    mentions = find_mentions(body, SEED_GAZETTEER)
    main = classify(body, mentions).key_span
    dates = find_dates(body, anchor=datetime.date(2016, 12, 1))
    events = find_past_events(body, mentions, dates, main_span=main, main_mission="progress-ms-04")
    assert [
        ([(m.kind, m.text) for m in e.subjects], e.year, e.month, e.sequence, e.after)
        for e in events
    ] == [
        ([("vehicle", "Antares")], 2014, 10, Succession.NONE, None),
        ([("series", "Progress")], 2015, 4, Succession.LATER, (2014, 10)),
        ([("vehicle", "Falcon 9")], None, None, Succession.THEN, (2015, 4)),
        ([("series", "Progress")], 2011, 8, Succession.NONE, None),
        ([("vehicle", "Falcon 9"), ("vehicle", "Falcon 9")], None, None, Succession.NONE, None),
    ]
    assert [e.on_pad for e in events] == [False, False, False, False, True]


@needs_seeds
def test_the_first_seed_article_recalls_the_falcon_9_explosion_of_september():
    body = seed_body("000")
    mentions = find_mentions(body, SEED_GAZETTEER)
    main = classify(body, mentions).key_span
    dates = find_dates(body, anchor=datetime.date(2016, 12, 1))
    (event,) = find_past_events(body, mentions, dates, main_span=main)
    assert ([m.text for m in event.subjects], event.year, event.month) == (["Falcon 9"], 2016, 9)


def test_dates_without_names_take_the_names_of_the_sentence_or_the_one_before():
    body = (
        "The Kite 7 craft was lost on Thursday.\n\n"
        "Two earlier Zephyr rockets failed in 2011 and 2013. "
        "The Orka 2 rocket has failed twice. Its failures were in May 2012 and June 2014."
    )
    events = past_events(body, main_span=classified(body).key_span)
    assert [([m.text for m in e.subjects], e.year, e.month) for e in events] == [
        (["Zephyr"], 2011, None),
        (["Zephyr"], 2013, None),
        (["Orka 2"], 2012, 5),
        (["Orka 2"], 2014, 6),
    ]


@pytest.mark.parametrize(
    "phrase",
    [
        "left its satellite in the wrong orbit",
        "lost contact with its lander",
        "tipped over on landing",
        "was not successful",
        "nearly reached orbit",
        "ran out of fuel",
        "was unable to reach orbit",
        "went silent",
    ],
)
def test_more_ways_to_say_a_flight_failed(phrase):
    assert classified(f"The Zephyr rocket {phrase} on Thursday.").reports_incident


@pytest.mark.parametrize(
    "body",
    [
        "The Zephyr rocket flew on Thursday, its first flight since a Zephyr exploded.",
        "The Zephyr rocket returned to flight on Thursday, two years after a failure.",
        "The Zephyr rocket reached orbit on Thursday after several failed attempts.",
        "The Zephyr rocket reached orbit on Thursday after failures in 2014 and 2015.",
    ],
)
def test_failure_words_about_other_events_do_not_report_the_days(body):
    result = classified(body, anchor=datetime.date(2016, 12, 1))
    assert not result.reports_incident


def test_a_failure_before_the_word_since_is_the_days():
    body = "Controllers have heard nothing from the Kite 7 craft since it landed on Thursday."
    assert classified(body).reports_incident


def test_a_sentence_without_a_date_continues_the_time_of_the_one_before():
    body = (
        "The Zephyr rocket reached orbit on Thursday.\n\n"
        "In July 2014 a Zephyr failed. That was later traced to a leak in the rocket's engine."
    )
    assert not classified(body, anchor=datetime.date(2016, 12, 1)).reports_incident


def test_a_new_paragraph_starts_in_the_present_again():
    body = "In July 2014 a Zephyr failed.\n\nThe rocket's engine failed on Thursday."
    result = classified(body, anchor=datetime.date(2016, 12, 1))
    assert body[slice(*result.key_span)] == "The rocket's engine failed on Thursday."


@pytest.mark.parametrize(
    ("title", "says_so"),
    [
        ("Zephyr reaches orbit on its second try", True),
        ("Vega-C back in business", True),
        ("Zephyr returns to flight", True),
        ("Zephyr reaches orbit but loses its payload", False),
        ("Zephyr explodes", False),
        ("", False),
    ],
)
def test_a_headline_that_says_the_flight_went_well(title, says_so):
    assert headline_states_success(title) is says_so


def test_a_lead_that_says_the_flight_went_well_states_success():
    body = "The Zephyr rocket lifted off on Thursday. The launch went smoothly, Nova Space said."
    mentions = find_mentions(body, SAMPLE_GAZETTEER)
    sentences = body_sentences(body, mentions, find_dates(body, anchor=None))
    assert states_success(body, sentences, title="", past=set())
    assert not states_success(body, sentences, title="", past={s.span for s in sentences})
