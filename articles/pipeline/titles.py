"""A title and a publisher for a text that names neither.

Plain Python, no Django imports.

A text with no title line often came from a page whose address carries its headline
(".../astras-first-launch-from-florida-ends-in-failure-mid-flight/68505/"): the words of
that slug, spelt as the text spells them ("Astra’s", "Florida"), are its headline. Without
one, the importer makes a short title from what the article is about and asks an editor to
give it the real one; it never cuts the first sentence into a title.
"""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import unquote, urlsplit

from wordfreq import zipf_frequency

SLUG_MIN_WORDS = 5  # fewer ("space-china-brazil-satellite") name a topic, not a headline
_SLUG_SEPARATORS = re.compile(r"[-_+]+")
_EXTENSION = re.compile(r"\.(?:s?html?|php|aspx?|jsp)$", re.IGNORECASE)
_TRAILING_NUMBER = re.compile(r"[-_.]\d[\d.]*$")  # "…-launch-1.3876001"
_ID_WORD = re.compile(r"^(?:\d{4,}|(?=.*\d)(?=.*[a-z])[a-z\d]{8,})$", re.IGNORECASE)
_WORD = re.compile(r"^[^\W_]+$")
_BODY_WORD = re.compile(r"[^\W\d_][\w'’]*")
WORD_MIN_ZIPF = 2.5  # below this, a slug's last word that the text never writes was cut


def headline_from_address(url: str, body: str) -> str | None:
    """The headline a page's address spells, in the text's spelling; None when the address
    holds none."""
    if not url:
        return None
    segments = [unquote(part) for part in urlsplit(url).path.split("/") if part]
    words = max((_slug_words(segment, body) for segment in segments), key=len, default=[])
    if len(words) < SLUG_MIN_WORDS:
        return None
    spelling = _spellings(body)
    spelt = [spelling.get(_fold(word), word) for word in words]
    first = spelt[0]
    return " ".join([first[:1].upper() + first[1:], *spelt[1:]])


def _slug_words(segment: str, body: str) -> list[str]:
    """The words of an address segment, without ids before or after them, nor a last word
    the address cut short."""
    words = _SLUG_SEPARATORS.split(_TRAILING_NUMBER.sub("", _EXTENSION.sub("", segment)))
    if len(words) < 2 or not all(_WORD.match(word) for word in words if word):
        return []
    words = [word for word in words if word]
    while words and _ID_WORD.match(words[0]):
        words.pop(0)
    while words and _ID_WORD.match(words[-1]):
        words.pop()
    known = {_fold(word) for word in _BODY_WORD.findall(body)}
    if words and _fold(words[-1]) not in known and zipf_frequency(words[-1], "en") < WORD_MIN_ZIPF:
        words.pop()
    return words


_POSSESSIVE = re.compile(r"['’]s$")


def _fold(word: str) -> str:
    return re.sub(r"['’]", "", word).casefold()


def _spellings(body: str) -> dict[str, str]:
    """Each word of the body, folded, to the way the body most often writes it, a capital
    winning a tie ("Florida", "SpaceX’s", "STS")."""
    counts: dict[str, Counter[str]] = {}
    for word in _BODY_WORD.findall(body):
        counts.setdefault(_fold(word), Counter())[word] += 1
        stem = _POSSESSIVE.sub("", word)  # "Astra’s" spells "astra" too
        if stem != word:
            counts.setdefault(_fold(stem), Counter())[stem] += 1
    return {
        folded: max(forms, key=lambda form: (forms[form], form != form.lower()))
        for folded, forms in counts.items()
    }


def publisher_from_address(url: str) -> str:
    """The site an address belongs to, as people write it: "cbc.ca", "spacenews.com"."""
    host = (urlsplit(url).hostname or "") if url else ""
    return host.removeprefix("www.")


def short_title(*, subject: str, publisher: str, published: str) -> str:
    """A title for a text without one, from what it is about: "Progress MS-04 (Newsmax,
    1 December 2016)"; an editor gives it its own."""
    about = ", ".join(part for part in (publisher, published) if part)
    name = subject or "Untitled article"
    return f"{name} ({about})" if about else name
