from collections.abc import Callable

from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminDateWidget
from django.db import models
from django.utils.html import format_html
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from incidents import services
from incidents.models import Agency, Incident, LaunchSite, Mission, Vehicle, VehicleFamily
from incidents.versioning import VersionCheckedAdmin

DATE_FORMAT_HINT = "YYYY-MM-DD"


class IsoDateWidget(AdminDateWidget):
    """The admin's date box and calendar, with the one format dates take (see
    config/formats) written beside it, as the public filters and the import form do."""

    def render(self, name, value, attrs=None, renderer=None):
        box = super().render(name, value, attrs, renderer)
        return format_html('{}<span class="date-format">{}</span>', box, DATE_FORMAT_HINT)


ISO_DATES = {models.DateField: {"widget": IsoDateWidget}}


class RefreshesSearchAfterRevert:
    """simple_history's revert form saves a record and its links without `save_related`, and
    compares the form with the version restored rather than with the row, so what search reads
    of the incidents involved (before the revert and after) is refreshed here."""

    get_object: Callable[..., models.Model | None]  # the ModelAdmin's it is mixed into

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        posted = request.method == "POST"
        before = self.incidents_involved(request, object_id) if posted else []
        response = super().history_form_view(request, object_id, version_id, extra_context)
        if posted and response.status_code == 302:
            after = self.incidents_involved(request, object_id)
            services.refresh_search_names({*before, *after})
        return response

    def incidents_involved(self, request, object_id) -> list[int]:
        """The incidents whose search names or id lists the record is part of."""
        obj = self.get_object(request, object_id)  # None for an id that is not one
        return services.incidents_naming(obj) if obj is not None else []


class NamedAdmin(VersionCheckedAdmin, RefreshesSearchAfterRevert, SimpleHistoryAdmin):
    search_fields = ["name", "aliases", "slug"]
    formfield_overrides = ISO_DATES
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["catalog_values"]

    # The fields whose change alters what search reads of the record's incidents: their
    # search names, and the ids of families, agencies and vehicles it filters and counts by.
    searched_fields = {"name", "aliases"}

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and self.searched_fields & set(form.changed_data):
            services.refresh_search_names(services.incidents_naming(obj))

    def delete_model(self, request, obj):
        naming = services.incidents_naming(obj)
        super().delete_model(request, obj)
        services.refresh_search_names(naming)

    def delete_queryset(self, request, queryset):
        naming = {pk for obj in queryset for pk in services.incidents_naming(obj)}
        super().delete_queryset(request, queryset)
        services.refresh_search_names(naming)


@admin.register(Agency)
class AgencyAdmin(NamedAdmin):
    list_display = ["name", "short_name", "gcat_code", "country", "parent"]
    list_filter = ["country"]
    search_fields = [*NamedAdmin.search_fields, "short_name", "english_name", "gcat_code"]
    searched_fields = {*NamedAdmin.searched_fields, "short_name", "english_name", "native_name"}
    autocomplete_fields = ["parent"]


@admin.register(VehicleFamily)
class VehicleFamilyAdmin(NamedAdmin):
    list_display = ["name", "slug"]


@admin.register(Vehicle)
class VehicleAdmin(NamedAdmin):
    list_display = ["name", "family", "variant", "manufacturer", "gcat_name", "gcat_variant"]
    list_filter = ["family"]
    list_select_related = ["family", "manufacturer"]
    search_fields = [*NamedAdmin.search_fields, "gcat_name", "family__name"]
    searched_fields = {*NamedAdmin.searched_fields, "family"}
    autocomplete_fields = ["family", "manufacturer"]


@admin.register(LaunchSite)
class LaunchSiteAdmin(NamedAdmin):
    list_display = ["name", "short_name", "gcat_code", "country"]
    list_filter = ["country"]
    search_fields = [*NamedAdmin.search_fields, "short_name", "gcat_code"]


@admin.register(Mission)
class MissionAdmin(NamedAdmin):
    list_display = ["name", "launch_tag", "launch_date", "vehicle", "site", "outcome"]
    list_filter = ["outcome", "launch_date_precision"]
    list_select_related = ["vehicle", "site"]
    search_fields = [*NamedAdmin.search_fields, "launch_tag"]
    searched_fields = {*NamedAdmin.searched_fields, "spacecraft"}
    autocomplete_fields = ["vehicle", "site", "agencies"]
    date_hierarchy = "launch_date"


@admin.register(Incident)
class IncidentAdmin(VersionCheckedAdmin, RefreshesSearchAfterRevert, SimpleHistoryAdmin):
    list_display = ["title", "date", "date_precision", "outcome", "status", "origin", "mission"]
    list_filter = ["status", "origin", "kind", "outcome", "flight_phase", "date_precision"]
    list_select_related = ["mission"]
    search_fields = ["title", "slug", "summary", "mission__name", "mission__launch_tag"]
    autocomplete_fields = ["mission", "vehicles", "agencies", "site"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "date"
    formfield_overrides = ISO_DATES
    actions = ["publish", "unpublish"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "status", "origin"]}),
        ("When", {"fields": ["date", "date_precision"]}),
        (
            "What",
            {
                "fields": [
                    "kind",
                    "mission",
                    "vehicles",
                    "agencies",
                    "site",
                    "outcome",
                    "flight_phase",
                    "failed_system",
                ]
            },
        ),
        ("Human cost", {"fields": ["crew", "fatalities", "injuries"]}),
        ("Text and sources", {"fields": ["summary", "catalog_note", "sources"]}),
        ("Cited by", {"fields": ["reported_by_count", "mentioned_by_count"]}),
    ]
    readonly_fields = ["reported_by_count", "mentioned_by_count"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.refresh_search_names([form.instance.pk])

    def incidents_involved(self, request, object_id) -> list[int]:
        incident = self.get_object(request, object_id)
        return [incident.pk] if incident is not None else []

    @admin.action(description="Publish the selected incidents", permissions=["change"])
    def publish(self, request, queryset):
        self._set_status(request, queryset, Incident.Status.PUBLISHED, "published")

    @admin.action(description="Return the selected incidents to draft", permissions=["change"])
    def unpublish(self, request, queryset):
        self._set_status(request, queryset, Incident.Status.DRAFT, "returned to draft")

    def _set_status(self, request, queryset, status, verb):
        changed = 0
        for incident in queryset.exclude(status=status):
            incident.status = status
            incident.save(update_fields=["status", "updated_at"])
            changed += 1
        message = ngettext("%d incident %s.", "%d incidents %s.", changed) % (changed, verb)
        self.message_user(request, message, messages.SUCCESS)
