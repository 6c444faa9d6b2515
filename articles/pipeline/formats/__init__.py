"""The article formats the importer reads, one module each.

* ``portal``: a news-portal item in Markdown (``portal-markdown``);
* ``html``: a web page;
* ``plain``: anything else, read as plain text (``text``).

Each module has its ``FORMAT`` name, a ``looks_like_…`` test (but plain text, the fallback)
and a ``parse_…`` function returning a ``document.ParsedDocument``: the article's content as
plain text (markup removed, paragraphs separated by a blank line) and what the format tells
of its title, date, publisher and sources. ``articles.pipeline.parse`` picks the format. A new
format is a new module here and a line in ``parse.detect_format``.

Plain Python, no Django imports.
"""
