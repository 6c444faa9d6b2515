"""Incident lists and searches as CSV or JSON files: one row per incident, the same fields as
the list shows plus its relations by name, streamed so that any size of list can be taken."""

from __future__ import annotations

import csv
import datetime
import itertools
import json
from collections.abc import Callable, Iterable, Iterator

from django.http import StreamingHttpResponse
from django.urls import reverse

from incidents.models import HUMAN_COST_FIELDS, WHAT_HAPPENED_FIELDS, Incident

CHUNK = 500
CREDIT = (
    "Spaceflight Incidents knowledge base; launch data from GCAT, the General Catalog of "
    "Artificial Space Objects (J. McDowell, planet4589.org)."
)
COLUMNS = [
    *WHAT_HAPPENED_FIELDS,
    "mission",
    "launch_tag",
    "vehicles",
    "agencies",
    "site",
    *HUMAN_COST_FIELDS,
    "sources",
    "mentions",
    "url",
]


def in_order(ids: list[int]) -> Iterator[dict]:
    """The published incidents with these ids as export rows, in the order of `ids`, a chunk
    (one query) at a time."""
    for first in range(0, len(ids), CHUNK):
        chunk = ids[first : first + CHUNK]
        incidents = Incident.objects.published().filter(pk__in=chunk)
        found = {row["id"]: row for row in incidents.as_export_rows()}
        yield from (found[pk] for pk in chunk if pk in found)


def all_of(queryset) -> Iterator[dict]:
    return queryset.as_export_rows().iterator(chunk_size=CHUNK)


def record(row: dict, address: Callable[[str], str]) -> dict:
    """One export row (IncidentQuerySet.as_export_rows) as the file gives it, in the order of
    COLUMNS: lists stay lists (JSON), dates are ISO strings; `address` gives a slug's page."""
    has_mission = row["mission_id"] is not None
    values = {
        **{name: _plain(row[name]) for name in WHAT_HAPPENED_FIELDS},
        **{name: row[name] for name in HUMAN_COST_FIELDS},
        "mission": row["mission_name"] if has_mission else "",
        "launch_tag": row["launch_tag"] if has_mission else "",
        "vehicles": row["vehicle_names"],
        "agencies": row["agency_names"],
        "site": row["site_name"] or "",
        "sources": row["source_count"],
        "mentions": row["mention_count"],
        "url": address(row["slug"]),
    }
    return {column: values[column] for column in COLUMNS}


def page_addresses(absolute: Callable[[str], str]) -> Callable[[str], str]:
    """A slug's incident page as a full address, worked out once for all rows rather than
    reversed per row: the address is the same but for the slug, which never needs quoting."""
    marker = "slug-of-the-incident"
    before, after = absolute(reverse("incidents:detail", args=[marker])).rsplit(marker, 1)
    return lambda slug: f"{before}{slug}{after}"


def _plain(value):
    return value.isoformat() if isinstance(value, datetime.date) else value


class _Echo:
    """A file that hands back what is written to it, for csv.writer in a streamed answer."""

    def write(self, value: str) -> str:
        return value


def csv_lines(records: Iterable[dict]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # so that spreadsheet programs read the file as UTF-8
    yield writer.writerow(COLUMNS)
    for row in records:
        yield writer.writerow(_flat(row[column]) for column in COLUMNS)


def _flat(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return _inert("; ".join(value))
    return _inert(str(value))


# What makes a spreadsheet program read a cell as a formula (or hide its start).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _inert(cell: str) -> str:
    """A cell that opens as a formula would ("=HYPERLINK(…)", a title such as "- Kosmos …")
    gets a leading apostrophe, so a spreadsheet shows it as text and never runs it."""
    return "'" + cell if cell.startswith(FORMULA_START) else cell


def json_chunks(records: Iterable[dict], about: dict) -> Iterator[str]:
    """A JSON object: what was asked for and when, the credit, then the incidents, written
    one at a time."""
    head = {**about, "exported_at": _now(), "credit": CREDIT}
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "incidents": ['
    for n, row in enumerate(records):
        yield ("," if n else "") + "\n" + json.dumps(row, ensure_ascii=False)
    yield "\n]}\n"


def read_ahead(items: Iterable) -> Iterator:
    """`items`, the first of them read now."""
    items = iter(items)
    first = list(itertools.islice(items, 1))
    return itertools.chain(first, items)


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat()


def download(rows: Iterable[dict], request, fmt: str, name: str, about: dict):
    """A streamed file of export `rows` (all_of, in_order) in `fmt` ("csv" or "json"). The
    first row is read before answering: a database that cannot be reached is then the site's
    503, not a 200 with a file cut short after its header."""
    address = page_addresses(request.build_absolute_uri)
    records = read_ahead(record(row, address) for row in rows)
    if fmt == "csv":
        body, content_type = csv_lines(records), "text/csv; charset=utf-8"
    else:
        body, content_type = json_chunks(records, about), "application/json"
    response = StreamingHttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
