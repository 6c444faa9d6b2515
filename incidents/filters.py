"""The incident list's filters: every one lives in the URL, so a search can be shared."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from incidents.models import Agency, Incident, LaunchSite, Outcome, Vehicle, VehicleFamily
from incidents.partial_dates import DatePrecision, parse_partial_date

DATE_HELP = "2016, 2016-12 or 2016-12-01"


PUBLISHED = Incident.Status.PUBLISHED


def _menu(model, has_published_incident: Exists):
    """Only what has a published incident. EXISTS stops at the first one, where a join with
    DISTINCT would read every incident (seconds at 100,000 incidents)."""
    return model.objects.filter(has_published_incident).only("pk", "name", "slug").order_by("name")


def _through_exists(relation, **lookups) -> Exists:
    return Exists(relation.through.objects.filter(incident__status=PUBLISHED, **lookups))


VEHICLE_MENU = _menu(Vehicle, _through_exists(Incident.vehicles, vehicle_id=OuterRef("pk")))
FAMILY_MENU = _menu(
    VehicleFamily, _through_exists(Incident.vehicles, vehicle__family_id=OuterRef("pk"))
)
AGENCY_MENU = _menu(Agency, _through_exists(Incident.agencies, agency_id=OuterRef("pk")))
SITE_MENU = _menu(
    LaunchSite, Exists(Incident.objects.filter(site_id=OuterRef("pk"), status=PUBLISHED))
)


class MenuSelect(forms.Select):
    """A <select> whose options are written directly, escaped by format_html.

    Django's Select renders every option through its own template: with hundreds of vehicles
    and agencies that alone costs most of the list page's time.
    """

    def render(self, name, value, attrs=None, renderer=None):
        selected = {str(v) for v in self.format_value(value)}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (str(key), mark_safe(" selected") if str(key) in selected else "", label)
                for key, label in self.choices
            ),
        )
        final_attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        return format_html("<select{}>{}</select>", flatatt(final_attrs), options)


class PartialDateField(forms.CharField):
    """Accepts 2016, 2016-12 or 2016-12-01 and cleans to the (first, last) day it covers."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        try:
            return parse_partial_date(value)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error


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
    q = django_filters.CharFilter(method="filter_text", label="Words")
    vehicle = django_filters.ModelChoiceFilter(
        queryset=VEHICLE_MENU,
        to_field_name="slug",
        method="filter_linked",
        label="Vehicle",
        empty_label="Any vehicle",
        widget=MenuSelect,
    )
    family = django_filters.ModelChoiceFilter(
        queryset=FAMILY_MENU,
        to_field_name="slug",
        method="filter_linked",
        label="Vehicle family",
        empty_label="Any family",
        widget=MenuSelect,
    )
    agency = django_filters.ModelChoiceFilter(
        queryset=AGENCY_MENU,
        to_field_name="slug",
        method="filter_linked",
        label="Agency",
        empty_label="Any agency",
        widget=MenuSelect,
    )
    site = django_filters.ModelChoiceFilter(
        queryset=SITE_MENU,
        to_field_name="slug",
        label="Launch site",
        empty_label="Any site",
        widget=MenuSelect,
    )
    outcome = django_filters.ChoiceFilter(
        choices=[c for c in Outcome.choices if c[0] != Outcome.SUCCESS], empty_label="Any outcome"
    )
    date_from = PartialDateFilter(end="from", label="From", help_text=DATE_HELP)
    date_to = PartialDateFilter(end="to", label="To", help_text=DATE_HELP)
    sort = django_filters.ChoiceFilter(
        choices=[("newest", "Newest first"), ("oldest", "Oldest first")],
        method="sort_by",
        empty_label=None,
        label="Sort",
    )

    class Meta:
        model = Incident
        fields: list[str] = []

    def filter_text(self, queryset, name, value):
        words = value.split()
        for word in words[:10]:
            queryset = queryset.filter(Q(title__icontains=word) | Q(summary__icontains=word))
        return queryset

    def sort_by(self, queryset, name, value):
        if value == "oldest":
            return queryset.order_by("date", "title")
        return queryset.order_by("-date", "title")

    def filter_linked(self, queryset, name, value):
        """Vehicle, family or agency through EXISTS: no join, so no duplicate rows to remove."""
        links = {
            "vehicle": (Incident.vehicles.through, {"vehicle": value}),
            "family": (Incident.vehicles.through, {"vehicle__family": value}),
            "agency": (Incident.agencies.through, {"agency": value}),
        }
        through, lookup = links[name]
        return queryset.filter(Exists(through.objects.filter(incident_id=OuterRef("pk"), **lookup)))
