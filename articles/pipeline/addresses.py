"""Web addresses read from article files and editors: which may stand as an article's address.

Plain Python, no Django imports.
"""

import re
from urllib.parse import urlsplit

# What RFC 3986 never allows in an address as written (it must be percent-encoded): spaces and
# control characters, quotes, angle brackets, braces, backslash, caret, backtick and bar. A
# "link" holding one is broken or hostile (".../soyuz},note={INJECTED},x={" closes a BibTeX
# value); letters beyond ASCII are fine (an IRI).
_NEVER_IN_ADDRESSES = re.compile(r'[\s"<>{}\\^`|\x00-\x1f\x7f-\x9f]')


def is_safe_address(text: str) -> bool:
    """True when `text` holds nothing an address as written may not hold, and its parts can be
    read ("https://[x" opens an IPv6 host it never closes)."""
    if not text or _NEVER_IN_ADDRESSES.search(text):
        return False
    try:
        urlsplit(text)
    except ValueError:
        return False
    return True


def is_web_address(text: str) -> bool:
    """An http(s) address that is safe to take as an article's own."""
    return text.lower().startswith(("http://", "https://")) and is_safe_address(text)
