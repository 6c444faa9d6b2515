"""What an incident's page reads of the incident itself: the incident with its mission and
site in one query, its vehicles (with their families) and agencies in a second.

Written out rather than built by the ORM: the page is read on every request no cache answers,
and building its select_related query and two prefetches took longer than running them. The
columns come from the models, so that a new field is read too.
"""

from dataclasses import dataclass
from typing import TypeVar

from django.db import connection
from django.db.models import Field, Model

from incidents.models import (
    UNSHOWN,
    Agency,
    Incident,
    LaunchSite,
    Mission,
    Vehicle,
    VehicleFamily,
)

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class IncidentPage:
    """The published incident (its mission and site read with it) and its vehicles and
    agencies, each in name order; whether any article cites it or states a fact of it (most
    incidents have neither, and their pages need not look for them)."""

    incident: Incident
    vehicles: list[Vehicle]
    agencies: list[Agency]
    has_citations: bool
    has_facts: bool


def _shown_fields(model: type[Model], unshown: set[str]) -> list[Field]:
    return [field for field in model._meta.concrete_fields if field.attname not in unshown]


# The page shows neither GCAT's values nor the search text, nor the aliases and notes of the
# mission and site; the times of the incident's edits would need converting on SQLite.
_INCIDENT = _shown_fields(Incident, {*UNSHOWN, "created_at", "updated_at"})
_MISSION = _shown_fields(Mission, {"aliases", "catalog_values", "notes"})
_SITE = _shown_fields(LaunchSite, {"aliases", "catalog_values"})


def _table_of(relation: str) -> str:
    """The table of the articles app's model that reaches the incident as `relation`."""
    model = Incident._meta.get_field(relation).related_model
    assert model is not None and not isinstance(model, str)  # resolved: the apps are loaded
    return model._meta.db_table


# With whether the articles app has any citation or fact of the incident (its rows, public
# or not: its own rules choose what the page shows, in the page's queries of them).
_INCIDENT_SQL = """
    SELECT {columns},
        EXISTS (SELECT 1 FROM {citations} c WHERE c.incident_id = i.id),
        EXISTS (SELECT 1 FROM {facts} f WHERE f.incident_id = i.id)
    FROM incidents_incident i
    LEFT JOIN incidents_mission m ON m.id = i.mission_id
    LEFT JOIN incidents_launchsite s ON s.id = i.site_id
    WHERE i.slug = %s AND i.status = %s""".format(
    columns=", ".join(
        [f"i.{f.column}" for f in _INCIDENT]
        + [f"m.{f.column}" for f in _MISSION]
        + [f"s.{f.column}" for f in _SITE]
    ),
    citations=_table_of("citations"),
    facts=_table_of("facts"),
)

# Vehicles (0) with their families, then agencies (1), each by name as their menus order them.
_LINKS_SQL = """
    SELECT 0, v.id, v.name, v.slug, v.family_id, f.name, f.slug
    FROM incidents_incident_vehicles link
    JOIN incidents_vehicle v ON v.id = link.vehicle_id
    LEFT JOIN incidents_vehiclefamily f ON f.id = v.family_id
    WHERE link.incident_id = %s
    UNION ALL
    SELECT 1, a.id, a.name, a.slug, a.umbrella_id, NULL, NULL
    FROM incidents_incident_agencies link
    JOIN incidents_agency a ON a.id = link.agency_id
    WHERE link.incident_id = %s
    ORDER BY 1, 3, 2"""


def published_incident(slug: str) -> IncidentPage | None:
    """The published incident `slug` as its page shows it, in two queries; None if there
    is none."""
    with connection.cursor() as cursor:
        cursor.execute(_INCIDENT_SQL, [slug, Incident.Status.PUBLISHED.value])
        row = cursor.fetchone()
        if row is None:
            return None
        incident = _incident(row)
        cursor.execute(_LINKS_SQL, [incident.pk, incident.pk])
        links = cursor.fetchall()
    vehicles = [_vehicle(values) for kind, *values in links if kind == 0]
    agencies = [_agency(values) for kind, *values in links if kind == 1]
    cited, stated = row[-2:]
    return IncidentPage(incident, vehicles, agencies, bool(cited), bool(stated))


def _from_db(model: type[M], fields: list[Field], values) -> M:
    return model.from_db(connection.alias, [field.attname for field in fields], values)


def _incident(row: tuple) -> Incident:
    ends = len(_INCIDENT), len(_INCIDENT) + len(_MISSION)
    incident = _from_db(Incident, _INCIDENT, row[: ends[0]])
    if incident.mission_id is not None:
        incident.mission = _from_db(Mission, _MISSION, row[ends[0] : ends[1]])
    if incident.site_id is not None:
        incident.site = _from_db(LaunchSite, _SITE, row[ends[1] : -2])
    return incident


def _vehicle(values: list) -> Vehicle:
    pk, name, slug, family_id, family_name, family_slug = values
    vehicle = Vehicle.from_db(
        connection.alias, ["id", "name", "slug", "family_id"], [pk, name, slug, family_id]
    )
    if family_id is not None:
        vehicle.family = VehicleFamily.from_db(
            connection.alias, ["id", "name", "slug"], [family_id, family_name, family_slug]
        )
    return vehicle


def _agency(values: list) -> Agency:
    pk, name, slug, umbrella_id, _, _ = values
    return Agency.from_db(
        connection.alias, ["id", "name", "slug", "umbrella_id"], [pk, name, slug, umbrella_id]
    )
