"""An incident's sources as a reference manager takes them: BibTeX, RIS and CSL-JSON, one
reference per cited article, the quoted passages in its note."""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass
from urllib.parse import quote

from django.utils.text import slugify

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


def references(citations, absolute, accessed: datetime.date) -> list[Reference]:
    """One reference per article of `citations` (in their order), with its quoted passages.
    `absolute` makes a full address of the article's page here, for articles without one."""
    by_article: dict[int, list] = {}
    for citation in citations:
        by_article.setdefault(citation.article_id, []).append(citation)
    return [
        _reference(cited[0].article, cited, absolute, accessed) for cited in by_article.values()
    ]


def _reference(article, cited, absolute, accessed) -> Reference:
    year = article.published_on.year if article.published_on else "nd"
    source = slugify(article.publisher).replace("-", "")[:24] or "article"
    return Reference(
        key=f"{source}{year}-{article.pk}",
        title=article.title,
        publisher=article.publisher,
        author=article.author,
        published_on=article.published_on,
        url=as_uri(article.url) or absolute(article.get_absolute_url()),
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
        "URL": ref.url,
    }
    if ref.author:
        item["author"] = [{"literal": ref.author}]
    if ref.publisher:
        item["container-title"] = ref.publisher
    if ref.published_on:
        item["issued"] = _csl_date(ref.published_on)
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
