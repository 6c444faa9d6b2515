"""Queries and logic that span models, kept out of views."""

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, Model, Q
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.text import slugify

from incidents import data_version
from incidents.catalog_sync import unique_slug
from incidents.links import url_maker
from incidents.models import (
    KEPT_COUNTS,
    NAME_SEPARATOR,
    Incident,
    IncidentKind,
    LaunchSite,
    Mission,
    Named,
    NameList,
    Outcome,
    Vehicle,
    VehicleFamily,
)

SEARCH_NAMES_BATCH = 500
RECOUNT_BATCH = 1000  # incidents recounted a query apart: bounds the bulk update's CASE
DRAFT_ATTEMPTS = 5


def refresh_statistics() -> None:
    """Give the query planner fresh statistics on the catalog tables after a bulk load.

    PostgreSQL's autovacuum would get there in time; SQLite never does by itself, and without
    statistics it plans the filter menus as nested scans (seconds at a few thousand rows)."""
    tables = [model._meta.db_table for model in apps.get_app_config("incidents").get_models()]
    tables += [Incident.vehicles.through._meta.db_table, Incident.agencies.through._meta.db_table]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


def site_counts() -> dict[str, int]:
    published = Incident.objects.published()
    return {
        "incidents": published.count(),
        "missions": Mission.objects.count(),
        "vehicles": Vehicle.objects.count(),
    }


def query_without_page(request) -> str:
    """The current filters as a query string, for pagination links."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@dataclass(frozen=True)
class CitedBy:
    """What an incident's page lists: one citation per article that reports the incident (its
    "sources", as every list counts them: IncidentQuerySet.with_source_count), and the
    passages of articles that mention it only in passing."""

    sources: list
    in_passing: list

    @property
    def mention_count(self) -> int:
        return len({citation.article_id for citation in self.in_passing})


NOT_CITED = CitedBy(sources=[], in_passing=[])


@dataclass(frozen=True, slots=True)
class CitedPassage:
    """A citation as the incident's page lists it: its passage, what it supports, its
    article (an Article with the title, publisher, address and date the page shows) and the
    passage's address on the article's page (as Citation.get_absolute_url)."""

    pk: int
    article_id: int
    quote: str
    supports: str
    article: Model
    url: str


def citations_of(incident: Incident) -> CitedBy:
    """The incident's public citations with what the page shows of their articles, in one
    query (reverse relation); never the articles' texts: the quote is the citation's own.
    An article that reports the incident is listed once, by its passage on what happened,
    else by its first fact."""
    sql, params, incident_at = _public_citations_sql(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params[:incident_at], incident.pk, *params[incident_at + 1 :]])
        rows = cursor.fetchall()
    article_page = url_maker("articles:detail")
    citations = [_cited_passage(row, article_page) for row in rows]
    reports = incident.citations.model.REPORTS  # the articles app's rule, by relation
    by_article: dict[int, Any] = {}
    for citation in citations:
        if citation.supports in reports:
            shown = by_article.setdefault(citation.article_id, citation)
            if citation.supports == reports[0] != shown.supports:  # what happened, over a fact
                by_article[citation.article_id] = citation
    sources = [c for c in citations if by_article.get(c.article_id) is c]
    passing = [c for c in citations if c.supports not in reports and c.article_id not in by_article]
    return CitedBy(sources=sources, in_passing=passing)


_CITED_ARTICLE_FIELDS = ["id", "title", "publisher", "url", "published_on"]


def _public_citations(incident: Incident):
    return (
        incident.citations.public()
        .values_list(
            "pk",
            "quote",
            "supports",
            *(f"article__{name}" for name in _CITED_ARTICLE_FIELDS),
        )
        .order_by(F("article__published_on").asc(nulls_last=True), "pk")
    )


@functools.cache
def _public_citations_sql(vendor: str) -> tuple[str, tuple, int]:
    """The citations query (the articles app's rule for public citations, reached through
    the incident's reverse relation) as SQL, built once per database: building it took as
    long as running it. Its params, and which of them is the incident's id (found by
    building it for two ids)."""
    sql, params = _public_citations(Incident(pk=1)).query.sql_with_params()
    _, other = _public_citations(Incident(pk=2)).query.sql_with_params()
    (incident_at,) = [
        n for n, (one, two) in enumerate(zip(params, other, strict=True)) if one != two
    ]
    return sql, tuple(params), incident_at


def _cited_passage(row: tuple, article_page: Callable[..., str]) -> CitedPassage:
    pk, quote, supports, *article_values = row
    article = article_model().from_db(connection.alias, _CITED_ARTICLE_FIELDS, article_values)
    url = f"{article_page(article.pk)}#passage-{pk}"
    return CitedPassage(pk, article.pk, quote, supports, article, url)


@functools.cache
def article_model() -> type[Model]:
    """The articles app's Article, reached through the incident's citations: the incidents
    app does not import the articles app."""
    return _related_model(_related_model(Incident, "citations"), "article")


def _related_model(model: type[Model], relation: str) -> type[Model]:
    related = model._meta.get_field(relation).related_model
    assert related is not None and not isinstance(related, str)  # resolved: the apps are loaded
    return related


@dataclass(frozen=True)
class FamilyNeighbours:
    """The incident's place among the published incidents of its vehicle families: the
    related incidents its page lists, and the family's failures just before and after it
    ("What happened next")."""

    related: list[Incident]
    earlier_failure: Incident | None = None
    later_failure: Incident | None = None


def family_neighbours(
    incident: Incident, *, limit: int = 8, vehicles: list[Vehicle] | None = None
) -> FamilyNeighbours:
    """The related incidents (`limit` of them, newest first) and the family's failures just
    before and after the incident, with what their rows show, in one query (and one for the
    incident's `vehicles` unless given)."""
    if vehicles is None:
        vehicles = list(incident.vehicles.all())
    family_ids = sorted({v.family_id for v in vehicles if v.family_id})
    if not family_ids:
        return FamilyNeighbours(related=[])
    read = _family_rows(incident, family_ids, limit)
    rows = [row for row, _ in read]
    peers = [row for row, harmless in read if incident.is_harmless_pad_abort or not harmless]
    # The rows are the family's newest peers and its nearest incidents on either side;
    # ties go as in the query (by date, then by id as the index walks).
    earlier = [row for row in rows if row.date < incident.date]
    later = [row for row in rows if row.date > incident.date]
    return FamilyNeighbours(
        related=peers[:limit],
        earlier_failure=max(earlier, key=lambda row: (row.date, -row.pk), default=None),
        later_failure=min(later, key=lambda row: (row.date, -row.pk), default=None),
    )


# Published incidents of the families, other than this one: EXISTS rather than a join, so
# that walking the incidents by date (their index) stops at the first matches, where a join
# with DISTINCT reads every incident of the family (a whole R-7 family).
_OF_THE_FAMILY = """
    i.status = %s AND i.id <> %s AND EXISTS (
        SELECT 1 FROM incidents_incident_vehicles link
        JOIN incidents_vehicle v ON v.id = link.vehicle_id
        WHERE link.incident_id = i.id AND v.family_id IN ({families})
    )"""
# The newest peers, and the nearest incident on either side, ties broken in the order of
# the (status, -date, id) index so that each walk stops at its limit.
_NEIGHBOUR_IDS = """
    SELECT id FROM (
        SELECT i.id FROM incidents_incident i WHERE {family} {peers}
        ORDER BY i.date DESC, i.id LIMIT %s
    ) related
    UNION ALL SELECT id FROM (
        SELECT i.id FROM incidents_incident i WHERE {family} AND i.date < %s
        ORDER BY i.date DESC, i.id LIMIT 1
    ) earlier
    UNION ALL SELECT id FROM (
        SELECT i.id FROM incidents_incident i WHERE {family} AND i.date > %s
        ORDER BY i.date, i.id DESC LIMIT 1
    ) later"""
_VEHICLE_NAMES = """
    FROM incidents_incident_vehicles link JOIN incidents_vehicle v ON v.id = link.vehicle_id
    WHERE link.incident_id = i.id"""
# The agencies people name: not a centre whose umbrella agency is listed too (NASA, not
# also its Johnson Space Center), as menus.row_agencies.
_AGENCY_NAMES = """
    FROM incidents_incident_agencies link JOIN incidents_agency v ON v.id = link.agency_id
    WHERE link.incident_id = i.id AND NOT EXISTS (
        SELECT 1 FROM incidents_incident_agencies up
        WHERE up.incident_id = i.id AND up.agency_id = v.umbrella_id
    )"""
_NEIGHBOUR_ROWS = """
    SELECT {columns}, s.name, i.id IN ({harmless}), ({vehicles}), ({agencies})
    FROM incidents_incident i LEFT JOIN incidents_launchsite s ON s.id = i.site_id
    WHERE i.id IN ({ids})
    ORDER BY i.date DESC, i.id"""
# What a row of incidents (rendering.incident_row) and "What happened next" show.
_ROW_FIELDS = [
    field
    for field in Incident._meta.concrete_fields
    if field.attname
    in {"id", "title", "slug", "date", "date_precision", "site_id", "flight_phase", "outcome"}
    | {"kind", "fatalities"}
]


def _family_rows(
    incident: Incident, family_ids: list[int], limit: int
) -> list[tuple[Incident, bool]]:
    """The family neighbours' rows, with their site and the names of their vehicles and
    agencies, newest first; each with whether it is a harmless pad abort. Written out rather
    than built by the ORM: building these subqueries took several times as long as running
    them."""
    family = _OF_THE_FAMILY.format(families=", ".join(["%s"] * len(family_ids)))
    family_params = [Incident.Status.PUBLISHED.value, incident.pk, *family_ids]
    harmless, harmless_params = _harmless_pad_aborts_sql()
    peers, peers_params = "", []
    if not incident.is_harmless_pad_abort:
        # A countdown stopped on the pad with nothing lost is no peer of a lost crew: such
        # aborts are related to one another only.
        peers, peers_params = f"AND i.id NOT IN ({harmless})", list(harmless_params)
    sql = _NEIGHBOUR_ROWS.format(
        columns=", ".join(f"i.{field.column}" for field in _ROW_FIELDS),
        harmless=harmless,
        vehicles=_names_sql(_VEHICLE_NAMES),
        agencies=_names_sql(_AGENCY_NAMES),
        ids=_NEIGHBOUR_IDS.format(family=family, peers=peers),
    )
    params = [
        *harmless_params,
        *family_params,
        *peers_params,
        limit,
        *family_params,
        incident.date,
        *family_params,
        incident.date,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [_family_row(values) for values in cursor.fetchall()]


_ROW_NAMES = [field.attname for field in _ROW_FIELDS]
_NAME_LIST = NameList()  # one field to read the rows' names with, not one a row


def _family_row(values: tuple) -> tuple[Incident, bool]:
    count = len(_ROW_NAMES)
    row = Incident.from_db(connection.alias, _ROW_NAMES, values[:count])
    site_name, harmless, vehicles, agencies = values[count:]
    if row.site_id is not None:
        row.site = LaunchSite.from_db(connection.alias, ["id", "name"], [row.site_id, site_name])
    as_list = _NAME_LIST.from_db_value
    # what rendering.incident_row names, as an annotation would give it
    row.row_vehicle_names = as_list(vehicles, None, connection)  # type: ignore[attr-defined]
    row.row_agency_names = as_list(agencies, None, connection)  # type: ignore[attr-defined]
    return row, bool(harmless)


def _names_sql(source: str) -> str:
    """The names `source` ("FROM ... WHERE ...", as `v`) selects, as one value per row:
    PostgreSQL's array in name order, SQLite's joined (NameList sorts them)."""
    if connection.vendor == "postgresql":
        return f"ARRAY(SELECT v.name {source} ORDER BY v.name)"
    return f"SELECT GROUP_CONCAT(v.name, char({ord(NAME_SEPARATOR)})) {source}"


def _harmless_pad_aborts_sql() -> tuple[str, tuple]:
    """IncidentQuerySet.harmless_pad_aborts' ids as SQL, built once per database."""
    return _compiled_harmless(connection.vendor)


@functools.cache
def _compiled_harmless(vendor: str) -> tuple[str, tuple]:
    return Incident.objects.harmless_pad_aborts().order_by().values("pk").query.sql_with_params()


def articles_mentioning(mission: Mission, *, limit: int = 20) -> list:
    """Imported articles that name the mission (through the articles app's reverse relation)."""
    seen: dict[int, Model] = {}
    mentions = mission.mention_set.public().select_related("article").order_by("article_id")
    for mention in mentions[:200]:
        seen.setdefault(mention.article_id, mention.article)
    return list(seen.values())[:limit]


@dataclass(frozen=True)
class YearCount:
    year: int
    launches: int
    failures: int  # Outcome.FAILURES: launch failures and pad explosions
    partial_failures: int


def yearly_record(*, missions) -> list[YearCount]:
    """Launches and failures per year for a set of missions, in one query."""
    rows = (
        missions.exclude(launch_date=None)
        .annotate(year=ExtractYear("launch_date"))
        .values("year")
        .order_by("year")
        .annotate(
            launches=Count("pk", distinct=True),
            failures=Count("pk", distinct=True, filter=Q(outcome__in=Outcome.FAILURES)),
            partial_failures=Count("pk", distinct=True, filter=Q(outcome=Outcome.PARTIAL_FAILURE)),
        )
    )
    return [YearCount(r["year"], r["launches"], r["failures"], r["partial_failures"]) for r in rows]


def incident_search_names(incident: Incident) -> str:
    """Every name and alias of what the incident involves, one per line, for search: mission,
    spacecraft series, vehicles and their families, agencies, launch site."""
    mission = incident.mission
    related: list[Named | None] = [mission, mission.spacecraft if mission else None]
    for vehicle in incident.vehicles.all():
        related += [vehicle, vehicle.family]
    related += [*incident.agencies.all(), incident.site]
    names = [name for obj in related if obj is not None for name in obj.all_names()]
    return "\n".join(dict.fromkeys(name for name in names if name))


def incidents_naming(obj) -> list[int]:
    """The incidents whose search names include this agency, vehicle (or spacecraft series),
    family, site or mission."""
    if isinstance(obj, VehicleFamily):
        related = Incident.objects.filter(vehicles__family=obj)
    elif isinstance(obj, Vehicle):
        related = Incident.objects.filter(Q(vehicles=obj) | Q(mission__spacecraft=obj))
    else:
        related = obj.incidents.all()
    return list(related.values_list("pk", flat=True).distinct())


def incident_link_ids(incident: Incident) -> tuple[str, str, str]:
    """The ids of the vehicle families, of the agencies and of the vehicles (its own, and its
    mission's spacecraft series) that search files the incident under, to filter by a name
    read in the query and to count facets; each space-separated in ascending order."""
    vehicles = incident.vehicles.all()
    families = {vehicle.family_id for vehicle in vehicles if vehicle.family_id}
    agencies = {agency.pk for agency in incident.agencies.all()}
    vehicle_ids = {vehicle.pk for vehicle in vehicles}
    if incident.mission and incident.mission.spacecraft_id:
        vehicle_ids.add(incident.mission.spacecraft_id)
    families_text, agencies_text, vehicles_text = (
        " ".join(map(str, sorted(ids))) for ids in (families, agencies, vehicle_ids)
    )
    return families_text, agencies_text, vehicles_text


LINK_ID_FIELDS = ("family_ids", "agency_ids", "vehicle_ids")


def refresh_search_names(incident_ids: Iterable[int] | None = None) -> int:
    """Rewrite what search reads of these incidents (all when None) where it changed: their
    names (`Incident.search_names`) and the ids of their vehicle families, agencies and
    vehicles; return how many changed. Call after changing an incident's mission, vehicles,
    agencies or site, or the names of those, a vehicle's family or a mission's spacecraft
    series."""
    incidents = Incident.objects.select_related("mission__spacecraft", "site").prefetch_related(
        "vehicles__family", "agencies"
    )
    if incident_ids is not None:
        incidents = incidents.filter(pk__in=list(incident_ids))
    changed = []
    for incident in incidents.order_by("pk").iterator(chunk_size=2000):
        names = incident_search_names(incident)
        link_ids = incident_link_ids(incident)
        stored = tuple(getattr(incident, name) for name in LINK_ID_FIELDS)
        if (names, link_ids) != (incident.search_names, stored):
            incident.search_names = names
            for name, ids in zip(LINK_ID_FIELDS, link_ids, strict=True):
                setattr(incident, name, ids)
            changed.append(incident)
    Incident.objects.bulk_update(
        changed, ["search_names", *LINK_ID_FIELDS], batch_size=SEARCH_NAMES_BATCH
    )
    if changed:
        data_version.bump()  # what search finds changed, and a bulk update sends no signal
    return len(changed)


def recount_sources(incident_ids: Iterable[int] | None = None) -> int:
    """Write the source and mention counts kept on these incidents (all, for None) as their
    citations give them (`IncidentQuerySet.source_counts`), RECOUNT_BATCH incidents at a
    time: their rows locked, one grouped query, one bulk update; an incident no public
    citation names gets 0. The writes of citations and of articles' review call it
    (articles.source_counts), in their transaction; a bulk update sends no signal, and they
    bump the data version themselves. Returns how many incidents were recounted.

    The lock makes concurrent writes count one after the other: a transaction that cites an
    incident another has just recounted waits for it to commit, then counts what it
    committed too (READ COMMITTED reads anew each statement), instead of writing a count
    that leaves the other's citation out. (FOR NO KEY UPDATE: the citations' foreign key
    checks take KEY SHARE locks on the incident, which it does not wait for.)"""
    if incident_ids is None:
        ids = list(Incident.objects.order_by("pk").values_list("pk", flat=True))
    else:
        ids = sorted(set(incident_ids))
    with transaction.atomic(savepoint=False):
        for first in range(0, len(ids), RECOUNT_BATCH):
            _recount(ids[first : first + RECOUNT_BATCH])
    return len(ids)


def _recount(ids: list[int]) -> None:
    incidents = Incident.objects.filter(pk__in=ids)
    list(incidents.select_for_update(no_key=True).order_by("pk").values_list("pk"))
    counts = incidents.source_counts()
    rows = [Incident(pk=pk) for pk in ids]
    for row in rows:
        row.reported_by_count, row.mentioned_by_count = counts.get(row.pk, (0, 0))
    Incident.objects.bulk_update(rows, KEPT_COUNTS)


def open_draft_incident(mission: Mission, *, kind: str) -> tuple[Incident, bool]:
    """The mission's incident, and whether it is new: a draft for editors to check and
    publish, unless another process (an import running at the same time) has just made one."""
    for _ in range(DRAFT_ATTEMPTS):
        try:
            with transaction.atomic():
                return _new_draft_incident(mission, kind=kind), True
        except IntegrityError:
            # Another import's draft for this mission (one per mission), or its slug: once
            # that import commits, its incident is used, or the next free slug is taken.
            existing = Incident.objects.filter(mission=mission).first()
            if existing is not None:
                return existing, False
    raise IntegrityError(f"no free slug for a draft incident of {mission.name}")


def _new_draft_incident(mission: Mission, *, kind: str) -> Incident:
    """An event the catalog does not list. A failure after a good launch (a leak in orbit, a
    loss on re-entry) keeps the launch's own outcome."""
    after_launch = kind not in (IncidentKind.LAUNCH, IncidentKind.PAD)
    label = "in-flight failure" if after_launch else "failure"
    if kind == IncidentKind.REENTRY:
        label = "loss on the way down"
    year = mission.launch_date.year if mission.launch_date else ""
    source = f"{mission.name} {label} {year}"
    taken = set(
        Incident.objects.filter(slug__startswith=slugify(source)[:200]).values_list(
            "slug", flat=True
        )
    )
    incident = Incident.objects.create(
        slug=unique_slug(source, None, taken),
        title=f"{mission.name} {label}",
        date=mission.launch_date or timezone.now().date(),
        mission=mission,
        site=mission.site,
        kind=kind,
        outcome=mission.outcome if after_launch else Outcome.FAILURE,
        status=Incident.Status.DRAFT,
        origin=Incident.Origin.IMPORT,
    )
    if mission.vehicle_id:
        incident.vehicles.add(mission.vehicle_id)
    incident.agencies.set(mission.agencies.all())
    refresh_search_names([incident.pk])
    return incident
