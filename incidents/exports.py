"""Incident lists and searches as CSV or JSON files: one row per incident, the same fields as
the list shows plus its relations by name, streamed so that any size of list can be taken."""

from __future__ import annotations

import csv
import datetime
import itertools
import json
from collections.abc import Iterable, Iterator

from django.http import StreamingHttpResponse

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


def in_order(ids: list[int]) -> Iterator[Incident]:
    """The published incidents with these ids, in the order of `ids`, a chunk at a time."""
    for first in range(0, len(ids), CHUNK):
        chunk = ids[first : first + CHUNK]
        found = Incident.objects.published().filter(pk__in=chunk).with_relations().in_bulk()
        yield from (found[pk] for pk in chunk if pk in found)


def all_of(queryset) -> Iterator[Incident]:
    return queryset.with_relations().iterator(chunk_size=CHUNK)


def record(incident: Incident, absolute) -> dict:
    """One incident as an export row, in the order of COLUMNS: lists stay lists (JSON), dates
    are ISO strings."""
    mission = incident.mission
    values = {
        **{name: _plain(getattr(incident, name)) for name in WHAT_HAPPENED_FIELDS},
        **{name: getattr(incident, name) for name in HUMAN_COST_FIELDS},
        "mission": mission.name if mission else "",
        "launch_tag": mission.launch_tag if mission else "",
        "vehicles": [vehicle.name for vehicle in incident.vehicles.all()],
        "agencies": [agency.name for agency in incident.agencies.all()],
        "site": incident.site.name if incident.site else "",
        "sources": incident.source_count,  # type: ignore[attr-defined]  # with_relations()
        "mentions": incident.mention_count,  # type: ignore[attr-defined]
        "url": absolute(incident.get_absolute_url()),
    }
    return {column: values[column] for column in COLUMNS}


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


def download(incidents: Iterable[Incident], request, fmt: str, name: str, about: dict):
    """A streamed file of `incidents` in `fmt` ("csv" or "json"). The first incident is read
    before answering: a database that cannot be reached is then the site's 503, not a 200
    with a file cut short after its header."""
    records = read_ahead(record(incident, request.build_absolute_uri) for incident in incidents)
    if fmt == "csv":
        body, content_type = csv_lines(records), "text/csv; charset=utf-8"
    else:
        body, content_type = json_chunks(records, about), "application/json"
    response = StreamingHttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
