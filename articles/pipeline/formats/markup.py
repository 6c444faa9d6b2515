"""The text blocks of a small piece of HTML we made ourselves (the portal's Markdown rendered
by python-markdown): paragraphs in order; scripts, styles and hidden parts left out. Web pages
go through trafilatura instead (html.py), which tells the article from the page around it.

Plain Python, no Django imports.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCK_TAGS = frozenset(
    """address article aside blockquote body caption dd details dialog div dl dt fieldset
    figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr html li main nav ol p pre section
    summary table tbody td tfoot th thead tr ul""".split()
)
# Elements whose content is never text to read.
_SKIPPED_TAGS = frozenset(
    """script style noscript template svg math iframe object embed canvas nav footer aside form
    button select textarea figure""".split()
)
_VOID_TAGS = frozenset(
    "area base br col embed hr img input link meta param source track wbr".split()
)


class _BlockCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._buffer: list[str] = []
        self._skip_tag: str | None = None
        self._skip_depth = 0
        self._pre_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skip_tag is not None:
            if tag == self._skip_tag and tag not in _VOID_TAGS:
                self._skip_depth += 1
            return
        if tag == "br":
            self._buffer.append("\n")
        elif tag in _SKIPPED_TAGS or is_hidden({k.lower(): v or "" for k, v in attrs}):
            self.flush()
            if tag not in _VOID_TAGS:
                self._skip_tag, self._skip_depth = tag, 1
        elif tag in _BLOCK_TAGS:
            self.flush()
            self._pre_depth += tag == "pre"

    def handle_endtag(self, tag: str) -> None:
        if self._skip_tag is not None:
            if tag == self._skip_tag:
                self._skip_depth -= 1
                if self._skip_depth == 0:
                    self._skip_tag = None
            return
        if tag in _BLOCK_TAGS:
            self.flush()
            if tag == "pre" and self._pre_depth:
                self._pre_depth -= 1

    def handle_data(self, data: str) -> None:
        if self._skip_tag is None:
            self._buffer.append(data if self._pre_depth else re.sub(r"[ \t\r\n\f]+", " ", data))

    def close(self) -> None:
        super().close()
        self.flush()

    def flush(self) -> None:
        lines = [line.strip() for line in "".join(self._buffer).split("\n")]
        self._buffer = []
        text = "\n".join(line for line in lines if line)
        if text:
            self.blocks.append(text)


def is_hidden(attributes: dict[str, str]) -> bool:
    if "hidden" in attributes or attributes.get("aria-hidden", "").lower() == "true":
        return True
    style = attributes.get("style", "").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style


def html_to_paragraphs(source: str) -> list[str]:
    """All text blocks of an HTML fragment, in order."""
    collector = _BlockCollector()
    collector.feed(source)
    collector.close()
    return collector.blocks
