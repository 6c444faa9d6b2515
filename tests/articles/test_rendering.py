"""An article body as HTML: every character escaped, cited passages marked and anchored."""

from django.utils.safestring import SafeString

from articles.rendering import Passage, highlight_passages


def anchor(name: str) -> str:
    return f'<span id="{name}" class="anchor"></span>'


def test_a_body_without_passages_is_only_escaped():
    html = highlight_passages("Thrust < 2 MN & \"nominal\" 'flight'", [])
    assert html == "Thrust &lt; 2 MN &amp; &quot;nominal&quot; &#x27;flight&#x27;"
    assert isinstance(html, SafeString)


def test_an_empty_body_renders_empty():
    assert highlight_passages("", []) == ""


def test_one_passage_is_anchored_and_marked():
    body = "Contact was lost. The third stage failed. Debris fell."
    html = highlight_passages(body, [Passage("passage-7", 18, 41, "Progress MS-04")])
    assert html == (
        "Contact was lost. "
        + anchor("passage-7")
        + '<mark class="passage" title="Progress MS-04">The third stage failed.</mark>'
        + " Debris fell."
    )


def test_a_passage_may_cover_the_whole_body():
    html = highlight_passages("All of it.", [Passage("passage-1", 0, 10, "T")])
    assert html == anchor("passage-1") + '<mark class="passage" title="T">All of it.</mark>'


def test_overlapping_passages_mark_each_piece_with_every_incident_covering_it():
    html = highlight_passages(
        "abcdef", [Passage("passage-1", 0, 4, "Soyuz"), Passage("passage-2", 2, 6, "Progress")]
    )
    assert html == (
        anchor("passage-1")
        + '<mark class="passage" title="Soyuz">ab</mark>'
        + anchor("passage-2")
        + '<mark class="passage" title="Soyuz; Progress">cd</mark>'
        + '<mark class="passage" title="Progress">ef</mark>'
    )


def test_a_passage_inside_another_splits_it_in_three():
    html = highlight_passages(
        "abcdef", [Passage("passage-1", 0, 6, "Outer"), Passage("passage-2", 2, 4, "Inner")]
    )
    assert html == (
        anchor("passage-1")
        + '<mark class="passage" title="Outer">ab</mark>'
        + anchor("passage-2")
        + '<mark class="passage" title="Outer; Inner">cd</mark>'
        + '<mark class="passage" title="Outer">ef</mark>'
    )


def test_adjacent_passages_stay_apart():
    html = highlight_passages(
        "abcdef", [Passage("passage-1", 0, 3, "One"), Passage("passage-2", 3, 6, "Two")]
    )
    assert html == (
        anchor("passage-1")
        + '<mark class="passage" title="One">abc</mark>'
        + anchor("passage-2")
        + '<mark class="passage" title="Two">def</mark>'
    )


def test_two_citations_of_one_passage_get_two_anchors_and_one_title():
    html = highlight_passages(
        "abcdef", [Passage("passage-1", 2, 4, "Same"), Passage("passage-2", 2, 4, "Same")]
    )
    assert html == (
        "ab"
        + anchor("passage-1")
        + anchor("passage-2")
        + '<mark class="passage" title="Same">cd</mark>'
        + "ef"
    )


def test_a_passage_without_a_title_has_an_empty_title():
    html = highlight_passages("abc", [Passage("passage-1", 0, 1)])
    assert html == anchor("passage-1") + '<mark class="passage" title="">a</mark>bc'


def test_passages_outside_the_body_or_empty_are_ignored():
    html = highlight_passages(
        "abc",
        [
            Passage("passage-1", 2, 9, "Past the end"),
            Passage("passage-2", -1, 2, "Before the start"),
            Passage("passage-3", 1, 1, "Empty"),
            Passage("passage-4", 2, 1, "Backwards"),
        ],
    )
    assert html == "abc"


def test_markup_in_the_body_and_in_the_marked_passage_is_escaped():
    body = "<script>alert(1)</script> said <img src=x onerror=alert(1)> [x](javascript:alert(1))"
    html = highlight_passages(body, [Passage("passage-1", 0, 25, "T")])
    assert html == (
        anchor("passage-1")
        + '<mark class="passage" title="T">&lt;script&gt;alert(1)&lt;/script&gt;</mark>'
        + " said &lt;img src=x onerror=alert(1)&gt; [x](javascript:alert(1))"
    )
    assert "<script" not in html
    assert "<img" not in html
    assert 'href="javascript' not in html


def test_markup_in_titles_and_anchors_is_escaped():
    html = highlight_passages(
        "abc", [Passage('x" onmouseover="alert(1)', 0, 1, '"><script>alert(1)</script>')]
    )
    assert html == (
        '<span id="x&quot; onmouseover=&quot;alert(1)" class="anchor"></span>'
        '<mark class="passage" title="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">a</mark>bc'
    )


def test_passages_are_found_by_character_not_byte_offsets():
    body = "Роскосмос: «третья ступень» отказала."
    start = body.index("«")
    end = body.index("»") + 1
    html = highlight_passages(body, [Passage("passage-1", start, end, "Прогресс")])
    assert html == (
        "Роскосмос: "
        + anchor("passage-1")
        + '<mark class="passage" title="Прогресс">«третья ступень»</mark>'
        + " отказала."
    )
