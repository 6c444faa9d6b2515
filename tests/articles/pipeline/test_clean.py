import pytest

from articles.pipeline.clean import (
    CleanedText,
    classify_line,
    clean_text,
    is_boilerplate_line,
    repair_line,
    split_lines,
)

BODY = "The lander touched down on its side.\n\nEngineers are studying the data."


# --------------------------------------------------------------------------- copyright lines


@pytest.mark.parametrize(
    ("line", "publisher"),
    [
        ("© 2024 Orbit Daily. All rights reserved.", "Orbit Daily"),
        ("Copyright © 2019-2023 Launch Pad Media, Inc. All Rights Reserved", "Launch Pad Media"),
        ("(c) 2022 The Space Ledger", "The Space Ledger"),
        ("Copyright 2020 Rocket Review", "Rocket Review"),
    ],
)
def test_copyright_line_is_removed_and_names_the_publisher(line, publisher):
    cleaned = clean_text(f"{BODY}\n\n{line}")
    assert cleaned.body == BODY
    assert cleaned.removed == (line,)
    assert cleaned.publisher_hint == publisher


def test_all_rights_reserved_line_without_owner_is_removed_without_a_hint():
    cleaned = clean_text(f"{BODY}\n\nAll rights reserved.")
    assert cleaned.body == BODY
    assert cleaned.publisher_hint is None


def test_sentence_starting_with_the_word_copyright_is_kept():
    text = "Copyright disputes delayed the mission film by a year."
    assert clean_text(text).body == text


# --------------------------------------------------------------------------- donation appeals


APPEAL = """Help Keep Us Independent

A message from The Orbit Gazette:

Dear reader,

Our newsroom faces pressure from the authorities. We will not stop reporting.

Every contribution, however small, keeps our journalists working. Thank you.

One-time
Monthly
Yearly
Continue
Payment methods
Not ready to donate yet?
Maybe later."""


def test_donation_appeal_at_the_end_is_removed_as_one_block():
    cleaned = clean_text(f"{BODY}\n\n{APPEAL}")
    assert "Dear reader" not in cleaned.body
    assert "contribution" not in cleaned.body
    assert "Monthly" not in cleaned.body
    assert "Maybe later" not in cleaned.body
    appeal_block = next(block for block in cleaned.removed if block.startswith("A message from"))
    assert appeal_block.endswith("Maybe later.")
    assert cleaned.publisher_hint == "The Orbit Gazette"


def test_support_banner_at_the_top_is_removed_and_names_the_publisher():
    cleaned = clean_text(f"Support The Orbit Gazette!\n\n{BODY}")
    assert cleaned.body == BODY
    assert cleaned.removed == ("Support The Orbit Gazette!",)
    assert cleaned.publisher_hint == "The Orbit Gazette"


def test_copyright_owner_is_preferred_to_a_support_banner_as_publisher():
    cleaned = clean_text(f"Support Brave Reporting!\n\n{BODY}\n\n© 2024 Orbit Daily")
    assert cleaned.body == BODY
    assert cleaned.publisher_hint == "Orbit Daily"


def test_support_us_banner_is_removed_without_a_hint():
    cleaned = clean_text(f"Please support our journalism.\n\n{BODY}")
    assert cleaned.body == BODY
    assert cleaned.publisher_hint is None


def test_dear_readers_appeal_without_payment_buttons_is_removed():
    text = (
        f"{BODY}\n\nDear readers,\n\nIndependent journalism needs your support.\n\n"
        "Please donate today."
    )
    cleaned = clean_text(text)
    assert cleaned.body == BODY


def test_message_from_someone_in_the_story_is_kept():
    text = "A message from the crew:\n\nThe station is in good shape and we are safe."
    assert clean_text(text).body == text


def test_support_in_a_sentence_is_kept():
    text = "Support for the mission grew after the launch!"
    assert clean_text(text).body == text


# --------------------------------------------------------------------------- newsletter sign-ups


def test_newsletter_sign_up_block_is_removed():
    text = (
        f"{BODY}\n\nGet our daily launch newsletter\n\n"
        "The best of the week in space, delivered to your inbox every Monday.\n"
        "By signing up you agree to our Terms of Use and Privacy Policy."
    )
    cleaned = clean_text(text)
    assert cleaned.body == BODY
    assert "newsletter" in cleaned.removed[0]
    assert cleaned.removed[0].endswith("Privacy Policy.")


def test_sign_up_line_without_the_word_newsletter_is_removed():
    cleaned = clean_text(f"{BODY}\n\nSubscribe for breaking launch alerts")
    assert cleaned.body == BODY


def test_sentence_mentioning_a_newsletter_in_the_story_is_kept():
    text = "The agency's internal newsletter later described the failure in detail."
    assert clean_text(text).body == text


# --------------------------------------------------------------------------- affiliate notices


@pytest.mark.parametrize(
    "notice",
    [
        "This post may contain affiliate links; we may earn a commission on purchases.",
        "This page includes affilliate links and if you buy through them we recieve a fee.",
        "As an Amazon Associate we earn from qualifying purchases.",
        "We may receive a small commission when you shop through links on this site.",
    ],
)
def test_affiliate_notice_is_removed(notice):
    cleaned = clean_text(f"{BODY}\n\n{notice}")
    assert cleaned.body == BODY
    assert cleaned.removed == (notice,)


def test_affiliate_in_the_story_is_kept():
    text = "The contractor's affiliate earned a launch commission from the agency."
    assert clean_text(text).body == text


# --------------------------------------------------------------------------- social prompts


@pytest.mark.parametrize(
    "prompt",
    [
        "Meanwhile, follow our live X thread for updates:",
        "Like us on Facebook and follow us on Instagram.",
        "Follow @OrbitDaily for more.",
        "Share this article",
    ],
)
def test_follow_us_line_is_removed(prompt):
    cleaned = clean_text(f"{BODY}\n\n{prompt}")
    assert cleaned.body == BODY
    assert cleaned.removed == (prompt,)


def test_agency_social_channel_in_the_story_is_kept():
    text = "The agency posted a video on its Telegram channel."
    assert clean_text(text).body == text


# --------------------------------------------------------------------------- read more


@pytest.mark.parametrize(
    "link",
    [
        "Read more",
        "Read more:",
        "READ MORE »",
        "Read also: A probe goes silent",
        "Continue reading",
    ],
)
def test_read_more_link_is_removed(link):
    cleaned = clean_text(f"{BODY}\n\n{link}")
    assert cleaned.body == BODY


def test_read_more_inside_a_sentence_is_kept():
    text = "Investigators want to read more of the flight logs before deciding."
    assert clean_text(text).body == text


def test_is_boilerplate_line_recognises_single_lines():
    assert is_boilerplate_line("Support The Orbit Gazette!")
    assert is_boilerplate_line("Read more")
    assert not is_boilerplate_line("Probe Enters Safe Mode")


# --------------------------------------------------------------------------- extraction damage


def test_spaced_decimal_before_a_unit_is_repaired():
    cleaned = clean_text("The freighter carried 3. 4 tons of water and 1. 5 million dollars.")
    assert cleaned.body == "The freighter carried 3.4 tons of water and 1.5 million dollars."
    assert cleaned.repairs == 2


@pytest.mark.parametrize(
    "text",
    [
        "The station was finished in 2011. 6 crew members live there.",
        "It was mission number 12. 5 people watched from the roof.",
        "1. 5 tons of supplies were lost in the first incident.",
        "The version was 2. 6 and the other 3. 1",
        "The craft MS-04. 5 tons were aboard.",
    ],
)
def test_period_between_numbers_that_is_not_a_decimal_is_kept(text):
    cleaned = clean_text(text)
    assert cleaned.body == text
    assert cleaned.repairs == 0


def test_spaced_thousands_separator_is_repaired():
    cleaned = clean_text("It held 3, 200 pounds of fuel, 4, 125 kg of food and 1, 250, 000 parts.")
    assert cleaned.body == "It held 3,200 pounds of fuel, 4,125 kg of food and 1,250,000 parts."
    assert cleaned.repairs == 3


@pytest.mark.parametrize(
    "text",
    [
        "In 2016, 400 people attended.",
        "It launched on Dec. 9, 100 days after the failure.",
        "Then on September 9, 250 engineers met.",
        "The counts were 5, 1200 and 7.",
        "Flights 3, 12 and 40 were delayed.",
    ],
)
def test_comma_between_numbers_that_is_not_a_separator_is_kept(text):
    cleaned = clean_text(text)
    assert cleaned.body == text
    assert cleaned.repairs == 0


def test_spaced_dashes_are_tightened():
    cleaned = clean_text("The crew  —   all four  —   returned safely  –  today.")
    assert cleaned.body == "The crew — all four — returned safely – today."
    assert cleaned.repairs == 3


def test_normal_dashes_are_not_counted_as_repairs():
    cleaned = clean_text("The crew — all four — returned.")
    assert cleaned.body == "The crew — all four — returned."
    assert cleaned.repairs == 0


def test_runs_of_spaces_and_non_breaking_spaces_are_collapsed():
    cleaned = clean_text("  The \u00a0 probe\t\twoke   up.  \n\n\n\n  It   phoned home.  ")
    assert cleaned.body == "The probe woke up.\n\nIt phoned home."
    assert cleaned.repairs == 0


def test_one_huge_paragraph_stays_one_paragraph_with_sentences_intact():
    text = " ".join(f"Sentence number {n} reports 1, 0{n:02d} kg  —   roughly." for n in range(50))
    cleaned = clean_text(text)
    assert "\n" not in cleaned.body
    assert "Sentence number 7 reports 1,007 kg — roughly." in cleaned.body


def test_lines_within_a_paragraph_are_kept_on_their_own_lines():
    assert clean_text("Line one\nLine two\n\nNext paragraph").body == (
        "Line one\nLine two\n\nNext paragraph"
    )


def test_cleaning_is_deterministic():
    text = f"Support The Orbit Gazette!\n\n{BODY} 2. 6 tons\n\n© 2024 Orbit Daily"
    assert clean_text(text) == clean_text(text)


def test_clean_text_returns_cleaned_text():
    cleaned = clean_text(BODY)
    assert cleaned == CleanedText(body=BODY, removed=(), repairs=0, publisher_hint=None)


def test_the_line_caches_keep_nothing_of_a_text_once_it_is_cleaned():
    clean_text("Rocket lost\n\nThe rocket failed.\n© 2024 Example Wire\nRead more\n")
    assert classify_line.cache_info().currsize == repair_line.cache_info().currsize == 0


def test_a_line_repeated_in_a_paragraph_is_kept_once_and_cleaned_as_often():
    lines = split_lines("Go\nGo\nGo\n\nGo")
    assert lines[0] is lines[1] is lines[2] and lines[3] is not lines[0]
    assert clean_text("Go\nGo\nGo\n\nGo").body == "Go\nGo\nGo\n\nGo"
