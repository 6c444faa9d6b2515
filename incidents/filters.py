"""The incident list's filters: every one lives in the URL, so a search can be shared."""

from typing import ClassVar

import django_filters
from django import forms
from django.core.exceptions import ImproperlyConfigured
from django.db.models import F, Q
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from incidents import menus
from incidents.catalog import FAILED_SYSTEMS
from incidents.models import (
    DatePrecision,
    FlightPhase,
    Incident,
    IncidentKind,
    IncidentQuerySet,
    Outcome,
)
from incidents.partial_dates import parse_partial_date

DATE_HELP = "2016, 2016-12 or 2016-12-01"


class MenuSelect(forms.Select):
    """A <select> whose options come ready-written (escaped) from the cached menu.

    Django's Select renders every option through its own template: with hundreds of vehicles
    and agencies that alone costs most of the list page's time.
    """

    def __init__(self, menu: menus.Menu, empty_label: str):
        super().__init__()
        self.menu = menu
        self.empty_label = empty_label

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        options = self.menu.render_options(str(value) if value else None, self.empty_label)
        return format_html("<select{}>{}</select>", flatatt(final_attrs), mark_safe(options))


class WrittenOnce:
    """A widget whose markup is written once per process for each state a page usually shows
    it in, then reused: an empty value or one of its fixed choices (another value, such as
    typed text, is written anew each time). Django writes a widget through its template
    engine, and the list's nine plain fields took a third of the list page's time."""

    KEPT = 2000  # markups at most, per process (names × choices × attrs: a few hundred)
    _written: ClassVar[dict[tuple, str]] = {}

    def render(self, name, value, attrs=None, renderer=None):
        key = self.state(name, value, attrs, renderer)
        if key is None:
            return super().render(name, value, attrs, renderer)
        markup = self._written.get(key)
        if markup is None:
            if len(self._written) >= self.KEPT:
                self._written.clear()
            markup = super().render(name, value, attrs, renderer)
            self._written[key] = markup
        return markup

    def state(self, name, value, attrs, renderer) -> tuple | None:
        """What the markup depends on, or None to write it anew."""
        if value not in (None, ""):
            return None
        return (type(self), name, tuple(sorted((attrs or {}).items())), type(renderer))


class WrittenOnceSelect(WrittenOnce, forms.Select):
    def state(self, name, value, attrs, renderer) -> tuple | None:
        choices = tuple((str(key), str(label)) for key, label in self.choices)
        chosen = self.format_value(value)
        if not set(chosen) <= {"", *(key for key, _ in choices)}:
            return None
        base = super().state(name, None, attrs, renderer)
        return None if base is None else (*base, choices, tuple(chosen))


class WrittenOnceTextInput(WrittenOnce, forms.TextInput):
    pass


class MenuChoiceField(forms.CharField):
    """A slug from one of the menus; cleans to its MenuEntry (pk, slug, name)."""

    default_error_messages = {
        "invalid_choice": "Select a valid choice. That choice is not one of the available choices."
    }

    def __init__(self, *, menu: menus.Menu, empty_label: str, **kwargs):
        kwargs.setdefault("widget", MenuSelect(menu, empty_label))
        super().__init__(**kwargs)
        self.menu = menu

    def clean(self, value):
        slug = super().clean(value)
        if not slug:
            return None
        entry = self.menu.find(slug)
        if entry is None:
            message = self.error_messages["invalid_choice"]
            raise forms.ValidationError(message, code="invalid_choice")
        return entry


@extend_schema_field(OpenApiTypes.STR)  # (for the API's schema: a slug)
class MenuFilter(django_filters.Filter):
    """Takes `menu` and `empty_label`, handed on to its MenuChoiceField."""

    field_class = MenuChoiceField


class PartialDateField(forms.CharField):
    """Accepts 2016, 2016-12 or 2016-12-01 and cleans to the (first, last) day it covers."""

    widget = WrittenOnceTextInput

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        try:
            return parse_partial_date(value)
        except ValueError as error:
            # The reason quotes the input: a parameter, never the template, since django-filter
            # %-formats the message for the API ("%" typed into a date was a TypeError).
            raise forms.ValidationError(
                "%(reason)s", code="invalid", params={"reason": str(error)}
            ) from error


@extend_schema_field(OpenApiTypes.STR)  # (for the API's schema: 2016, 2016-12 or 2016-12-01)
class PartialDateFilter(django_filters.Filter):
    field_class = PartialDateField

    def __init__(self, *args, end: str, **kwargs):
        self.end = end
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        first, last = value
        if self.end == "from":
            # An incident known only to its month or year counts if that period reaches `first`.
            return qs.filter(
                Q(date__gte=first)
                | Q(date_precision=DatePrecision.MONTH, date__gte=first.replace(day=1))
                | Q(date_precision=DatePrecision.YEAR, date__year__gte=first.year)
            )
        return qs.filter(date__lte=last)


class IncidentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_text", label="Words", widget=WrittenOnceTextInput)
    vehicle = MenuFilter(
        menu=menus.VEHICLES, method="filter_linked", label="Vehicle", empty_label="Any vehicle"
    )
    family = MenuFilter(
        menu=menus.FAMILIES,
        method="filter_linked",
        label="Vehicle family",
        empty_label="Any family",
    )
    agency = MenuFilter(
        menu=menus.AGENCIES, method="filter_linked", label="Agency", empty_label="Any agency"
    )
    site = MenuFilter(
        menu=menus.SITES, method="filter_linked", label="Launch site", empty_label="Any site"
    )
    outcome = django_filters.ChoiceFilter(
        choices=[c for c in Outcome.choices if c[0] != Outcome.SUCCESS],
        empty_label="Any outcome",
        widget=WrittenOnceSelect,
    )
    kind = django_filters.ChoiceFilter(
        choices=IncidentKind.choices,
        empty_label="Any kind",
        label="What happened",
        widget=WrittenOnceSelect,
    )
    fatal = django_filters.ChoiceFilter(
        choices=[("yes", "People were killed"), ("no", "Nobody was killed")],
        method="filter_fatal",
        empty_label="Any",
        label="Fatalities",
        widget=WrittenOnceSelect,
    )
    phase = django_filters.ChoiceFilter(
        field_name="flight_phase",
        choices=[c for c in FlightPhase.choices if c[0] != FlightPhase.UNKNOWN],
        empty_label="Any phase",
        label="Flight phase",
        widget=WrittenOnceSelect,
    )
    cause = django_filters.ChoiceFilter(
        field_name="failed_system",
        choices=[(system, system.capitalize()) for system in FAILED_SYSTEMS],
        empty_label="Any cause",
        label="What failed",
        widget=WrittenOnceSelect,
    )
    date_from = PartialDateFilter(end="from", label="From", help_text=DATE_HELP)
    date_to = PartialDateFilter(end="to", label="To", help_text=DATE_HELP)
    sort = django_filters.ChoiceFilter(
        choices=[
            ("newest", "Newest first"),
            ("oldest", "Oldest first"),
            ("deadliest", "Most fatalities first"),
        ],
        method="sort_by",
        empty_label=None,
        label="Sort",
        widget=WrittenOnceSelect,
    )

    class Meta:
        model = Incident
        fields: list[str] = []

    # The Words box finds what the search page finds: the search app, which sits above
    # incidents, sets this when it is ready (search.filters).
    match_words: "ClassVar[staticmethod[[IncidentQuerySet, str], IncidentQuerySet] | None]" = None

    NOT_FILTERS = frozenset({"sort"})  # orders the rows; narrows nothing

    @property
    def set_count(self) -> int:
        """How many filters the request gives a value (sorting is not a filter)."""
        if not self.is_bound or self.data is None:
            return 0
        data = self.data
        return len(
            [
                name
                for name in self.filters
                if name not in self.NOT_FILTERS and str(data.get(name, "")).strip()
            ]
        )

    def filter_text(self, queryset, name, value):
        if self.match_words is None:
            raise ImproperlyConfigured("The Words box needs the search app in INSTALLED_APPS.")
        return self.match_words(queryset, value)

    def sort_by(self, queryset, name, value):
        if value == "oldest":
            return queryset.order_by("date", "title")
        if value == "deadliest":
            return queryset.order_by(F("fatalities").desc(nulls_last=True), "-date", "title")
        return queryset.order_by("-date", "title")

    def filter_fatal(self, queryset, name, value):
        if value == "yes":
            return queryset.filter(fatalities__gt=0)
        return queryset.exclude(fatalities__gt=0)

    def filter_linked(self, queryset, name, entry: menus.MenuEntry):
        """Site by its column; vehicle, family or agency through EXISTS (no join, so no
        duplicate rows to remove)."""
        if name == "site":
            return queryset.filter(site_id=entry.pk)
        links = {
            "vehicle": ("vehicles", "vehicle_id"),
            "family": ("vehicles", "vehicle__family_id"),
            "agency": ("agencies", "agency_id"),
        }
        relation, lookup = links[name]
        return queryset.linked(relation, **{lookup: entry.pk})
