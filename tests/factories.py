"""Small helpers that create real rows. Every argument is keyword-only and may be overridden.

Each helper fills in unique values (slugs, codes, hashes) from one counter, so tests can call
them many times without thinking about clashes.
"""

from __future__ import annotations

import datetime
import hashlib
import itertools
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from articles.models import Article, Citation, ImportedFile, ImportRun, Mention
from articles.source_counts import citations_changed
from incidents.models import (
    Agency,
    Incident,
    LaunchSite,
    Mission,
    Outcome,
    Vehicle,
    VehicleFamily,
)

_sequence = itertools.count(1)


def _next() -> int:
    return next(_sequence)


def _named_fields(label: str) -> dict:
    """A fresh name and slug: "Agency 12", "agency-12"."""
    n = _next()
    return {"name": f"{label.capitalize()} {n}", "slug": f"{label}-{n}"}


def _make_named(model, label: str, overrides: dict):
    return model.objects.create(**{**_named_fields(label), **overrides})


def make_agency(**overrides) -> Agency:
    return _make_named(Agency, "agency", overrides)


def make_family(**overrides) -> VehicleFamily:
    return _make_named(VehicleFamily, "family", overrides)


def make_vehicle(**overrides) -> Vehicle:
    return _make_named(Vehicle, "vehicle", overrides)


def make_site(**overrides) -> LaunchSite:
    return _make_named(LaunchSite, "site", overrides)


def make_mission(*, agencies=(), **overrides) -> Mission:
    n = _next()
    fields = {
        "name": f"Mission {n}",
        "slug": f"mission-{n}",
        "launch_date": datetime.date(2016, 12, 1),
        "outcome": Outcome.FAILURE,
    }
    fields.update(overrides)
    mission = Mission.objects.create(**fields)
    if agencies:
        mission.agencies.set(agencies)
    return mission


def make_incident(*, vehicles=(), agencies=(), published: bool = True, **overrides) -> Incident:
    """A published incident unless `published=False` (or an explicit `status`) says otherwise."""
    incident = Incident.objects.create(**_incident_fields(published, overrides))
    if vehicles:
        incident.vehicles.set(vehicles)
    if agencies:
        incident.agencies.set(agencies)
    return incident


def _incident_fields(published: bool, overrides: dict) -> dict:
    """An incident's fields: numbered defaults, then `overrides`."""
    n = _next()
    fields = {
        "title": f"Incident {n}",
        "slug": f"incident-{n}",
        "date": datetime.date(2016, 12, 1),
        "status": Incident.Status.PUBLISHED if published else Incident.Status.DRAFT,
        "outcome": Outcome.FAILURE,
    }
    fields.update(overrides)
    return fields


def make_article(**overrides) -> Article:
    return Article.objects.create(**_article_fields(overrides))


def _article_fields(overrides: dict) -> dict:
    """An article's fields: numbered defaults, then `overrides` (a `body` sets `raw_text`)."""
    n = _next()
    given = dict(overrides)
    body = given.pop("body", f"Article body number {n}. The rocket failed in flight.")
    fields = {
        "title": f"Article {n}",
        "publisher": "Space News Portal",
        "published_on": datetime.date(2016, 12, 2),
        "raw_text": body,
        "body": body,
        "sha256": hashlib.sha256(f"article-{n}".encode()).hexdigest(),
    }
    fields.update(given)
    return fields


def make_citation(*, incident: Incident, article: Article, **overrides) -> Citation:
    """A citation of the passage `start:end` of the article body (the whole body by default)."""
    start = overrides.pop("start", 0)
    end = overrides.pop("end", len(article.body))
    fields = {"start": start, "end": end, "quote": article.body[start:end]}
    fields.update(overrides)
    return Citation.objects.create(incident=incident, article=article, **fields)


def make_mention(*, article: Article, **overrides) -> Mention:
    fields = {"kind": Mention.Kind.VEHICLE, "start": 0, "end": 4, "text": article.body[0:4]}
    fields.update(overrides)
    return Mention.objects.create(article=article, **fields)


def make_import_run(**overrides) -> ImportRun:
    fields = {"source": ImportRun.Source.COMMAND}
    fields.update(overrides)
    return ImportRun.objects.create(**fields)


def make_imported_file(*, run: ImportRun, **overrides) -> ImportedFile:
    fields = {"name": f"file-{_next()}.md", "outcome": ImportedFile.Outcome.CREATED}
    fields.update(overrides)
    return ImportedFile.objects.create(run=run, **fields)


def make_user(*, editor: bool = False, **overrides):
    """A user; `editor=True` makes a staff member of the "Editors" group."""
    n = _next()
    fields: dict[str, Any] = {"username": f"user{n}", "password": "not-used-in-tests"}
    if editor:
        fields["is_staff"] = True
    fields.update(overrides)
    user = get_user_model().objects.create_user(**fields)
    if editor:
        user.groups.add(Group.objects.get(name="Editors"))
    return user


def make_linked_incident(*, family: VehicleFamily | None = None, **overrides) -> Incident:
    """A published incident with its own mission, vehicle (in `family`, or a new one), agency
    and launch site: the shape of a catalog incident, each relation a distinct row."""
    agency = make_agency()
    site = make_site()
    vehicle = make_vehicle(family=family or make_family(), manufacturer=agency)
    mission = make_mission(vehicle=vehicle, site=site, agencies=[agency])
    fields: dict[str, Any] = {
        "mission": mission,
        "site": site,
        "vehicles": [vehicle],
        "agencies": [agency],
    }
    fields.update(overrides)
    return make_incident(**fields)


# --------------------------------------------------------------------------- many rows at once
#
# The bulk helpers below make `count` rows with one INSERT per model (and per batch), for tests
# that need hundreds or thousands of rows. Each row gets the same defaults as its single-row
# helper above (and its own counter value). An override applies to every row; it may also be a
# function of the row's index (0 to count - 1) for a value that differs from row to row, e.g.
# `make_articles(3, title=lambda i: f"Report {i}")` or `site=lambda i: sites[i]`.
#
# Like QuerySet.bulk_create they call no save() and send no signals: nothing is written to the
# history tables and the cached filter menus are not forgotten (each test starts with an empty
# cache, so make the rows before the first request). The search text stays in sync (SQLite
# triggers, a PostgreSQL generated column); Incident.search_names, as after make_incident, is
# only filled by refresh_search_names().


def _resolve(overrides: dict, index: int) -> dict:
    """The overrides of row `index`: each function called with the index, other values as is."""
    return {name: value(index) if callable(value) else value for name, value in overrides.items()}


def _bulk_named(model, prefix: str, count: int, overrides: dict) -> list:
    rows = []
    for index in range(count):
        rows.append(model(**{**_named_fields(prefix), **_resolve(overrides, index)}))
    return model.objects.bulk_create(rows)


def _bulk_m2m(field, objects: list, targets) -> None:
    """Link each of `objects` to its `targets` (a sequence for all rows, or a function of the
    row index) through the many-to-many `field` (e.g. Incident.vehicles)."""
    if not targets:
        return
    through = field.through
    source = f"{field.field.m2m_field_name()}_id"
    target = f"{field.field.m2m_reverse_field_name()}_id"
    rows = []
    seen = set()
    for index, obj in enumerate(objects):
        wanted = targets(index) if callable(targets) else targets
        for other in wanted:
            if (obj.pk, other.pk) not in seen:  # like .set(), a target given twice links once
                seen.add((obj.pk, other.pk))
                rows.append(through(**{source: obj.pk, target: other.pk}))
    through.objects.bulk_create(rows)


def make_agencies(count: int, **overrides) -> list[Agency]:
    return _bulk_named(Agency, "agency", count, overrides)


def make_families(count: int, **overrides) -> list[VehicleFamily]:
    return _bulk_named(VehicleFamily, "family", count, overrides)


def make_vehicles(count: int, **overrides) -> list[Vehicle]:
    return _bulk_named(Vehicle, "vehicle", count, overrides)


def make_sites(count: int, **overrides) -> list[LaunchSite]:
    return _bulk_named(LaunchSite, "site", count, overrides)


def make_missions(count: int, *, agencies=(), **overrides) -> list[Mission]:
    """`count` missions as make_mission makes them; `agencies` (a sequence, or a function of
    the row index) are linked to each."""
    fields = {"launch_date": datetime.date(2016, 12, 1), "outcome": Outcome.FAILURE}
    fields.update(overrides)
    missions = _bulk_named(Mission, "mission", count, fields)
    _bulk_m2m(Mission.agencies, missions, agencies)
    return missions


def make_incidents(
    count: int, *, vehicles=(), agencies=(), published: bool = True, **overrides
) -> list[Incident]:
    """`count` incidents as make_incident makes them; `vehicles` and `agencies` (sequences, or
    functions of the row index) are linked to each."""
    rows = [
        Incident(**_incident_fields(published, _resolve(overrides, index)))
        for index in range(count)
    ]
    incidents = Incident.objects.bulk_create(rows)
    _bulk_m2m(Incident.vehicles, incidents, vehicles)
    _bulk_m2m(Incident.agencies, incidents, agencies)
    return incidents


def make_linked_incidents(
    count: int, *, family: VehicleFamily | None = None, **overrides
) -> list[Incident]:
    """`count` incidents shaped like make_linked_incident's: each with its own mission, vehicle
    (in `family`, or a new family of its own), agency and launch site."""
    agencies = make_agencies(count)
    sites = make_sites(count)
    families = [family] * count if family else make_families(count)
    vehicles = make_vehicles(
        count, family=lambda i: families[i], manufacturer=lambda i: agencies[i]
    )
    missions = make_missions(
        count,
        vehicle=lambda i: vehicles[i],
        site=lambda i: sites[i],
        agencies=lambda i: [agencies[i]],
    )
    fields: dict[str, Any] = {
        "mission": lambda i: missions[i],
        "site": lambda i: sites[i],
        "vehicles": lambda i: [vehicles[i]],
        "agencies": lambda i: [agencies[i]],
    }
    fields.update(overrides)
    return make_incidents(count, **fields)


def make_articles(count: int, **overrides) -> list[Article]:
    """`count` articles as make_article makes them (a `body` override also sets `raw_text`)."""
    rows = [Article(**_article_fields(_resolve(overrides, index))) for index in range(count)]
    return Article.objects.bulk_create(rows)


def make_citations(count: int, *, incident, article, **overrides) -> list[Citation]:
    """`count` citations as make_citation makes them: `incident` and `article` (like any
    override, values or functions of the row index) and by default the whole body."""
    rows = []
    for index in range(count):
        given = _resolve({"incident": incident, "article": article, **overrides}, index)
        body = given["article"].body
        start = given.pop("start", 0)
        end = given.pop("end", len(body))
        fields = {"start": start, "end": end, "quote": body[start:end]}
        fields.update(given)
        rows.append(Citation(**fields))
    created = Citation.objects.bulk_create(rows)
    citations_changed(row.incident_id for row in created)  # as every bulk write of them does
    return created


def make_mentions(count: int, *, article, **overrides) -> list[Mention]:
    """`count` mentions as make_mention makes them; `article`, like any override, is a value or
    a function of the row index."""
    rows = []
    for index in range(count):
        given = _resolve({"article": article, **overrides}, index)
        body = given["article"].body
        fields = {"kind": Mention.Kind.VEHICLE, "start": 0, "end": 4, "text": body[0:4]}
        fields.update(given)
        rows.append(Mention(**fields))
    return Mention.objects.bulk_create(rows)
