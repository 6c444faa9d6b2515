from articles.pipeline.captions import find_clutter


def texts(body, spans):
    return [body[start:end] for start, end in spans]


def test_an_image_label_is_a_credit_and_its_line_a_caption():
    body = "Image: Engine test (Rocketco)\n\nThe rocket failed on Tuesday."
    clutter = find_clutter(body)
    assert texts(body, clutter.credits) == ["Image: ", "(Rocketco)"]
    assert texts(body, clutter.captions) == ["Image: Engine test (Rocketco)"]
    assert not clutter.in_caption(body.index("The rocket"), len(body))


def test_parenthesised_and_inline_credits():
    body = (
        "A Kite rocket on the pad. (Image credit: Kiteworks)\n"
        "The capsule splashes down. Photo via Orbitco.\n"
        "The crew waved, courtesy of Wide World Archive."
    )
    clutter = find_clutter(body)
    assert "(Image credit: Kiteworks)" in texts(body, clutter.credits)
    assert "Photo via Orbitco." in texts(body, clutter.credits)
    assert "courtesy of Wide World Archive." in texts(body, clutter.credits)
    assert len(clutter.captions) == 3


def test_a_photographer_line_is_a_credit_and_the_line_above_it_a_caption():
    body = (
        "The crew boards the capsule before launch.\nJane Roe/Pool via REUTERS\n\n"
        "The booster failed."
    )
    clutter = find_clutter(body)
    assert texts(body, clutter.credits) == ["Jane Roe/Pool via REUTERS"]
    assert "The crew boards the capsule before launch." in texts(body, clutter.captions)


def test_an_agency_in_parentheses_ending_a_sentence_is_prose():
    body = "The satellite was built with the European Space Agency (Esa)."
    assert find_clutter(body).captions == ()


def test_a_news_agency_tag_in_a_dateline_does_not_make_a_caption():
    body = "CAPE TOWN (AP) – The rocket exploded two minutes after liftoff on Saturday."
    clutter = find_clutter(body)
    assert texts(body, clutter.credits) == ["(AP)"]
    assert clutter.captions == ()


def test_a_caption_opening_is_a_caption_without_a_credit():
    body = "In this image from television, smoke rises over the pad.\n\nThe launch failed."
    assert texts(body, find_clutter(body).captions) == [
        "In this image from television, smoke rises over the pad."
    ]
