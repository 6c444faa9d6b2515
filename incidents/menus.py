"""The incident list's filter menus: every vehicle, family, agency and site with a published
incident, cached.

Working a menu out means an EXISTS probe per vehicle or agency; at 100,000 incidents the four
menus cost more than the rest of the list page, and they rarely change. So each menu is kept in
Django's cache with its options already written as HTML, under the data version
(incidents/data_version.py), which every write that changes a menu changes. A slug the cached
menu does not know is looked up again before it is refused, so a menu never turns a good link
away.

Each process also holds the menus it last read, with the version they were read under: a page
asks the cache for the small version only (once per request), and unpickles a menu again only
when the version changed. Rows name their vehicles and agencies from the menus, so a page wants
a menu dozens of times.
"""

from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.core.cache import cache
from django.db.models import Exists, OuterRef, Subquery
from django.db.models.lookups import IsNull
from django.utils.html import format_html, format_html_join

from incidents import data_version
from incidents.models import Agency, Incident, LaunchSite, Vehicle, VehicleFamily

PUBLISHED = Incident.Status.PUBLISHED


@dataclass(frozen=True)
class MenuEntry:
    pk: int
    slug: str
    name: str
    umbrella_id: int | None = None  # agencies: the agency people name for this one

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class MenuOptions:
    entries: tuple[MenuEntry, ...]
    html: str  # every <option>, none selected

    @cached_property
    def by_slug(self) -> dict[str, MenuEntry]:
        return {entry.slug: entry for entry in self.entries}

    @cached_property
    def by_pk(self) -> dict[int, MenuEntry]:
        return {entry.pk: entry for entry in self.entries}

    @cached_property
    def position(self) -> dict[int, int]:
        """Each entry's place in the menu: in order of name, as the database sorts."""
        return {entry.pk: n for n, entry in enumerate(self.entries)}


def _has_published_link(relation, **lookups) -> IsNull:
    """True for a record linked to a published incident. A scalar subquery, tried once per
    record, stops at the first such link; PostgreSQL turns an EXISTS into a join that reads
    every link (the 192 agencies: 65 ms through 100,000 links, against 1 ms)."""
    links = relation.through.objects.filter(incident__status=PUBLISHED, **lookups)
    return IsNull(Subquery(links.values("incident_id")[:1]), False)


class Menu:
    def __init__(
        self,
        key: str,
        model,
        has_published_incident: Exists | IsNull,
        fields: tuple[str, ...] = ("pk", "slug", "name"),
    ):
        self.key = f"incidents:menu:{key}"
        self.model = model
        self.has_published_incident = has_published_incident
        self.fields = fields  # what a MenuEntry holds, in its order
        self.held: tuple[str, MenuOptions] | None = None  # this process's copy, and its version

    def __deepcopy__(self, memo):
        # One menu per process: django-filter deep-copies each filter's arguments for every
        # request, and must share the menu rather than copy every entry.
        return self

    def options(self) -> MenuOptions:
        version = data_version.current()
        held = self.held
        if held is not None and held[0] == version:
            return held[1]
        options = cache.get(self._key(version))
        if options is None:
            return self.refresh()
        self.held = (version, options)
        return options

    def _key(self, version: str) -> str:
        return f"{self.key}:{version}"

    def refresh(self) -> MenuOptions:
        version = data_version.current()  # read before the rows, so never newer than they are
        rows = (
            self.model.objects.filter(self.has_published_incident)
            .order_by("name")
            .values_list(*self.fields)
        )
        entries = tuple(MenuEntry(*row) for row in rows)
        html = format_html_join(
            "", '<option value="{}">{}</option>', ((e.slug, e.name) for e in entries)
        )
        options = MenuOptions(entries, str(html))
        cache.set(self._key(version), options, settings.MENU_CACHE_SECONDS)
        self.held = (version, options)
        return options

    def find(self, slug: str) -> MenuEntry | None:
        """The entry for `slug`, asking the database again if the cached menu lacks it."""
        entry = self.options().by_slug.get(slug)
        if entry is None:
            entry = self.refresh().by_slug.get(slug)
        return entry

    def named(self, pks) -> list[MenuEntry]:
        """The entries for these primary keys, in menu order. A key the cached menu lacks
        makes it read again, once; one still missing (a row linked only to unpublished
        incidents) is read on its own, after the others."""
        if not pks:
            return []
        options = self.options()
        if any(pk not in options.by_pk for pk in pks):
            options = self.refresh()
        found = sorted(
            (options.by_pk[pk] for pk in pks if pk in options.by_pk),
            key=lambda entry: options.position[entry.pk],
        )
        missing = [pk for pk in pks if pk not in options.by_pk]
        if missing:
            rows = self.model.objects.filter(pk__in=missing).order_by("name", "pk")
            found += [MenuEntry(*row) for row in rows.values_list(*self.fields)]
        return found

    def render_options(self, selected: str | None, empty_label: str) -> str:
        html = self.options().html
        if selected:
            plain = str(format_html('<option value="{}">', selected))
            html = html.replace(plain, plain[:-1] + " selected>", 1)
        return str(format_html('<option value="">{}</option>', empty_label)) + html


VEHICLES = Menu(
    "vehicles", Vehicle, _has_published_link(Incident.vehicles, vehicle_id=OuterRef("pk"))
)
FAMILIES = Menu(
    "families",
    VehicleFamily,
    _has_published_link(Incident.vehicles, vehicle__family_id=OuterRef("pk")),
)
AGENCIES = Menu(
    "agencies",
    Agency,
    _has_published_link(Incident.agencies, agency_id=OuterRef("pk")),
    fields=("pk", "slug", "name", "umbrella_id"),
)
SITES = Menu(
    "sites", LaunchSite, Exists(Incident.objects.filter(site_id=OuterRef("pk"), status=PUBLISHED))
)
ALL = (VEHICLES, FAMILIES, AGENCIES, SITES)


def row_vehicles(incident: Incident) -> list:
    """The vehicles a row of incidents names: from the ids `with_list_data` read in the
    row's own query, else from the database."""
    return _row_links(incident, "listed_vehicle_ids", VEHICLES, "vehicles")


def row_agencies(incident: Incident) -> list:
    """The agencies a row names: those people name, without their centres (NASA, not also
    its Johnson Space Center), which the incident's page gives as detail."""
    return [group.agency for group in agency_groups(row_all_agencies(incident))]


def row_all_agencies(incident: Incident) -> list:
    """Every agency a row links to, centres too (what the API gives), as `row_vehicles`."""
    return _row_links(incident, "listed_agency_ids", AGENCIES, "agencies")


@dataclass(frozen=True)
class AgencyGroup:
    agency: object  # an Agency or a MenuEntry
    units: tuple = ()  # its centres or branches among the listed agencies


def agency_groups(agencies) -> list[AgencyGroup]:
    """Listed agencies as people name them: each with the listed agencies it is the
    umbrella of (NASA, with its Johnson and Marshall centres), in the order given."""
    agencies = list(agencies)
    listed = {agency.pk for agency in agencies}
    units: dict[int, list] = {}
    for agency in agencies:
        if agency.umbrella_id in listed:
            units.setdefault(agency.umbrella_id, []).append(agency)
    return [
        AgencyGroup(agency, tuple(units.get(agency.pk, ())))
        for agency in agencies
        if agency.umbrella_id not in listed
    ]


def _row_links(incident: Incident, ids_attribute: str, menu: Menu, relation: str) -> list:
    ids = getattr(incident, ids_attribute, None)
    if ids is None:
        return list(getattr(incident, relation).all())
    return menu.named(ids)
