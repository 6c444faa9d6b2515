from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from articles.models import Article, Citation, ImportedFile, ImportRun, Mention
from incidents.admin import IncidentAdmin
from incidents.models import Incident


class CitationInline(admin.TabularInline):
    model = Citation
    extra = 0
    fields = ["incident", "article", "supports", "start", "end", "quote", "confidence"]
    autocomplete_fields = ["incident", "article"]
    show_change_link = True


class MentionInline(admin.TabularInline):
    model = Mention
    extra = 0
    fields = ["kind", "text", "start", "end", "mission", "vehicle", "family", "agency", "site",
              "confidence", "confirmed"]
    autocomplete_fields = ["mission", "vehicle", "family", "agency", "site"]


class IncidentWithCitationsAdmin(IncidentAdmin):
    """The incident admin, with its citations inline (articles may depend on incidents)."""

    inlines = [CitationInline]


admin.site.unregister(Incident)
admin.site.register(Incident, IncidentWithCitationsAdmin)


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):
    list_display = ["title", "publisher", "published_on", "kind", "needs_review", "created_at"]
    list_filter = ["kind", "needs_review", "publisher", "source_format"]
    search_fields = ["title", "publisher", "url", "sha256", "filename"]
    date_hierarchy = "published_on"
    readonly_fields = ["sha256", "raw_text", "source_format", "filename", "import_run",
                       "created_at"]
    inlines = [CitationInline, MentionInline]
    fieldsets = [
        (None, {"fields": ["title", "publisher", "author", "published_on", "url", "kind",
                           "needs_review"]}),
        ("Text", {"fields": ["body", "raw_text"]}),
        ("Provenance", {"fields": ["sha256", "source_format", "filename", "import_run",
                                   "created_at"]}),
    ]


@admin.register(Citation)
class CitationAdmin(SimpleHistoryAdmin):
    list_display = ["incident", "article", "supports", "start", "end", "confidence"]
    list_filter = ["supports"]
    list_select_related = ["incident", "article"]
    search_fields = ["quote", "incident__title", "article__title"]
    autocomplete_fields = ["incident", "article"]


@admin.register(Mention)
class MentionAdmin(admin.ModelAdmin):
    list_display = ["text", "kind", "article", "confidence", "confirmed"]
    list_filter = ["kind", "confirmed"]
    list_select_related = ["article"]
    search_fields = ["text", "article__title"]
    autocomplete_fields = ["article", "mission", "vehicle", "family", "agency", "site"]


class ImportedFileInline(admin.TabularInline):
    model = ImportedFile
    extra = 0
    fields = ["name", "outcome", "reason", "article"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = ["__str__", "source", "started_by", "created_count", "known_count",
                    "failed_count"]
    list_filter = ["source"]
    readonly_fields = ["started_at", "finished_at", "started_by", "source", "created_count",
                       "known_count", "failed_count"]
    inlines = [ImportedFileInline]
