"""The incident list's filter menus: every vehicle, family, agency and site with a published
incident, cached.

Working a menu out means an EXISTS probe per vehicle or agency; at 100,000 incidents the four
menus cost more than the rest of the list page, and they rarely change. So each menu is kept in
Django's cache with its options already written as HTML, and forgotten whenever an incident,
its links or a name changes in this process (signals, connected in apps.py) and after
MENU_CACHE_SECONDS in the others. A slug the cached menu does not know is looked up again
before it is refused, so a stale menu never turns a good link away.
"""

from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.html import format_html, format_html_join

from incidents.models import Agency, Incident, LaunchSite, Vehicle, VehicleFamily

PUBLISHED = Incident.Status.PUBLISHED


@dataclass(frozen=True)
class MenuEntry:
    pk: int
    slug: str
    name: str

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


def _through_exists(relation, **lookups) -> Exists:
    return Exists(relation.through.objects.filter(incident__status=PUBLISHED, **lookups))


class Menu:
    def __init__(self, key: str, model, has_published_incident: Exists):
        self.key = f"incidents:menu:{key}"
        self.model = model
        self.has_published_incident = has_published_incident

    def options(self) -> MenuOptions:
        options = cache.get(self.key)
        if options is None:
            options = self.refresh()
        return options

    def refresh(self) -> MenuOptions:
        rows = (
            self.model.objects.filter(self.has_published_incident)
            .order_by("name")
            .values_list("pk", "slug", "name")
        )
        entries = tuple(MenuEntry(*row) for row in rows)
        html = format_html_join(
            "", '<option value="{}">{}</option>', ((e.slug, e.name) for e in entries)
        )
        options = MenuOptions(entries, str(html))
        cache.set(self.key, options, settings.MENU_CACHE_SECONDS)
        return options

    def find(self, slug: str) -> MenuEntry | None:
        """The entry for `slug`, asking the database again if the cached menu lacks it."""
        entry = self.options().by_slug.get(slug)
        if entry is None:
            entry = self.refresh().by_slug.get(slug)
        return entry

    def render_options(self, selected: str | None, empty_label: str) -> str:
        html = self.options().html
        if selected:
            plain = str(format_html('<option value="{}">', selected))
            html = html.replace(plain, plain[:-1] + " selected>", 1)
        return str(format_html('<option value="">{}</option>', empty_label)) + html


VEHICLES = Menu("vehicles", Vehicle, _through_exists(Incident.vehicles, vehicle_id=OuterRef("pk")))
FAMILIES = Menu(
    "families",
    VehicleFamily,
    _through_exists(Incident.vehicles, vehicle__family_id=OuterRef("pk")),
)
AGENCIES = Menu("agencies", Agency, _through_exists(Incident.agencies, agency_id=OuterRef("pk")))
SITES = Menu(
    "sites", LaunchSite, Exists(Incident.objects.filter(site_id=OuterRef("pk"), status=PUBLISHED))
)
ALL = (VEHICLES, FAMILIES, AGENCIES, SITES)


def forget() -> None:
    """Drop the cached menus now, and again when the current transaction commits, so no
    request in between can cache what the transaction is about to change."""
    _delete()
    transaction.on_commit(_delete)


def _delete() -> None:
    cache.delete_many([menu.key for menu in ALL])


def connect_signals() -> None:
    from django.db.models.signals import m2m_changed, post_delete, post_save

    def changed(sender, **kwargs):
        forget()

    for model in (Incident, Vehicle, VehicleFamily, Agency, LaunchSite):
        post_save.connect(changed, sender=model, dispatch_uid=f"menus-save-{model.__name__}")
        post_delete.connect(changed, sender=model, dispatch_uid=f"menus-delete-{model.__name__}")
    for through in (Incident.vehicles.through, Incident.agencies.through):
        m2m_changed.connect(changed, sender=through, dispatch_uid=f"menus-m2m-{through.__name__}")
