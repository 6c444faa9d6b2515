from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Prefetch
from django.forms.models import BaseInlineFormSet
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from articles.admin_review import ReviewDeskAdmin
from articles.forms import AddressesForm, ImportForm
from articles.importer import Overrides
from articles.inputs import files_from_uploads
from articles.models import Article, Citation, Fact, Feed, ImportedFile, ImportRun, Mention
from articles.source_counts import recounted_at_end
from articles.tasks import queue_files, resume_stalled
from articles.web.pages import fetcher
from articles.web.queue import queue_addresses
from articles.web.refetch import fetch_again
from incidents import data_version
from incidents.admin import ISO_DATES, IncidentAdmin
from incidents.models import Incident
from incidents.versioning import VersionCheckedAdmin, VersionCheckedInline

INLINE_ROWS = 50  # rows of links an inline shows; the rest are in their own list
WEB_ADDRESSES: dict = {models.URLField: {"assume_scheme": "https"}}
FETCH_AGAIN_AT_MOST = 20  # articles one "Fetch again" fetches while the editor waits


class FirstRowsFormSet(BaseInlineFormSet):
    """An inline of the first INLINE_ROWS rows in the inline's order: an article may have
    thousands of mentions, and a form with all of them would be too slow to open and too
    large to post."""

    def get_queryset(self):
        if not hasattr(self, "_first_rows"):
            self._first_rows = super().get_queryset()[:INLINE_ROWS]
        return self._first_rows


class CitationInline(VersionCheckedInline, admin.TabularInline):
    model = Citation
    formset = FirstRowsFormSet
    extra = 0
    ordering = ["confidence", "pk"]
    fields = ["incident", "article", "supports", "start", "end", "quote", "confidence"]
    autocomplete_fields = ["incident", "article"]
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("incident", "article")


class MentionInline(VersionCheckedInline, admin.TabularInline):
    """What the importer linked, least certain first: confirm here, correct a link on the
    mention's own page (its change link)."""

    model = Mention
    formset = FirstRowsFormSet
    extra = 0
    ordering = ["confirmed", "confidence", "start"]
    fields = ["kind", "text", "start", "linked_to", "confidence", "confirmed"]
    readonly_fields = ["kind", "text", "start", "linked_to", "confidence"]
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*LINKED_FIELDS)

    def has_add_permission(self, request, obj=None):
        return False  # a mention is the importer's finding; editors correct or delete it

    @admin.display(description="Linked to")
    def linked_to(self, mention):
        if mention.kind == Mention.Kind.DATE:
            return f"{mention.date} ({mention.get_date_precision_display().lower()})"
        return next((str(getattr(mention, f)) for f in LINKED_FIELDS if getattr(mention, f)), "")


LINKED_FIELDS = ["mission", "vehicle", "family", "agency", "site"]


class FactInline(VersionCheckedInline, admin.TabularInline):
    """An incident's facts, to confirm, correct or reject where the incident is edited."""

    model = Fact
    formset = FirstRowsFormSet
    extra = 0
    ordering = ["kind", "pk"]
    fields = ["kind", "value", "si_value", "si_low", "si_high", "said_by", "status", "citation"]
    raw_id_fields = ["citation"]


def rows_overview(count: int, noun: str, listed: str, changelist: str, lookup: str) -> str:
    """“300 mentions: the 50 least certain are listed below. Review all 300 →”"""
    url = f"{reverse(changelist)}?{lookup}"
    if count <= INLINE_ROWS:
        return format_html('{} {} (<a href="{}">in their own list</a>)', count, noun, url)
    return format_html(
        '{} {}: the {} {} are listed below. <a href="{}">Review all {} {}</a>',
        count,
        noun,
        INLINE_ROWS,
        listed,
        url,
        count,
        noun,
    )


class RecountsOnceAfterDeleting:
    """Deleting a record (an incident, an article, a citation), or many with the list's action,
    recounts the incidents of the citations that go with them once, in its transaction,
    rather than once a citation (articles.source_counts)."""

    def delete_model(self, request, obj):
        with transaction.atomic(), recounted_at_end():
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic(), recounted_at_end():
            super().delete_queryset(request, queryset)


class IncidentWithCitationsAdmin(RecountsOnceAfterDeleting, IncidentAdmin):
    """The incident admin, with its citations and facts inline (articles may depend on
    incidents)."""

    inlines = [FactInline, CitationInline]
    readonly_fields = [*IncidentAdmin.readonly_fields, "citations_overview"]
    fieldsets = [
        *IncidentAdmin.fieldsets,
        ("Sources cited", {"fields": ["citations_overview"]}),
    ]

    @admin.display(description="Citations")
    def citations_overview(self, incident):
        return rows_overview(
            incident.citations.count(),
            "citations",
            "least certain",
            "admin:articles_citation_changelist",
            f"incident__id__exact={incident.pk}",
        )


admin.site.unregister(Incident)
admin.site.register(Incident, IncidentWithCitationsAdmin)


@admin.register(Article)
class ArticleAdmin(
    RecountsOnceAfterDeleting, ReviewDeskAdmin, VersionCheckedAdmin, SimpleHistoryAdmin
):
    list_display = [
        "title",
        "publisher",
        "published",
        "kind_short",
        "review_state",
    ]
    list_filter = ["needs_review", "kind", "publisher", "source_format"]
    search_fields = ["title", "publisher", "url", "sha256", "filename"]
    date_hierarchy = "published_on"
    readonly_fields = [
        "sha256",
        "raw_text",
        "body",
        "source_format",
        "filename",
        "import_run",
        "created_at",
        "links_overview",
    ]
    inlines = [CitationInline, MentionInline]
    actions = ["confirm_links", "fetch_pages_again"]
    formfield_overrides: dict = {**ISO_DATES, models.URLField: {"assume_scheme": "https"}}
    change_list_template = "admin/articles/article/change_list.html"
    change_form_template = "admin/articles/article/change_form.html"
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "publisher",
                    "author",
                    "published_on",
                    "url",
                    "kind",
                    "needs_review",
                    "review_reason",
                ]
            },
        ),
        ("Links the importer made", {"fields": ["links_overview"]}),
        ("Text", {"fields": ["body", "raw_text"]}),
        (
            "Provenance",
            {"fields": ["sha256", "source_format", "filename", "import_run", "created_at"]},
        ),
    ]

    @admin.display(description="Review", ordering="needs_review")
    def review_state(self, article):
        """In words, not the admin's tick (which read as “all is well” beside “needs review”),
        linked to the article's review desk; the importer's reasons show on hover (and on the
        desk), so the title keeps the row's room."""
        state, words = (
            ("needs-review", "Needs review") if article.needs_review else ("reviewed", "Reviewed")
        )
        return format_html(
            '<a class="review-state {}" href="{}" title="{}">{}</a>',
            state,
            reverse("admin:articles_article_review", args=[article.pk]),
            article.review_reason or "Open the review desk",
            words,
        )

    @admin.display(description="Published", ordering="published_on")
    def published(self, article):
        """YYYY-MM-DD under a one-word heading: a narrow column."""
        return article.published_on.isoformat() if article.published_on else "–"

    @admin.display(description="Kind", ordering="kind")
    def kind_short(self, article):
        """One word, so the column stays narrow and the title gets the room."""
        return KIND_WORDS.get(article.kind, article.kind)

    @admin.display(description="Links")
    def links_overview(self, article):
        mentions = rows_overview(
            article.mentions.count(),
            "mentions",
            "least certain",
            "admin:articles_mention_changelist",
            f"article__id__exact={article.pk}",
        )
        citations = rows_overview(
            article.citations.count(),
            "citations",
            "least certain",
            "admin:articles_citation_changelist",
            f"article__id__exact={article.pk}",
        )
        return format_html("{}<br>{}", mentions, citations)

    def get_urls(self):
        extra = [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="articles_article_import",
            ),
            path(
                "import/web/",
                self.admin_site.admin_view(self.import_addresses_view),
                name="articles_article_import_web",
            ),
            path(
                "import/<int:run_id>/",
                self.admin_site.admin_view(self.import_progress_view),
                name="articles_article_import_progress",
            ),
        ]
        return extra + self.review_urls() + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "review_count": Article.objects.filter(needs_review=True).count(),
        }
        return super().changelist_view(request, extra_context)

    @admin.action(
        description="Confirm the links of the selected articles (reviewed)", permissions=["change"]
    )
    def confirm_links(self, request, queryset):
        """Each article is saved on its own, so its history names the editor and the action."""
        ids = list(queryset.values_list("pk", flat=True))
        with transaction.atomic(), recounted_at_end():
            Mention.objects.filter(article_id__in=ids).update(confirmed=True)
            data_version.bump()  # an update sends no signal
            held = list(queryset.filter(needs_review=True).order_by("pk"))
            for article in held:
                article.needs_review, article.review_reason = False, ""
                article._change_reason = "Reviewed with the Articles list's action"
                article.save(update_fields=["needs_review", "review_reason"])
        reviewed = len(held)
        message = ngettext("%d article reviewed.", "%d articles reviewed.", reviewed) % reviewed
        self.message_user(request, message, messages.SUCCESS)

    @admin.action(
        description="Fetch the pages of the selected articles again", permissions=["change"]
    )
    def fetch_pages_again(self, request, queryset):
        """A changed page replaces the body and its links are redone; the history keeps the
        old text."""
        articles = list(queryset.order_by("pk")[: FETCH_AGAIN_AT_MOST + 1])
        if len(articles) > FETCH_AGAIN_AT_MOST:
            self.message_user(
                request,
                f"Select at most {FETCH_AGAIN_AT_MOST} articles to fetch again at a time.",
                messages.ERROR,
            )
            return
        with fetcher() as pages:
            done = [fetch_again(article, pages=pages) for article in articles]
        for outcome, level, words in (
            ("updated", messages.SUCCESS, "The page had changed; text and links updated"),
            ("unchanged", messages.INFO, "The page has not changed"),
        ):
            titles = [f"“{d.article}”" for d in done if d.outcome == outcome]
            if titles:
                self.message_user(request, f"{words}: {', '.join(titles)}.", level)
        for failed in (d for d in done if d.outcome == "failed"):
            self.message_user(
                request,
                f"“{failed.article}” was not fetched again: {failed.reason}.",
                messages.ERROR,
            )

    def import_addresses_view(self, request):
        """Addresses pasted by an editor, queued for the background worker, which fetches and
        imports them; the run's page shows each as it goes (as for uploads)."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = AddressesForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            run = queue_addresses(form.cleaned_data["addresses"], user=request.user)
            count = run.files.count()
            self.message_user(
                request,
                ngettext(
                    "%d address queued for import; this page shows how it goes.",
                    "%d addresses queued for import; this page shows how they go.",
                    count,
                )
                % count,
                messages.SUCCESS,
            )
            return redirect("admin:articles_article_import_progress", run.pk)
        context = {**self._context(request, "Import from web addresses"), "form": form}
        return TemplateResponse(request, "admin/articles/import_addresses.html", context)

    def import_view(self, request):
        """The upload form. The files are queued for a background worker and the editor is
        sent at once to the run's page, which shows each file's progress."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            form = ImportForm(request.POST, request.FILES)
            if form.is_valid():
                run = queue_files(
                    files_from_uploads(form.cleaned_data["files"]),
                    user=request.user,
                    overrides=Overrides(
                        publisher=form.cleaned_data["publisher"],
                        published_on=form.cleaned_data["published_on"],
                        url=form.cleaned_data["url"],
                    ),
                )
                waiting = run.files.filter(outcome=ImportedFile.Outcome.PENDING).count()
                if waiting:
                    self.message_user(
                        request,
                        ngettext(
                            "%d file queued for import; this page shows how it goes.",
                            "%d files queued for import; this page shows how they go.",
                            waiting,
                        )
                        % waiting,
                        messages.SUCCESS,
                    )
                else:
                    self.message_user(
                        request,
                        "Nothing to import: no article file could be read (the reasons are below).",
                        messages.WARNING,
                    )
                return redirect("admin:articles_article_import_progress", run.pk)
        else:
            form = ImportForm()
        context = {**self._context(request, "Import articles"), "form": form}
        return TemplateResponse(request, "admin/articles/import.html", context)

    def import_progress_view(self, request, run_id):
        """One run: each file as it is imported, what it linked, and (when the worker was
        stopped) a button to resume it."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        run = get_object_or_404(ImportRun, pk=run_id)
        if request.method == "POST" and "resume" in request.POST:
            if not self.has_add_permission(request):
                raise PermissionDenied
            resumed = resume_stalled([run])
            if resumed:
                self.message_user(request, "The import was resumed.", messages.SUCCESS)
            return redirect("admin:articles_article_import_progress", run.pk)
        files = run.files.select_related("article").prefetch_related(
            Prefetch(
                "article__citations",
                queryset=Citation.objects.select_related("incident").order_by("supports", "pk"),
            )
        )
        context = {
            **self._context(request, f"Import #{run.pk}"),
            "run": run,
            "rows": [_progress_row(row) for row in files],
            "waiting": run.files.filter(outcome=ImportedFile.Outcome.PENDING).count(),
            "refresh_seconds": PROGRESS_REFRESH_SECONDS
            if run.status != ImportRun.Status.FINISHED and not run.is_stalled
            else None,
        }
        return TemplateResponse(request, "admin/articles/import_results.html", context)

    def _context(self, request, title: str) -> dict:
        return {**self.admin_site.each_context(request), "opts": self.model._meta, "title": title}


PROGRESS_REFRESH_SECONDS = 3
KIND_WORDS = {Article.Kind.INCIDENT: "Incident", Article.Kind.ROUTINE: "Routine"}


def _progress_row(row: ImportedFile) -> dict:
    citations = list(row.article.citations.all()) if row.article else []
    reported = [c.incident for c in citations if c.supports == Citation.Supports.INCIDENT]
    return {
        "file": row,
        "incident": reported[0] if reported else None,
        "context": [c.incident for c in citations if c.supports == Citation.Supports.CONTEXT],
    }


@admin.register(Citation)
class CitationAdmin(RecountsOnceAfterDeleting, VersionCheckedAdmin, SimpleHistoryAdmin):
    list_display = ["incident", "article", "supports", "start", "end", "confidence"]
    list_filter = ["supports"]
    list_select_related = ["incident", "article"]
    search_fields = ["quote", "incident__title", "article__title"]
    autocomplete_fields = ["incident", "article"]


@admin.register(Mention)
class MentionAdmin(admin.ModelAdmin):
    list_display = ["text", "kind", "article", "start", "confidence", "confirmed"]
    list_editable = ["confirmed"]
    list_filter = ["kind", "confirmed"]
    ordering = ["article", "confirmed", "confidence", "start"]
    list_select_related = ["article"]
    search_fields = ["text", "article__title"]
    autocomplete_fields = ["article", "mission", "vehicle", "family", "agency", "site"]

    # Mentions send no signal when deleted (data_version.DELETED_IN_BULK).
    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        data_version.bump()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        data_version.bump()


class ImportedFileInline(admin.TabularInline):
    model = ImportedFile
    extra = 0
    readonly_fields = ("name", "outcome", "reason", "article", "seconds", "attempts")
    fields = readonly_fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    date_hierarchy = "started_at"
    list_display = [
        "__str__",
        "source",
        "state",
        "started_by",
        "created_count",
        "known_count",
        "failed_count",
    ]
    list_filter = ["source", "status"]
    readonly_fields = [
        "progress",
        "started_at",
        "finished_at",
        "started_by",
        "source",
        "status",
        "heartbeat_at",
        "created_count",
        "known_count",
        "failed_count",
        "publisher",
        "published_on",
        "url",
    ]
    inlines = [ImportedFileInline]
    actions = ["resume"]

    def has_add_permission(self, request):
        return False  # runs are made by importing articles

    def has_delete_permission(self, request, obj=None):
        return False  # the record of what was imported, kept for the audit trail

    @admin.display(description="State")
    def state(self, run):
        return run.state

    @admin.display(description="Progress")
    def progress(self, run):
        url = reverse("admin:articles_article_import_progress", args=[run.pk])
        return format_html('<a href="{}">Each file and what it linked</a>', url)

    @admin.action(description="Resume the selected imports that were stopped")
    def resume(self, request, queryset):
        resumed = resume_stalled(queryset)
        message = ngettext("%d import resumed.", "%d imports resumed.", len(resumed))
        self.message_user(request, message % len(resumed), messages.SUCCESS)


@admin.register(Fact)
class FactAdmin(VersionCheckedAdmin, SimpleHistoryAdmin):
    """Facts the importer found: editors confirm, correct (edit the value) or reject them."""

    list_display = ["incident", "kind", "value", "said_by", "status", "source_article"]
    list_filter = ["status", "kind"]
    list_select_related = ["incident", "citation__article"]
    search_fields = ["value", "said_by", "incident__title", "citation__article__title"]
    raw_id_fields = ["incident", "citation"]
    readonly_fields = ["passage"]
    actions = ["confirm", "reject"]

    @admin.display(description="Article")
    def source_article(self, fact):
        return fact.citation.article.title

    @admin.display(description="The passage")
    def passage(self, fact):
        return fact.citation.quote

    @admin.action(description="Confirm the selected facts", permissions=["change"])
    def confirm(self, request, queryset):
        self._set_status(request, queryset, Fact.Status.CONFIRMED, "confirmed")

    @admin.action(description="Reject the selected facts", permissions=["change"])
    def reject(self, request, queryset):
        self._set_status(request, queryset, Fact.Status.REJECTED, "rejected")

    def _set_status(self, request, queryset, status, word):
        """One save per fact, so each change is in its history under the editor's name (and
        an editor with an older form open is told who changed it)."""
        count = 0
        for fact in queryset.exclude(status=status):
            fact.status = status
            fact.save(update_fields=["status"])
            count += 1
        message = ngettext("%d fact %s.", "%d facts %s.", count) % (count, word)
        self.message_user(request, message, messages.SUCCESS)


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "address",
        "active",
        "last_checked_at",
        "last_error",
        "next_check_at",
    ]
    list_filter = ["active"]
    search_fields = ["title", "address"]
    readonly_fields = ["last_checked_at", "last_error", "etag", "last_modified", "created_at"]
    fields = ["address", "title", "active", "next_check_at", *readonly_fields]
    formfield_overrides = WEB_ADDRESSES
    actions = ["check_now"]

    @admin.action(description="Check the selected feeds at the next round", permissions=["change"])
    def check_now(self, request, queryset):
        count = queryset.update(next_check_at=None, active=True)
        message = ngettext(
            "%d feed will be checked by the worker within a minute.",
            "%d feeds will be checked by the worker within a minute.",
            count,
        )
        self.message_user(request, message % count, messages.SUCCESS)
