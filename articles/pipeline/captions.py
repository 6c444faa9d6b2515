"""Picture captions and credits: text on a page that is not the article's own prose.

Plain Python, no Django imports.

- A *credit* names who made a picture: "Image:", "(Image credit: Rocket Lab)", "(Credit: ESA)",
  "Photo via SpaceX", "courtesy of Wikimedia Commons", "(AP Photo/Jane Doe)", a line such as
  "Jane Doe/Pool via REUTERS". Names in a credit are never linked: "Image" there is not the
  IMAGE satellite, and the agency that took a photo is not the subject of the article.
- A *caption* is a line that opens or ends with a credit, opens like one ("In this image …",
  "A screenshot from …"), or stands right above a line that is only a credit. What a caption
  says is weaker evidence than the article's text: it may show an earlier flight.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

Span = tuple[int, int]

_CREDIT_WORDS = (
    r"credits?|photos?|photograph|images?|pictures?|courtesy|via|file|screenshot|video|poster"
    r"|AP|AFP|Reuters|REUTERS|Getty|EPA|Shutterstock|Xinhua|TASS|NASA\s+TV|webcast"
)
_LABEL = re.compile(
    r"^[^\S\n]*(?:(?:image|photo|picture|video|poster|graphic|illustration|screenshot)s?"
    r"(?:\s+credits?)?|credits?|pictured|above|top|file\s+photo)[^\S\n]*[:|][^\S\n]*",
    re.IGNORECASE | re.MULTILINE,
)
_PARENTHESISED_CREDIT = re.compile(
    rf"\((?=[^()\n]{{0,120}}\b(?:{_CREDIT_WORDS})\b)[^()\n]{{1,120}}\)", re.IGNORECASE
)
# "(ESA)" closing a caption line; "… agency (Esa)." closing a sentence is prose.
_TRAILING_SOURCE = re.compile(r"\((?:[A-Z][\w&.'’-]*[^\S\n]?){1,4}\)[^\S\n]*$", re.MULTILINE)
_INLINE_CREDIT = re.compile(
    r"(?:\b(?:image|photo|picture|video)s?\s+(?:credit\s*:|via|by|courtesy\s+of)"
    r"|\bcourtesy\s+of|\bcredit\s*:)[^\n.]*(?:\.|$)",
    re.IGNORECASE | re.MULTILINE,
)
_CREDIT_LINE = re.compile(
    r"^[^\S\n]*(?:[A-Z][\w.'’-]*[^\S\n]+){0,4}[A-Z][\w.'’-]*[^\S\n]*/[^\n]{0,60}"
    r"\b(?:via|Pool|AP|AFP|Reuters|REUTERS|Getty|EPA)\b[^\n]*$",
    re.MULTILINE,
)
_CAPTION_OPENING = re.compile(
    r"^[^\S\n]*(?:in\s+this\s+(?:image|photo|picture|handout|screenshot|still|frame)"
    r"|an?\s+(?:screenshot|photo|image|still|file\s+photo)\s+(?:from|of|shows)"
    r"|this\s+(?:image|photo|picture)\s+shows)\b",
    re.IGNORECASE | re.MULTILINE,
)
EDGE = 2  # characters of punctuation or space between a credit and its line's end


@dataclass(frozen=True)
class PageClutter:
    credits: tuple[Span, ...]
    captions: tuple[Span, ...]

    def in_credit(self, start: int, end: int) -> bool:
        return _inside(self.credits, start, end)

    def in_caption(self, start: int, end: int) -> bool:
        return _inside(self.captions, start, end)


def find_clutter(body: str) -> PageClutter:
    credits = _credit_spans(body)
    lines = _line_spans(body)
    credit_only = {line for line in lines if _covered(line, credits)}
    captions = [
        line
        for index, line in enumerate(lines)
        if _opens_or_ends_with_credit(line, credits)
        or _CAPTION_OPENING.match(body, *line)
        or (index + 1 < len(lines) and lines[index + 1] in credit_only)
    ]
    return PageClutter(tuple(credits), tuple(captions))


def _opens_or_ends_with_credit(line: Span, credits: list[Span]) -> bool:
    start, end = line
    return any(
        start <= c_start < end and (c_start == start or c_end >= end - EDGE)
        for c_start, c_end in credits
    )


def _covered(line: Span, credits: list[Span]) -> bool:
    return any(c_start <= line[0] + EDGE and line[1] - EDGE <= c_end for c_start, c_end in credits)


def _credit_spans(body: str) -> list[Span]:
    spans = [m.span() for m in _LABEL.finditer(body)]
    spans += [m.span() for m in _PARENTHESISED_CREDIT.finditer(body)]
    spans += [m.span() for m in _TRAILING_SOURCE.finditer(body)]
    spans += [m.span() for m in _INLINE_CREDIT.finditer(body)]
    spans += [m.span() for m in _CREDIT_LINE.finditer(body)]
    return sorted(span for span in spans if span[1] > span[0])


def _line_spans(body: str) -> list[Span]:
    spans = []
    position = 0
    for line in body.split("\n"):
        stripped = line.strip()
        if stripped:
            start = position + line.index(stripped[0])
            spans.append((start, start + len(stripped)))
        position += len(line) + 1
    return spans


def _inside(spans: tuple[Span, ...], start: int, end: int) -> bool:
    return any(s_start <= start and end <= s_end for s_start, s_end in spans)
