"""Web pages and feeds as news sites serve them, written for the tests (no real article's text):
the article among navigation, a cookie banner, share buttons, a newsletter box, related stories
and a footer, with its metadata in JSON-LD and Open Graph tags."""

import json

FAILURE_PARAGRAPHS = (
    "A Soyuz-U rocket carrying the Progress MS-04 cargo ship failed on 1 December 2016, "
    "about six minutes after lift-off from Baikonur.",
    "The third stage shut down early and the cargo ship did not reach orbit, the agency said.",
    "Debris fell over a remote area and a commission is looking into the cause.",
)
FURNITURE = (
    "Accept all cookies",
    "Share on social",
    "Sign up for our newsletter",
    "Related stories",
    "Another launch goes well",
    "All rights reserved",
    "Launch schedule",
)


def news_page(
    *,
    headline: str = "Cargo ship lost after third stage fault",
    site: str = "Orbit Courier",
    paragraphs: tuple[str, ...] = FAILURE_PARAGRAPHS,
    published: str | None = "2016-12-01T16:10:00+00:00",
    author: str = "Mara Quill",
    canonical: str | None = "https://orbit-courier.example/news/progress-lost",
    json_ld: bool = True,
    og: bool = True,
    charset: str = "utf-8",
) -> str:
    """A whole page; the body's paragraphs are the article's own text."""
    linked_data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": headline,
        "author": {"@type": "Person", "name": author},
        "publisher": {"@type": "Organization", "name": site},
    }
    if published:
        linked_data["datePublished"] = published
    head = [
        f'<meta charset="{charset}">',
        f"<title>{headline} | {site}</title>",
        f'<meta name="author" content="{author}">',
    ]
    if og:
        head += [
            f'<meta property="og:title" content="{headline} | {site}">',
            f'<meta property="og:site_name" content="{site}">',
        ]
        if published:
            head.append(f'<meta property="article:published_time" content="{published}">')
    if canonical:
        head.append(f'<link rel="canonical" href="{canonical}">')
    if json_ld:
        head.append(f'<script type="application/ld+json">{json.dumps(linked_data)}</script>')
    body = "\n".join(f"<p>{text}</p>" for text in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en"><head>{"".join(head)}
<script>window.dataLayer = [];</script></head>
<body>
<header><a href="/">{site}</a>
<nav><ul><li><a href="/launches">Launch schedule</a></li><li><a href="/science">Science</a></li>
<li><a href="/about">About us</a></li></ul></nav></header>
<div class="cookie-banner" role="dialog"><p>We use cookies. Accept all cookies or
<a href="/privacy">manage them</a>.</p><button>Accept all cookies</button></div>
<main><article>
<h1>{headline}</h1>
<div class="byline">By <a href="/authors/x" rel="author">{author}</a></div>
<div class="share"><a href="/share/x">Share on social</a> <a href="/share/y">Email</a></div>
{body}
<aside class="newsletter"><h3>Sign up for our newsletter</h3><form><input name="email">
<button>Subscribe</button></form></aside>
</article>
<section class="related"><h2>Related stories</h2><ul>
<li><a href="/news/other-1">Another launch goes well</a></li>
<li><a href="/news/other-2">A new engine is tested</a></li>
<li><a href="/news/other-3">The station gets a new crew</a></li></ul></section>
</main>
<footer><p>Copyright 2016 {site}. All rights reserved.</p>
<ul><li><a href="/terms">Terms</a></li><li><a href="/privacy">Privacy</a></li></ul></footer>
</body></html>
"""


def rss_feed(items: list[tuple[str, str]], *, title: str = "Orbit Courier news") -> str:
    """RSS 2.0 of (title, link) items."""
    entries = "".join(
        f"<item><title>{name}</title><link>{link}</link><guid>{link}</guid>"
        "<pubDate>Thu, 01 Dec 2016 16:10:00 +0000</pubDate></item>"
        for name, link in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{title}</title><link>https://orbit-courier.example/</link>"
        f"<description>News</description>{entries}</channel></rss>"
    )


def atom_feed(items: list[tuple[str, str]], *, title: str = "Pad Notes") -> str:
    entries = "".join(
        f'<entry><title>{name}</title><link href="{link}"/><id>{link}</id>'
        "<updated>2016-12-01T16:10:00Z</updated></entry>"
        for name, link in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{title}</title><id>urn:pad-notes</id><updated>2016-12-01T16:10:00Z</updated>"
        f"{entries}</feed>"
    )


def rdf_feed(items: list[tuple[str, str]], *, title: str = "Launch Wire") -> str:
    """RSS 1.0 (RDF)."""
    entries = "".join(
        f'<item rdf:about="{link}"><title>{name}</title><link>{link}</link></item>'
        for name, link in items
    )
    return (
        '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        ' xmlns="http://purl.org/rss/1.0/"><channel rdf:about="urn:wire">'
        f"<title>{title}</title><link>https://wire.example/</link><description>x</description>"
        f"</channel>{entries}</rdf:RDF>"
    )
