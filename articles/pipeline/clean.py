"""Strip boilerplate from article text and repair text-extraction damage.

Stage three of the import pipeline. The input is plain text, paragraphs separated by blank
lines. Boilerplate is recognised line by line (copyright lines, donation appeals, newsletter
sign-ups, affiliate notices, "follow us" lines, "Read more" links) and removed; what was removed
is kept for the record. Damage from text extraction is repaired (``2. 6 tons`` ->
``2.6 tons``, ``1, 400`` -> ``1,400``, ``word  —   word`` -> ``word — word``) and runs of
spaces are collapsed.

The body is what citations quote by character offset: the same input always gives the same
body.

Plain Python, no Django imports.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class CleanedText:
    body: str
    removed: tuple[str, ...]
    repairs: int
    publisher_hint: str | None


@dataclass(frozen=True, slots=True)  # (slots: a 5 MB text may have millions of lines)
class _Line:
    paragraph: int
    raw: str
    text: str  # whitespace collapsed and trimmed


# --------------------------------------------------------------------------- whitespace

# Lines repeat (a file of a million short lines, a footer on every page): the rules below
# are pure, so each distinct line is read once.
LINE_CACHE = 1 << 16
SHARED_LINES = 1 << 12
_INVISIBLE_CHARACTERS = str.maketrans("", "", "\u200b\ufeff\u00ad")
_HORIZONTAL_SPACE = re.compile(r"[^\S\n]+")
_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n")


def collapse_spaces(line: str) -> str:
    return _HORIZONTAL_SPACE.sub(" ", line.translate(_INVISIBLE_CHARACTERS)).strip()


def split_lines(text: str) -> list[_Line]:
    """The text's non-blank lines. The same line repeated in a paragraph is one object (of
    the last SHARED_LINES distinct ones): millions of short lines take megabytes, not a GB."""
    lines = []
    for number, paragraph in enumerate(_PARAGRAPH_BREAK.split(text)):
        known: dict[str, _Line] = {}
        for raw in paragraph.split("\n"):
            line = known.get(raw)
            if line is None:
                collapsed = collapse_spaces(raw)
                if not collapsed:
                    continue
                line = _Line(paragraph=number, raw=raw, text=collapsed)
                if len(known) >= SHARED_LINES:
                    known.clear()
                known[raw] = line
            lines.append(line)
    return lines


# --------------------------------------------------------------------------- boilerplate rules

_MAX_NOTICE_CHARS = 300
_MAX_NEWSLETTER_CHARS = 600
_MAX_READ_MORE_WORDS = 25

_COPYRIGHT_START = re.compile(r"^(?:©|\(c\)\s*\d{4}|copyright\s*(?:©|\(c\)|\d{4}))", re.IGNORECASE)
_RIGHTS_RESERVED = re.compile(r"\ball rights reserved\b", re.IGNORECASE)
_COPYRIGHT_OWNER = re.compile(
    r"^(?:copyright\b|©|\(c\)|\s)*"
    r"(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*,?\s*)?"
    r"(?:by\s+)?(?P<owner>.*?)[\s.,;]*"
    r"(?:all rights reserved.*)?$",
    re.IGNORECASE,
)
_CORPORATE_SUFFIX = re.compile(
    r"(?<![\s,]),?\s++(?:inc|ltd|llc|llp|plc|gmbh|corp|corporation|co|limited|s\.a|ag)\.?$",
    re.IGNORECASE,
)
OWNER_LINE_LENGTH = 200  # a copyright line's owner is near its start

_SUPPORT_BANNER = re.compile(
    r"^(?i:(?:please\s+)?(?:support|donate\s+to))\s+"
    r"(?P<name>[A-Z][\w'’&.-]*(?:\s+(?:[A-Z][\w'’&.-]*|of|and|the|&)){0,5})\s*!+$"
)
_SUPPORT_US = re.compile(
    r"^(?:please\s+)?(?:support|donate\s+to)\s+(?:us|our\s+(?:work|journalism|newsroom|reporting))"
    r"\s*[.!]*$",
    re.IGNORECASE,
)
_APPEAL_START = re.compile(
    r"^(?:an?\s+(?:message|note|word|letter|appeal)\s+from\s+(?P<name>.{2,60}?)\s*[:.!]?"
    r"|dear\s+(?:readers?|friends|subscribers|supporters|members)\s*[,:!.]?)$",
    re.IGNORECASE,
)
_APPEAL_VOCABULARY = re.compile(
    r"\b(?:support\w*|donat\w*|contribut\w*|journalism|subscri\w*|readers?|thank you)\b",
    re.IGNORECASE,
)
_APPEAL_WINDOW = 25
_PAYMENT_UI = re.compile(
    r"^(?:once|one[- ]time|monthly|annual(?:ly)?|yearly|continue|donate(?:\s+now)?|give\s+now"
    r"|contribute|support\s+(?:us|now)|remind\s+me\s+later|maybe\s+later|not\s+now"
    r"|pa[iy]e?ments?\s+methods?|choose\s+an\s+amount|other\s+amount"
    r"|not\s+ready\s+to\s+(?:support|donate|give|contribute|subscribe)\b.*)[\s.!?…]*$",
    re.IGNORECASE,
)

_NEWSLETTER = re.compile(r"\bnewsletters?\b", re.IGNORECASE)
_NEWSLETTER_CONTEXT = re.compile(
    r"\b(?:sign(?:\s|-)?up|subscribe|subscription|inbox|mailbox|e-?mail|receive|delivered"
    r"|our|your|free)\b",
    re.IGNORECASE,
)
_NEWSLETTER_FOLLOW_UP = re.compile(
    r"\b(?:inbox|mailbox|e-?mail|deliver\w*|unsubscribe|preview|every\s+(?:day|week|morning)"
    r"|weekly|daily)\b",
    re.IGNORECASE,
)
_NEWSLETTER_FOLLOW_UP_LINES = 3
_SIGN_UP = re.compile(
    r"^(?:sign\s*up|subscribe|register)\b.{0,80}"
    r"\b(?:briefing|digest|updates|alerts|mailing list|e-?mails?)\b",
    re.IGNORECASE,
)
_PRIVACY_CONSENT = re.compile(
    r"\b(?:agree|consent|accept)\w*\b.{0,80}"
    r"\b(?:privacy policy|privacy notice|terms of (?:use|service)|terms and conditions)\b"
    r"|\bby (?:signing up|subscribing)\b.{0,80}\b(?:privacy|terms)\b",
    re.IGNORECASE,
)

_AFFILIATE = re.compile(r"\baffil\w*", re.IGNORECASE)
_AFFILIATE_CONTEXT = re.compile(
    r"\b(?:commissions?|earn\w*|compensat\w*|paid|revenue|fees?)\b", re.I
)
_COMMISSION = re.compile(
    r"\b(?:we|i)\s+(?:may\s+|might\s+|could\s+|will\s+)?(?:earn|receive|recieve|get|make)\b"
    r".{0,40}\bcommissions?\b",
    re.IGNORECASE,
)
_AMAZON_ASSOCIATE = re.compile(r"\bamazon associates?\b", re.IGNORECASE)
_SELF_REFERENCE = re.compile(
    r"\b(?:we|us|our|this\s+(?:article|post|page|site|story|website))\b", re.IGNORECASE
)

_SOCIAL_NETWORK = (
    r"(?:twitter|x|facebook|instagram|tiktok|youtube|linkedin|telegram|threads|bluesky"
    r"|mastodon|whatsapp|reddit|moments?|feeds?|page|accounts?|channels?|social media)"
)
_FOLLOW_US = re.compile(
    rf"\b(?:follow|like|join|find)\s+(?:us|our|me)\b.{{0,80}}\b{_SOCIAL_NETWORK}\b"
    r"|\bfollow\s+@\w+",
    re.IGNORECASE,
)
_SHARE_PROMPT = re.compile(r"^share\s+(?:this|on)\b.{0,40}$", re.IGNORECASE)

_READ_MORE = re.compile(
    r"^(?:read\s+(?:more|also|next|the\s+full\s+(?:story|article|report))|see\s+also"
    r"|continue\s+reading)\b",
    re.IGNORECASE,
)
_PAGE_CHROME = re.compile(
    r"^(?:advertisement|sponsored(?:\s+content)?|related(?:\s+(?:articles|stories|coverage))?"
    r"|more\s+(?:stories|news))[\s.:!…]*$",
    re.IGNORECASE,
)


def is_copyright_line(line: str) -> bool:
    if len(line) > _MAX_NOTICE_CHARS:
        return False
    return bool(_COPYRIGHT_START.match(line) or _RIGHTS_RESERVED.search(line))


def is_support_banner(line: str) -> bool:
    if len(line.split()) > 8:
        return False
    return bool(_SUPPORT_BANNER.match(line) or _SUPPORT_US.match(line))


def is_payment_choice(line: str) -> bool:
    return len(line) <= 80 and _PAYMENT_UI.match(line) is not None


def is_newsletter_sign_up(line: str) -> bool:
    if len(line) > _MAX_NEWSLETTER_CHARS:
        return False
    if _NEWSLETTER.search(line) and _NEWSLETTER_CONTEXT.search(line):
        return True
    return len(line.split()) <= 20 and _SIGN_UP.match(line) is not None


def is_privacy_consent(line: str) -> bool:
    return len(line) <= _MAX_NOTICE_CHARS and _PRIVACY_CONSENT.search(line) is not None


def is_affiliate_notice(line: str) -> bool:
    if len(line) > _MAX_NOTICE_CHARS * 2 or not _SELF_REFERENCE.search(line):
        return False
    if _AFFILIATE.search(line) and _AFFILIATE_CONTEXT.search(line):
        return True
    return bool(_COMMISSION.search(line) or _AMAZON_ASSOCIATE.search(line))


def is_social_prompt(line: str) -> bool:
    if len(line) > _MAX_NOTICE_CHARS:
        return False
    return bool(_FOLLOW_US.search(line) or _SHARE_PROMPT.match(line))


def is_read_more_link(line: str) -> bool:
    if len(line.split()) > _MAX_READ_MORE_WORDS:
        return False
    return bool(_READ_MORE.match(line) or _PAGE_CHROME.match(line))


# Single-line rules, in the order they are tried; the name is the kind of boilerplate.
_LINE_RULES: tuple[tuple[str, Callable[[str], bool]], ...] = (
    ("copyright", is_copyright_line),
    ("appeal", is_support_banner),
    ("appeal", is_payment_choice),
    ("newsletter", is_newsletter_sign_up),
    ("newsletter", is_privacy_consent),
    ("affiliate", is_affiliate_notice),
    ("social", is_social_prompt),
    ("read-more", is_read_more_link),
)


@functools.lru_cache(maxsize=LINE_CACHE)
def classify_line(line: str) -> str | None:
    """The kind of boilerplate a single line is, or None if it may be article text."""
    text = collapse_spaces(line)
    for kind, rule in _LINE_RULES:
        if rule(text):
            return kind
    return None


def is_boilerplate_line(line: str) -> bool:
    """True if the line on its own is recognisably boilerplate (used to find a headline)."""
    return classify_line(line) is not None


def mark_appeals(lines: list[_Line], kinds: list[str | None]) -> None:
    """Mark multi-line donation appeals ("A message from X:" / "Dear readers," ...).

    An appeal runs from its opening line to the end of the payment choices that follow it
    (Once / Monthly / ... / Remind me later). Without payment choices, it runs over the
    following lines that talk about support, donations or readers.
    """
    index = 0
    while index < len(lines):
        if kinds[index] is None and _APPEAL_START.match(lines[index].text):
            end = appeal_end(lines, kinds, index)
            if end is not None:
                for position in range(index, end + 1):
                    kinds[position] = "appeal"
                index = end
        index += 1


def appeal_end(lines: list[_Line], kinds: list[str | None], start: int) -> int | None:
    window = range(start + 1, min(len(lines), start + 1 + _APPEAL_WINDOW))
    first_choice = next((i for i in window if is_payment_choice(lines[i].text)), None)
    if first_choice is not None:
        end = first_choice
        while end + 1 < len(lines) and is_payment_choice(lines[end + 1].text):
            end += 1
        return end
    end = start
    while end + 1 < len(lines) and _APPEAL_VOCABULARY.search(lines[end + 1].text):
        end += 1
    return end if end > start else None


def mark_newsletter_follow_ups(lines: list[_Line], kinds: list[str | None]) -> None:
    """Mark the blurb under a sign-up prompt ("... delivered to your inbox every Monday")."""
    for index in range(len(lines)):
        if kinds[index] != "newsletter":
            continue
        following = range(index + 1, min(len(lines), index + 1 + _NEWSLETTER_FOLLOW_UP_LINES))
        for position in following:
            text = lines[position].text
            if kinds[position] is not None:
                continue
            if len(text) > _MAX_NEWSLETTER_CHARS or not _NEWSLETTER_FOLLOW_UP.search(text):
                break
            kinds[position] = "newsletter"


def find_boilerplate(lines: list[_Line]) -> list[str | None]:
    kinds = [classify_line(line.text) for line in lines]
    mark_newsletter_follow_ups(lines, kinds)
    mark_appeals(lines, kinds)
    return kinds


def removed_blocks(lines: list[_Line], kinds: list[str | None]) -> tuple[str, ...]:
    """Consecutive removed lines of the same kind, as one block each, in document order."""
    blocks: list[list[str]] = []
    previous_kind: str | None = None
    for line, kind in zip(lines, kinds, strict=True):
        if kind is not None and kind == previous_kind:
            blocks[-1].append(line.text)
        elif kind is not None:
            blocks.append([line.text])
        previous_kind = kind
    return tuple("\n".join(block) for block in blocks)


# --------------------------------------------------------------------------- publisher hint


def publisher_hint(lines: list[_Line], kinds: list[str | None]) -> str | None:
    """The publisher named by removed boilerplate.

    In order of trust: a copyright line, the opening of an appeal ("A message from X:"),
    a support banner ("Support X!").
    """
    removed = [line.text for line, kind in zip(lines, kinds, strict=True) if kind is not None]
    for find_name in (copyright_owner, appeal_signatory, support_banner_name):
        for name in map(find_name, removed):
            if name:
                return name
    return None


def copyright_owner(line: str) -> str | None:
    if not is_copyright_line(line):
        return None
    match = _COPYRIGHT_OWNER.match(line[:OWNER_LINE_LENGTH])
    return plausible_name(_CORPORATE_SUFFIX.sub("", match.group("owner"))) if match else None


def appeal_signatory(line: str) -> str | None:
    match = _APPEAL_START.match(line)
    return plausible_name(match.group("name")) if match and match.group("name") else None


def support_banner_name(line: str) -> str | None:
    match = _SUPPORT_BANNER.match(line)
    return plausible_name(match.group("name")) if match else None


def plausible_name(name: str) -> str | None:
    name = name.strip(" \t.,;:!")
    words = name.split()
    if not words or len(words) > 6 or not name[0].isupper():
        return None
    if name.lower() in {"us", "our readers", "the editor", "the editors", "our editors"}:
        return None
    return name


# --------------------------------------------------------------------------- repairs

_SPACED_DASH = re.compile(r"(?<=\S)(?:[^\S\n]{2,}([—–])[^\S\n]*|[^\S\n]*([—–])[^\S\n]{2,})(?=\S)")

_UNITS = (
    r"percent|per\s+cent|percentage\s+points?|points?|million|billion|trillion|thousand"
    r"|hundred|tons?|tonnes?|kilo(?:gram)?s?|kg|grams?|pounds?|lbs?|ounces?|oz"
    r"|kilomet(?:er|re)s?|km|km/h|km/s|m/s|met(?:er|re)s?|cm|mm|miles?|mph|kph|knots?"
    r"|feet|foot|ft|inch(?:es)?|seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?"
    r"|months?|years?|degrees?|°|g's|gs|newtons?|kilonewtons?|kn|lbf|psi|bar"
    r"|kilowatts?|megawatts?|watts?|kw|mw|volts?|lit(?:er|re)s?|gallons?|times|fold"
)
_SPACED_DECIMAL = re.compile(
    rf"(?<![\w.,\-/])(\d{{1,3}})\. (\d{{1,3}})(?=[ -]?(?:%|°|(?:{_UNITS})\b))", re.IGNORECASE
)
_SPACED_THOUSANDS = re.compile(r"(?<![\w.,\-/])\d{1,3}(?:, \d{3})+(?!\d)")
_DATE_LOOKBEHIND = 12  # enough for "September " before "9, 100"
_DATE_BEFORE = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? $", re.IGNORECASE
)


@functools.lru_cache(maxsize=LINE_CACHE)
def repair_line(raw: str) -> tuple[str, int]:
    """Repair extraction damage in one line; return the line and the number of repairs."""
    line, dashes = repair_spaced_dashes(raw)
    line = collapse_spaces(line)
    line, decimals = repair_spaced_decimals(line)
    line, thousands = repair_spaced_thousands(line)
    return line, dashes + decimals + thousands


def repair_spaced_dashes(line: str) -> tuple[str, int]:
    """``supplies  —   but`` -> ``supplies — but``."""
    return _SPACED_DASH.subn(lambda match: f" {match.group(1) or match.group(2)} ", line)


def repair_spaced_decimals(line: str) -> tuple[str, int]:
    """``2. 6 tons`` -> ``2.6 tons``, but only before a unit or a number word.

    A line-initial ``1. 5 tons`` is left alone: it is more likely a numbered list item.
    """
    count = 0

    def join(match: re.Match[str]) -> str:
        nonlocal count
        if match.start() == 0:  # the line is trimmed: this is the start of the line
            return match.group(0)
        count += 1
        return f"{match.group(1)}.{match.group(2)}"

    return _SPACED_DECIMAL.sub(join, line), count


def repair_spaced_thousands(line: str) -> tuple[str, int]:
    """``1, 400 pounds`` -> ``1,400 pounds``; not after a month name (``Dec. 9, 100 people``)."""
    count = 0

    def join(match: re.Match[str]) -> str:
        nonlocal count
        if _DATE_BEFORE.search(line, max(0, match.start() - _DATE_LOOKBEHIND), match.start()):
            return match.group(0)
        count += 1
        return match.group(0).replace(", ", ",")

    return _SPACED_THOUSANDS.sub(join, line), count


# --------------------------------------------------------------------------- assembly


def clean_text(text: str) -> CleanedText:
    """The text without its boilerplate, its extraction damage repaired. The line caches
    serve one text and are emptied after it: a worker importing one large text after another
    would otherwise keep 65,536 of their lines in each (some 60 MB)."""
    try:
        return _clean_text(text)
    finally:
        classify_line.cache_clear()
        repair_line.cache_clear()


def _clean_text(text: str) -> CleanedText:
    lines = split_lines(text)
    kinds = find_boilerplate(lines)
    paragraphs: list[str] = []
    paragraph: list[str] = []
    number = -1
    repairs = 0
    for line, kind in zip(lines, kinds, strict=True):
        if kind is None:
            repaired, count = repair_line(line.raw)
            if line.paragraph != number and paragraph:
                paragraphs.append("\n".join(paragraph))
                paragraph = []
            number = line.paragraph
            paragraph.append(repaired)
            repairs += count
    if paragraph:
        paragraphs.append("\n".join(paragraph))
    return CleanedText(
        body="\n\n".join(paragraphs),
        removed=removed_blocks(lines, kinds),
        repairs=repairs,
        publisher_hint=publisher_hint(lines, kinds),
    )
