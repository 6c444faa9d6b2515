"""Small helpers that create real rows. Every argument is keyword-only and may be overridden.

Each helper fills in unique values (slugs, codes, hashes) from one counter, so tests can call
them many times without thinking about clashes.
"""

from __future__ import annotations

import datetime
import hashlib
import itertools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from articles.models import Article, Citation, ImportedFile, ImportRun, Mention
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


def make_agency(**overrides) -> Agency:
    n = _next()
    fields = {"name": f"Agency {n}", "slug": f"agency-{n}"}
    fields.update(overrides)
    return Agency.objects.create(**fields)


def make_family(**overrides) -> VehicleFamily:
    n = _next()
    fields = {"name": f"Family {n}", "slug": f"family-{n}"}
    fields.update(overrides)
    return VehicleFamily.objects.create(**fields)


def make_vehicle(**overrides) -> Vehicle:
    n = _next()
    fields = {"name": f"Vehicle {n}", "slug": f"vehicle-{n}"}
    fields.update(overrides)
    return Vehicle.objects.create(**fields)


def make_site(**overrides) -> LaunchSite:
    n = _next()
    fields = {"name": f"Site {n}", "slug": f"site-{n}"}
    fields.update(overrides)
    return LaunchSite.objects.create(**fields)


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
    n = _next()
    fields = {
        "title": f"Incident {n}",
        "slug": f"incident-{n}",
        "date": datetime.date(2016, 12, 1),
        "status": Incident.Status.PUBLISHED if published else Incident.Status.DRAFT,
        "outcome": Outcome.FAILURE,
    }
    fields.update(overrides)
    incident = Incident.objects.create(**fields)
    if vehicles:
        incident.vehicles.set(vehicles)
    if agencies:
        incident.agencies.set(agencies)
    return incident


def make_article(**overrides) -> Article:
    n = _next()
    body = overrides.pop("body", f"Article body number {n}. The rocket failed in flight.")
    fields = {
        "title": f"Article {n}",
        "publisher": "Space News Portal",
        "published_on": datetime.date(2016, 12, 2),
        "raw_text": body,
        "body": body,
        "sha256": hashlib.sha256(f"article-{n}".encode()).hexdigest(),
    }
    fields.update(overrides)
    return Article.objects.create(**fields)


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
    fields = {"username": f"user{n}", "password": "not-used-in-tests"}
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
    fields = {"mission": mission, "site": site, "vehicles": [vehicle], "agencies": [agency]}
    fields.update(overrides)
    return make_incident(**fields)
