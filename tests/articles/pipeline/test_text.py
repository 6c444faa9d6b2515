from articles.pipeline.text import (
    name_tokens,
    normalize_name,
    sentence_spans,
    title_case_spans,
    url_spans,
)


def sentences(body: str) -> list[str]:
    return [body[start:end] for start, end in sentence_spans(body)]


def test_spellings_of_a_vehicle_name_normalise_to_the_same_form():
    assert normalize_name("Soyuz-U") == normalize_name("soyuz u") == normalize_name("SOYUZ  U")
    assert normalize_name("Soyuz-U") == "soyuz u"


def test_hyphens_dots_underscores_and_apostrophes_become_single_spaces():
    assert normalize_name("H-II") == "h ii"
    assert normalize_name("Long_March\u20132F") == "long march 2f"
    assert normalize_name("U.S. Air Force") == "u s air force"
    assert normalize_name("Kounotori\u2019s") == "kounotori s"


def test_name_tokens_are_runs_of_letters_or_of_digits():
    assert name_tokens("Progress MS-04") == ("progress", "ms", "04")
    assert name_tokens("65P") == name_tokens("65-P") == ("65", "p")
    assert name_tokens("AT&T") == ("at", "&", "t")
    assert name_tokens("  ") == ()


def test_sentences_split_at_full_stops_and_exclude_surrounding_whitespace():
    body = "  The rocket rose. It then fell!  Was it lost? Nobody knows.  "
    assert sentences(body) == ["The rocket rose.", "It then fell!", "Was it lost?", "Nobody knows."]
    assert sentence_spans(body)[0] == (2, 18)


def test_month_abbreviations_and_initials_do_not_end_a_sentence():
    body = "The next ship flies on Dec. 9 from Japan. Boris N. Yeltsin was not there."
    assert sentences(body) == [
        "The next ship flies on Dec. 9 from Japan.",
        "Boris N. Yeltsin was not there.",
    ]


def test_dotted_abbreviations_end_a_sentence_only_before_a_typical_opener():
    body = "It carried no U.S. cargo. Lift-off came at 9:51 a.m. EST. It went to the U.S. The end."
    assert sentences(body) == [
        "It carried no U.S. cargo.",
        "Lift-off came at 9:51 a.m. EST.",
        "It went to the U.S.",
        "The end.",
    ]


def test_decimals_do_not_split_even_when_damaged_by_a_space():
    body = "It carried 3.1 tons. The other carried 2. 4 tons of water."
    assert sentences(body) == ["It carried 3.1 tons.", "The other carried 2. 4 tons of water."]


def test_quotes_closing_a_sentence_stay_with_it():
    body = '"The craft is gone." Officials said so. "Really," he added.'
    assert sentences(body) == ['"The craft is gone."', "Officials said so.", '"Really," he added.']


def test_blank_lines_and_headline_lines_end_sentences_but_wrapped_lines_do_not():
    body = "Cargo Ship Lost\n\nThe freighter fell\nback to Earth.\nA new line starts here"
    assert sentences(body) == [
        "Cargo Ship Lost",
        "The freighter fell\nback to Earth.",
        "A new line starts here",
    ]


def test_a_body_that_is_one_long_paragraph_still_splits():
    body = " ".join(f"Sentence number {n} is here." for n in range(1, 41))
    spans = sentence_spans(body)
    assert len(spans) == 40
    assert body[spans[-1][0] : spans[-1][1]] == "Sentence number 40 is here."


def test_url_spans_cover_web_addresses_and_markdown_link_targets():
    body = "See [the news](/news/2016/12/1/ship-lost.md) or https://example.org/a-b."
    spans = url_spans(body)
    assert [body[start:end] for start, end in spans] == [
        "/news/2016/12/1/ship-lost.md",
        "https://example.org/a-b",
    ]


def test_lines_in_title_case_are_found():
    body = (
        "Genesis Was Bringing Home Real Stardust\nThe capsule was to bring home some stardust.\nA"
    )
    assert title_case_spans(body) == [(0, 39)]


def test_shorten_cuts_after_a_whole_word_and_marks_the_cut():
    from articles.pipeline.text import shorten

    assert shorten("thirty seconds after lift-off", 100) == "thirty seconds after lift-off"
    assert shorten("thirty seconds after lift-off", 24) == "thirty seconds after…"
    assert shorten("supercalifragilistic", 10) == "supercali…"  # one word: cut, but marked
