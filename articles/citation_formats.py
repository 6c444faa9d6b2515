"""An incident's sources as a reference manager takes them: BibTeX, RIS and CSL-JSON, one
reference per cited article, the quoted passages in its note."""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass
from urllib.parse import quote

from django.utils.text import slugify

from articles.pipeline.text import STOP_WORDS

# BibTeX counts every brace, escaped or not, to find where a value ends: a brace of the text is
# written as a command (its own braces balanced) so that no title can close its field.
BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
WEB_SCHEMES = ("http://", "https://")
BIBTEX_MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()


@dataclass(frozen=True)
class Reference:
    key: str
    title: str
    publisher: str
    author: str
    published_on: datetime.date | None
    url: str
    passages: tuple[str, ...]
    accessed: datetime.date


def references(citations, accessed: datetime.date) -> list[Reference]:
    """One reference per article of `citations` (in their order), with its quoted passages
    and a citation key of its own ("spacenews2016progress", then "spacenews2016progressb")."""
    by_article: dict[int, list] = {}
    for citation in citations:
        by_article.setdefault(citation.article_id, []).append(citation)
    keys: set[str] = set()
    refs = []
    for cited in by_article.values():
        key = _unique(citation_key(cited[0].article), keys)
        refs.append(_reference(cited[0].article, cited, key, accessed))
    return refs


def citation_key(article) -> str:
    """Publisher, year and the title's first word that says something, in lower-case ASCII
    letters and digits: "spacenews2016progress"; "nd" for an undated article."""
    publisher = _key_part(article.publisher_name)[:24] or "anon"
    year = str(article.published_on.year) if article.published_on else "nd"
    words = (_key_part(word) for word in article.title.split())
    word = next((w for w in words if w and w not in STOP_WORDS and not w.isdigit()), "")
    return f"{publisher}{year}{word[:20]}"


def _key_part(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", slugify(text))


def _unique(key: str, taken: set[str]) -> str:
    """`key`, or with the first free letter after it (b, c, …) when another reference has it."""
    candidate, suffixes = key, iter("bcdefghijklmnopqrstuvwxyz")
    while candidate in taken:
        candidate = key + next(suffixes, f"-{len(taken)}")
    taken.add(candidate)
    return candidate


def _reference(article, cited, key: str, accessed) -> Reference:
    """The original article, where it was published: its own address (none for a text
    imported without one), never its page on this site."""
    return Reference(
        key=key,
        title=article.title,
        publisher=article.publisher_name,
        author=article.author,
        published_on=article.published_on,
        url=as_uri(article.url) if article.url.lower().startswith(WEB_SCHEMES) else "",
        passages=tuple(dict.fromkeys(_one_line(c.quote) for c in cited if c.quote.strip())),
        accessed=accessed,
    )


def as_uri(url: str) -> str:
    """`url` with what a URI may not hold (spaces and control characters, quotes, braces,
    angle brackets, backslash, non-ASCII letters) percent-encoded, and a "%" that starts no
    escape too: nothing in it can end a BibTeX value, a RIS line or a quoted attribute."""
    url = re.sub(r"%(?![0-9A-Fa-f]{2})", "%25", url.strip())
    return quote(url, safe=":/?#[]@!$&'()*+,;=%")


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _note(reference: Reference) -> str:
    return " … ".join(f"“{passage}”" for passage in reference.passages)


# --------------------------------------------------------------------------- BibTeX


def bibtex(refs: list[Reference]) -> str:
    return "\n".join(_bibtex_entry(ref) for ref in refs)


def _bibtex_entry(ref: Reference) -> str:
    fields = [("title", "{" + _tex(ref.title) + "}")]  # double braces keep its capitals
    if ref.author:
        fields.append(("author", _tex(ref.author)))
    if ref.publisher:
        fields.append(("howpublished", _tex(ref.publisher)))
    if ref.published_on:
        fields.append(("year", str(ref.published_on.year)))
        fields.append(("month", BIBTEX_MONTHS[ref.published_on.month - 1]))
        fields.append(("date", ref.published_on.isoformat()))
    if ref.url:
        fields.append(("url", ref.url))
        fields.append(("urldate", ref.accessed.isoformat()))
    if ref.passages:
        fields.append(("note", _tex("Quoted: " + _note(ref))))
    lines = [f"  {name} = {_bibtex_value(name, value)}," for name, value in fields]
    return "@misc{" + ref.key + ",\n" + "\n".join(lines) + "\n}\n"


def _bibtex_value(name: str, value: str) -> str:
    return value if name == "month" else "{" + value + "}"


def _tex(text: str) -> str:
    return "".join(BIBTEX_SPECIAL.get(char, char) for char in _one_line(text))


# --------------------------------------------------------------------------- RIS


def ris(refs: list[Reference]) -> str:
    return "".join(_ris_record(ref) for ref in refs)


def _ris_record(ref: Reference) -> str:
    tags = [("TY", "NEWS"), ("ID", ref.key), ("TI", ref.title)]
    if ref.author:
        tags.append(("AU", ref.author))
    if ref.publisher:
        tags.append(("T2", ref.publisher))
    if ref.published_on:
        tags.append(("PY", str(ref.published_on.year)))
        tags.append(("DA", ref.published_on.strftime("%Y/%m/%d/")))
    if ref.url:
        tags.append(("UR", ref.url))
        tags.append(("Y2", ref.accessed.strftime("%Y/%m/%d/")))
    if ref.passages:
        tags.append(("N1", "Quoted: " + _note(ref)))
    tags.append(("ER", ""))
    return "".join(f"{tag}  - {_one_line(value)}\r\n" for tag, value in tags)


# --------------------------------------------------------------------------- CSL-JSON


def csl_json(refs: list[Reference]) -> str:
    return json.dumps([_csl_item(ref) for ref in refs], ensure_ascii=False, indent=2)


def _csl_item(ref: Reference) -> dict:
    item: dict[str, object] = {
        "id": ref.key,
        "type": "article-newspaper",
        "title": ref.title,
    }
    if ref.url:
        item["URL"] = ref.url
    if ref.author:
        item["author"] = [{"literal": ref.author}]
    if ref.publisher:
        item["container-title"] = ref.publisher
    if ref.published_on:
        item["issued"] = _csl_date(ref.published_on)
    if ref.url:
        item["accessed"] = _csl_date(ref.accessed)
    if ref.passages:
        item["note"] = "Quoted: " + _note(ref)
    return item


def _csl_date(day: datetime.date) -> dict:
    return {"date-parts": [[day.year, day.month, day.day]]}


FORMATS = {
    "bib": (bibtex, "application/x-bibtex; charset=utf-8"),
    "ris": (ris, "application/x-research-info-systems; charset=utf-8"),
    "json": (csl_json, "application/vnd.citationstyles.csl+json; charset=utf-8"),
}
