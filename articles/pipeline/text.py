"""Small text helpers shared by the extraction stage: name normalisation, tokens, sentences.

Plain Python, no Django imports.

- ``normalize_name`` folds a name to the form used for matching: casefolded, with hyphens,
  dashes, underscores, dots and apostrophes turned into spaces, spaces collapsed.
- ``name_tokens`` splits a name into the tokens the gazetteer matches on.
- ``sentence_spans`` splits a body into sentences without breaking on abbreviations
  ("Dec.", "U.S.", "Vladimir V. Putin", "9:51 a.m.") or decimals ("2.6", even "2. 6").
- ``url_spans`` finds web addresses and Markdown link targets, which hold no prose.
- ``title_case_spans`` finds lines written in title case, where capitals mark no names.
"""

from __future__ import annotations

import re

# Hyphens and dashes, underscore, dot, and the apostrophes news text uses.
NAME_SEPARATORS = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212_.'\u2019\u2018\u02bc`"
_SEPARATOR_RUN = re.compile("[\\s" + re.escape(NAME_SEPARATORS) + "]+")
# A token is a run of letters, a run of digits, or one of the symbols that names keep ("AT&T").
TOKEN_PATTERN = re.compile(r"[^\W\d_]+|\d+|[&+/]")

# Common English words. A gazetteer name made only of these matches only when the body writes
# it as an all-caps acronym ("IT" for an agency code, never "it").
STOP_WORDS = frozenset(
    """
    a about above after again against all am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for
    from further had has have having he her here hers herself him himself his how i if in
    into is it its itself just me more most my myself no nor not now of off on once only or
    other our ours ourselves out over own same she should so some such than that the their
    theirs them themselves then there these they this those through to too under until up
    very was we were what when where which while who whom why will with would you your
    yours yourself yourselves also may might must shall one two new next last first
    """.split()
)

# Words after which a period never ends a sentence.
_NON_FINAL_ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof gen lt col maj capt cmdr cdr sgt adm sen rep gov pres rev hon st mt ft
    no nos vol vs approx dept fig jan feb mar apr jun jul aug sep sept oct nov dec
    """.split()
)
# Abbreviations that may end a sentence; they do when a typical sentence opener follows.
_FINAL_ABBREVIATIONS = frozenset("inc corp co ltd jr sr etc bros".split())
_SENTENCE_OPENERS = frozenset(
    """
    the a an it its he she they we i this that these those there in on at but and however
    after before then as when while since if so yet his her their our now later meanwhile
    according officials nasa
    """.split()
)

_SENTENCE_END = re.compile(r"(?<![.!?\u2026])[.!?\u2026]++[\"'\u201d\u2019)\]]*+(?=\s)")
_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")
_WORD_BEFORE_PERIOD = re.compile(r"([\w.'\u2019-]*)\.$")
_WORD = re.compile(r"\w+")
_OPENING_CHARACTERS = "\"'\u201c\u2018([#*"
_URL_CHARACTERS = r"[^\s)\]>\"']*[^\s)\]>\"'.,;:!?]"
_URL = re.compile(rf"(?:https?://|www\.){_URL_CHARACTERS}|(?<=\]\()[^)\s]+")


def normalize_name(s: str) -> str:
    """Fold a name for matching: "Soyuz-U", "soyuz u" and "SOYUZ  U" all give "soyuz u"."""
    return _SEPARATOR_RUN.sub(" ", s.casefold()).strip()


def name_tokens(s: str) -> tuple[str, ...]:
    """The tokens of a normalised name: "Progress MS-04" -> ("progress", "ms", "04");
    "65P" -> ("65", "p")."""
    return tuple(TOKEN_PATTERN.findall(normalize_name(s)))


_TITLE_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*")
TITLE_CASE_MIN_WORDS = 3


def title_case_spans(body: str) -> list[tuple[int, int]]:
    """Lines written in title case ("Genesis Was Bringing Home Real Stardust"): at least
    three words, and every word of four letters or more capitalised."""
    spans = []
    position = 0
    for line in body.split("\n"):
        if _is_title_case(line):
            spans.append((position, position + len(line)))
        position += len(line) + 1
    return spans


def _is_title_case(line: str) -> bool:
    words = _TITLE_WORD.findall(line)
    long_words = [word for word in words if len(word) >= 4]
    return (
        len(words) >= TITLE_CASE_MIN_WORDS
        and bool(long_words)
        and all(word[0].isupper() for word in long_words)
    )


def url_spans(body: str) -> list[tuple[int, int]]:
    """Web addresses and Markdown link targets ("[text](/path)"), in order."""
    return [match.span() for match in _URL.finditer(body)]


def sentence_spans(body: str) -> list[tuple[int, int]]:
    """Sentence boundaries as (start, end) offsets, excluding surrounding whitespace.

    Blank lines always end a sentence; a single line break does too unless the next line
    starts in lower case (a wrapped line).
    """
    spans: list[tuple[int, int]] = []
    for start, end in _paragraph_spans(body):
        for line_start, line_end in _line_spans(body, start, end):
            spans.extend(_sentences_in(body, line_start, line_end))
    return spans


def _paragraph_spans(body: str) -> list[tuple[int, int]]:
    spans = []
    position = 0
    for match in _PARAGRAPH_BREAK.finditer(body):
        spans.append((position, match.start()))
        position = match.end()
    spans.append((position, len(body)))
    return spans


def _line_spans(body: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a paragraph at line breaks, except where the next line continues in lower case."""
    spans = []
    line_start = start
    position = body.find("\n", start, end)
    while position != -1:
        following = _skip_spaces(body, position + 1, end)
        if not (following < end and body[following].islower()):
            spans.append((line_start, position))
            line_start = position + 1
        position = body.find("\n", position + 1, end)
    spans.append((line_start, end))
    return spans


def _sentences_in(body: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    sentence_start = start
    for match in _SENTENCE_END.finditer(body, start, end):
        if _ends_sentence(body, match.start(), match.end(), end):
            spans.append((sentence_start, match.end()))
            sentence_start = match.end()
    spans.append((sentence_start, end))
    return [trimmed for span in spans if (trimmed := _trim(body, *span)) is not None]


def _ends_sentence(body: str, punct_start: int, punct_end: int, limit: int) -> bool:
    next_index = _skip_spaces(body, punct_end, limit)
    if next_index >= limit:
        return True
    following = body[next_index]
    if not (following.isupper() or following.isdigit() or following in _OPENING_CHARACTERS):
        return False
    if body[punct_start] != "." or body[punct_start : punct_start + 2] == "..":
        return True
    return _period_ends_sentence(body, punct_start, next_index)


def _period_ends_sentence(body: str, period: int, next_index: int) -> bool:
    word_match = _WORD_BEFORE_PERIOD.search(body, max(0, period - 40), period + 1)
    word = word_match.group(1) if word_match else ""
    following_is_digit = body[next_index].isdigit()
    if not word or word_match is None:
        return True
    if word.isdigit():
        # "2. 6 tons" (a damaged decimal) and "1. " list markers at a line start go on.
        return not (following_is_digit or _starts_line(body, word_match.start(1)))
    lowered = word.casefold().rstrip(".")
    if lowered in _NON_FINAL_ABBREVIATIONS:
        return False
    if len(word) == 1 and word.isupper():
        return False  # an initial: "Vladimir V. Putin"
    if "." in word or lowered in _FINAL_ABBREVIATIONS:
        return _next_word(body, next_index).casefold() in _SENTENCE_OPENERS
    return True


def _starts_line(body: str, index: int) -> bool:
    line_start = body.rfind("\n", 0, index) + 1
    return body[line_start:index].strip() == ""


def _next_word(body: str, index: int) -> str:
    match = _WORD.match(body, index)
    return match.group(0) if match else ""


def _skip_spaces(body: str, index: int, limit: int) -> int:
    while index < limit and body[index].isspace():
        index += 1
    return index


def _trim(body: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


ELLIPSIS = "\u2026"
_FINAL_PUNCTUATION = ".!?\u2026\"'\u201d\u2019)]:"
CLIPPED_MIN_WORDS = 12


def shorten(text: str, limit: int) -> str:
    """`text` in at most `limit` characters, cut after a whole word and marked with "…";
    never in the middle of a word."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - len(ELLIPSIS) + 1]
    kept = cut.rsplit(" ", 1)[0] if " " in cut else cut[: limit - len(ELLIPSIS)]
    return kept.rstrip(" ,;:-\u2013\u2014(") + ELLIPSIS


def is_clipped(body: str, start: int, end: int) -> bool:
    """Does the sentence body[start:end] stop short: a sentence of prose that ends its
    paragraph (or the text) without punctuation, as an excerpt cut off mid-word does
    ("… due to specification and design err")? Headings and captions are too short."""
    sentence = body[start:end].rstrip()
    rest = body[end:]
    ends_paragraph = not rest.strip() or rest.lstrip(" \t").startswith("\n")
    return (
        ends_paragraph
        and not sentence.endswith(tuple(_FINAL_PUNCTUATION))
        and len(sentence.split()) >= CLIPPED_MIN_WORDS
    )


def without_last_word(text: str) -> str:
    """`text` without its last word (which may be cut off), marked with "…"."""
    kept = text.rstrip().rsplit(None, 1)[0] if len(text.split()) > 1 else text
    return kept.rstrip(" ,;:-\u2013\u2014(") + ELLIPSIS
