"""An article in each format that has more to it than plain text, for the format tests and
the recognition tests (test_parse)."""

PORTAL_ITEM = """
Formats: [HTML](/news/2016/12/1/lander-lost.html)  [JSON](/news/2016/12/1/lander-lost.json)

### [2016-12-1](/news/2016/12/1/index.md)

##### Lunar landers
# A lunar lander loses contact during its final descent.\x20

The operator says the lander’s engine *shut down* early, according to [a statement](http://x.example/s).

Engineers are **reviewing** the telemetry.


### Sources:

1. [Euronews](http://www.euronews.example/2016/12/01/lander-lost)
1. [Cover Image](http://static.euronews.example/lander.jpg)
1. [Orbit Ledger](http://ledger.example/lander)

### Related:

1. [A cargo rocket fails shortly after liftoff. ](/news/2016/10/11/cargo.md) _Context: Launches_
2. [A weather satellite is stranded in a low orbit. ](/news/2016/5/2/sat.md) _Context: Satellites_
"""

HTML_PAGE = """<!DOCTYPE html>
<html><head>
<title>Capsule splashes down off course | Orbit Daily</title>
<meta property="og:site_name" content="Orbit Daily">
<meta name="author" content="A. Writer">
<meta property="article:published_time" content="2021-05-02T06:56:00+00:00">
<meta property="article:section" content="Crewed flight">
<link rel="canonical" href="https://orbit-daily.example/capsule">
<style>body { font-family: serif }</style>
<script>window.trackReader("secret-token");</script>
</head>
<body>
<nav><a href="/">Home</a> | <a href="/launches">Launches</a></nav>
<article>
<h1>Capsule splashes down off course</h1>
<p>The capsule landed 40&nbsp;km from the recovery ship &amp; drifted.<img src="x.png"
 onerror="alert('owned')"></p>
<p onmouseover="steal()">Divers reached the crew <em>within</em> an hour.<br>All four were well.</p>
<script>document.write("injected paragraph")</script>
<figure><img src="splash.jpg"><figcaption>Photo credit line</figcaption></figure>
<div hidden>Hidden promo text</div>
</article>
<footer>Footer links</footer>
</body></html>
"""
