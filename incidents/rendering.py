"""Turning text we did not write into HTML we can trust."""

import bleach
import markdown
from django.utils.safestring import SafeString, mark_safe

SUMMARY_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "a",
    "h3",
    "h4",
    "hr",
}
SUMMARY_ATTRIBUTES = {"a": ["href", "title"]}
SAFE_PROTOCOLS = {"http", "https", "mailto"}


def render_markdown(text: str) -> SafeString:
    """Markdown to HTML, then through bleach's allow-list: no scripts, handlers or js: links."""
    html = markdown.markdown(text or "", extensions=["sane_lists"], output_format="html")
    cleaned = bleach.clean(
        html,
        tags=SUMMARY_TAGS,
        attributes=SUMMARY_ATTRIBUTES,
        protocols=SAFE_PROTOCOLS,
        strip=True,
        strip_comments=True,
    )
    return mark_safe(cleaned)  # noqa: S308 - bleach has sanitised it just above
