"""The article body as HTML, with cited passages highlighted and anchored."""

from collections.abc import Sequence
from dataclasses import dataclass

import bleach
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BODY_TAGS = {"mark", "span"}
BODY_ATTRIBUTES = {"mark": ["class", "title", "data-citations"], "span": ["id", "class"]}


@dataclass(frozen=True)
class Passage:
    anchor: str
    start: int
    end: int
    title: str = ""
    kind: str = ""  # what the passage supports (Citation.Supports): its colour on the desk
    citation: int | None = None  # the desk's key to the citation


def highlight_passages(body: str, passages: Sequence[Passage]) -> SafeString:
    """Escape the body, mark every passage, put an anchor where each begins.

    Passages may overlap: the body is cut at every passage boundary and each piece is
    marked when at least one passage covers it.
    """
    spans = [p for p in passages if 0 <= p.start < p.end <= len(body)]
    cuts = sorted({0, len(body), *(p.start for p in spans), *(p.end for p in spans)})
    out: list[str] = []
    for left, right in zip(cuts, cuts[1:], strict=False):
        out.extend(
            f'<span id="{escape(p.anchor)}" class="anchor"></span>'
            for p in spans
            if p.start == left
        )
        piece: str = escape(body[left:right])
        covering = [p for p in spans if p.start <= left and right <= p.end]
        if covering:
            piece = _mark(piece, covering)
        out.append(piece)
    html = "".join(out)
    cleaned = bleach.clean(html, tags=BODY_TAGS, attributes=BODY_ATTRIBUTES, strip=True)
    return mark_safe(cleaned)  # noqa: S308 - escaped piece by piece, then bleached


def _mark(piece: str, covering: list[Passage]) -> str:
    """The piece marked: its title names the incidents; on the desk, its classes say what the
    passages support and data-citations which citations cover it."""
    title = escape("; ".join(dict.fromkeys(p.title for p in covering if p.title)))
    kinds = sorted({f"supports-{p.kind}" for p in covering if p.kind})
    classes = " ".join(["passage", *kinds])
    ids = " ".join(str(p.citation) for p in covering if p.citation is not None)
    data = f' data-citations="{escape(ids)}"' if ids else ""
    return f'<mark class="{escape(classes)}" title="{title}"{data}>{piece}</mark>'
