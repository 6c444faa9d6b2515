"""The evidence: imported articles, what they mention, and the passages incidents cite."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from articles.pipeline.titles import publisher_from_address
from incidents.links import url_of
from incidents.models import (
    SURE_ENOUGH,
    Agency,
    DatePrecision,
    Incident,
    LaunchSite,
    Mission,
    Vehicle,
    VehicleFamily,
)

STALLED_AFTER = datetime.timedelta(minutes=5)  # several times the per-file time limit


class ImportRun(models.Model):
    """One batch of files, imported by the command or by a background worker (admin uploads).
    Counts grow file by file, in the transaction that writes each file's article, so a run
    that was stopped still says what it did."""

    class Source(models.TextChoices):
        ADMIN = "admin", "Admin upload"
        COMMAND = "command", "Command line"
        WEB = "web", "Admin: web addresses"
        FEED = "feed", "News feed"

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting for a worker"
        RUNNING = "running", "Importing"
        FINISHED = "finished", "Finished"
        INTERRUPTED = "interrupted", "Stopped before the end"

    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    source = models.CharField(max_length=10, choices=Source.choices)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.RUNNING)
    heartbeat_at = models.DateTimeField(
        null=True, blank=True, help_text="When the importer last started a file of this run."
    )
    created_count = models.PositiveIntegerField(default=0)
    known_count = models.PositiveIntegerField("already imported", default=0)
    failed_count = models.PositiveIntegerField(default=0)
    publisher = models.CharField(
        max_length=200, blank=True, help_text="Given for the whole batch; wins over the texts."
    )
    published_on = models.DateField(
        null=True, blank=True, help_text="Given for the whole batch; wins over the texts."
    )
    url = models.URLField(
        "source URL", max_length=500, blank=True, help_text="Given for the whole batch."
    )

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"Import #{self.pk} ({self.started_at:%Y-%m-%d %H:%M})"

    def get_absolute_url(self) -> str:
        return reverse("admin:articles_importrun_change", args=[self.pk])

    @property
    def is_stalled(self) -> bool:
        """Unfinished, and no file started for longer than any file may take: the process
        that ran it was stopped (a killed worker, an interrupted command)."""
        if self.status != self.Status.RUNNING:
            return False
        last_sign = self.heartbeat_at or self.started_at
        return timezone.now() - last_sign > STALLED_AFTER

    @property
    def state(self) -> str:
        if self.is_stalled:
            return "stopped before the end"
        return self.get_status_display()


class ImportedFile(models.Model):
    """One file of an import run and what became of it."""

    class Outcome(models.TextChoices):
        PENDING = "pending", "Waiting"
        CREATED = "created", "Created"
        KNOWN = "known", "Already imported"
        FAILED = "failed", "Failed"

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(max_length=500)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    reason = models.TextField(blank=True, help_text="Why the file failed, in plain words.")
    article = models.ForeignKey(
        "Article", null=True, blank=True, on_delete=models.SET_NULL, related_name="import_files"
    )
    data = models.BinaryField(
        null=True, editable=False, help_text="The uploaded bytes, kept until a worker reads them."
    )
    attempts = models.PositiveSmallIntegerField(
        default=0, help_text="How many times an importer started reading this file."
    )
    seconds = models.FloatField(null=True, blank=True, help_text="How long its import took.")

    class Meta:
        ordering = ["run", "pk"]
        indexes = [models.Index(fields=["run", "outcome"], name="importedfile_run_outcome_idx")]

    def __str__(self) -> str:
        return f"{self.name}: {self.get_outcome_display()}"


class ArticleQuerySet(models.QuerySet):
    def public(self):
        """Articles the public pages show: all but those that cite no incident and wait for
        an editor's review (see articles.importer.CITES_NOTHING); the review lets them out."""
        cites = Citation.objects.filter(article=models.OuterRef("pk"))
        return self.filter(Q(needs_review=False) | models.Exists(cites))


class Article(models.Model):
    class Kind(models.TextChoices):
        INCIDENT = "incident", "Reports an incident"
        ROUTINE = "routine", "Routine coverage"

    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200, blank=True)
    url = models.URLField("source URL", max_length=500, blank=True)
    author = models.CharField(max_length=200, blank=True)
    published_on = models.DateField(null=True, blank=True)
    raw_text = models.TextField(help_text="The text exactly as received; never modified.")
    body = models.TextField(help_text="Cleaned text. Citations point into it by offsets.")
    sha256 = models.CharField(
        "SHA-256", max_length=64, unique=True, help_text="Of the raw bytes: re-import is a no-op."
    )
    source_format = models.CharField(max_length=20, blank=True)
    filename = models.CharField(max_length=255, blank=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.ROUTINE)
    needs_review = models.BooleanField(
        default=False,
        db_index=True,
        help_text="The importer was unsure of a link, or found no incident for a failure report.",
    )
    review_reason = models.TextField(
        blank=True, help_text="Why the importer asks an editor to look, in plain words."
    )
    import_run = models.ForeignKey(
        ImportRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The body is kept in history: "Fetch again" replaces it, and the old version stays there.
    history = HistoricalRecords(excluded_fields=["raw_text"])

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "-created_at"]
        indexes = [models.Index(fields=["published_on"], name="article_published_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return url_of("articles:detail", self.pk)

    @property
    def publisher_name(self) -> str:
        """Who published it: the publisher, else the site of its web address ("cbc.ca")."""
        return self.publisher or publisher_from_address(self.url)


class MentionQuerySet(models.QuerySet):
    def public(self):
        """Links the public pages show: confirmed by an editor, or the importer was sure."""
        return self.filter(Q(confirmed=True) | Q(confidence__gte=SURE_ENOUGH))


def shown_citation(path: str = "") -> Q:
    """The rule for a citation the public pages show: the importer was sure, or an editor has
    reviewed the article (or wrote the citation: theirs have full confidence). `path` reaches
    the citation from another model ("citation__" from a fact)."""
    sure = Q(**{f"{path}confidence__gte": SURE_ENOUGH})
    return sure | Q(**{f"{path}article__needs_review": False})


class CitationQuerySet(models.QuerySet):
    def public(self):
        """Citations the public pages show (see shown_citation). The incidents app reaches
        this through `incident.citations`: it never writes the rule itself."""
        return self.filter(shown_citation())

    def reporting(self):
        """Citations of articles that report the incident: what happened, or a fact of it.
        An incident's "sources" are the articles of its public reporting citations, on every
        page, in the API and in the exports (IncidentQuerySet.with_source_count)."""
        return self.filter(supports__in=Citation.REPORTS)

    def in_passing(self):
        """Citations of past incidents an article mentions in passing: counted apart."""
        return self.filter(supports=Citation.Supports.CONTEXT)


class Mention(models.Model):
    """A name or date the importer found in an article body, and what it was linked to."""

    class Kind(models.TextChoices):
        MISSION = "mission", "Mission"
        VEHICLE = "vehicle", "Vehicle"
        FAMILY = "family", "Vehicle family"
        AGENCY = "agency", "Agency"
        SITE = "site", "Launch site"
        DATE = "date", "Date"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="mentions")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.CharField(max_length=200)
    mission = models.ForeignKey(Mission, null=True, blank=True, on_delete=models.CASCADE)
    vehicle = models.ForeignKey(Vehicle, null=True, blank=True, on_delete=models.CASCADE)
    family = models.ForeignKey(VehicleFamily, null=True, blank=True, on_delete=models.CASCADE)
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.CASCADE)
    site = models.ForeignKey(LaunchSite, null=True, blank=True, on_delete=models.CASCADE)
    date = models.DateField(
        null=True,
        blank=True,
        help_text="For a date mention: the day it resolves to (or the first "
        "day of its month or year, see precision). Relative dates ('on Thursday') are resolved "
        "against the article's date, else the linked mission's launch date.",
    )
    date_precision = models.CharField(max_length=5, choices=DatePrecision.choices, blank=True)
    confidence = models.FloatField(default=1.0)
    confirmed = models.BooleanField(default=False, help_text="An editor checked this link.")

    objects = MentionQuerySet.as_manager()

    class Meta:
        ordering = ["article", "start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="mention_span_not_empty"),
            models.CheckConstraint(
                condition=Q(confidence__gte=0, confidence__lte=1),
                name="mention_confidence_0_1",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.text} ({self.get_kind_display()})"

    @property
    def target(self):
        return self.mission or self.vehicle or self.family or self.agency or self.site


class Citation(models.Model):
    class Supports(models.TextChoices):
        INCIDENT = "incident", "What happened"
        CONTEXT = "context", "Mentioned in passing"
        FACT = "fact", "A fact (see its facts)"

    # What makes an article a source of the incident, rather than a passing mention.
    REPORTS = (Supports.INCIDENT, Supports.FACT)

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="citations")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="citations")
    start = models.PositiveIntegerField(help_text="Offset of the passage in the article body.")
    end = models.PositiveIntegerField()
    quote = models.TextField(help_text="The passage itself, as it stands in the body.")
    supports = models.CharField(max_length=10, choices=Supports.choices, default=Supports.INCIDENT)
    confidence = models.FloatField(default=1.0)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CitationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["incident", "supports", "article__published_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="citation_span_not_empty"),
            models.UniqueConstraint(
                fields=["incident", "article", "start", "end"], name="citation_unique_passage"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.article} → {self.incident}"

    def get_absolute_url(self) -> str:
        return f"{self.article.get_absolute_url()}#passage-{self.pk}"

    def clean(self):
        """The passage must lie inside the body, and the quote must be exactly that passage."""
        if self.article_id is None or self.start is None or self.end is None:
            return
        body = self.article.body
        if not 0 <= self.start < self.end <= len(body):
            raise ValidationError(
                {"end": f"The passage must lie within the article body (0 to {len(body)})."}
            )
        if self.quote != body[self.start : self.end]:
            raise ValidationError(
                {"quote": "The quote must be exactly the body's text between these offsets."}
            )


class FactQuerySet(models.QuerySet):
    def shown(self):
        """What public pages show: every fact an editor has not rejected."""
        return self.exclude(status=Fact.Status.REJECTED)

    def public(self):
        """Shown facts the public pages give a source for: confirmed by an editor, or cited
        to a passage the pages show (shown_citation). Reached as `incident.facts.public()`."""
        return self.shown().filter(Q(status=Fact.Status.CONFIRMED) | shown_citation("citation__"))


class Fact(models.Model):
    """One statement an article makes about an incident ("the failure came 383 seconds into
    the flight"), cited to the passage that makes it. Quantities keep their words, their value
    in SI units and the range the statement allows, so statements of two sources compare."""

    class Kind(models.TextChoices):
        TIME_INTO_FLIGHT = "time_into_flight", "Time into flight"
        ALTITUDE = "altitude", "Altitude"
        PAYLOAD_MASS = "payload_mass", "Payload mass"
        FAILED_STAGE = "failed_stage", "Failed stage"
        DEBRIS_LOCATION = "debris_location", "Where debris fell"
        CAUSE = "cause", "Cause"
        CREW = "crew", "People on board"
        FATALITIES = "fatalities", "Fatalities"

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Found by the importer"
        CONFIRMED = "confirmed", "Confirmed by an editor"
        REJECTED = "rejected", "Rejected by an editor"

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="facts")
    citation = models.ForeignKey(
        Citation, on_delete=models.CASCADE, related_name="facts", help_text="The passage."
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    value = models.CharField(
        max_length=200, help_text="As the page shows it: “383 seconds”, “third stage”."
    )
    si_value = models.FloatField(
        "value in SI units", null=True, blank=True, help_text="Seconds, metres or kilograms."
    )
    si_low = models.FloatField(
        null=True, blank=True, help_text="The least the statement allows, in SI units."
    )
    si_high = models.FloatField(
        null=True, blank=True, help_text="The most it allows; blank for “more than …”."
    )
    said_by = models.CharField(
        max_length=200, blank=True, help_text="Whom the article gives the statement to, if anyone."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    history = HistoricalRecords()

    objects = FactQuerySet.as_manager()

    class Meta:
        ordering = ["incident", "kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["citation", "kind", "value"], name="fact_unique_per_passage"
            ),
            models.CheckConstraint(
                condition=Q(si_low__isnull=True)
                | Q(si_high__isnull=True)
                | Q(si_low__lte=F("si_high")),
                name="fact_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.value}"


class FeedQuerySet(models.QuerySet):
    def due(self, now: datetime.datetime | None = None):
        """Active feeds whose next check has come (or that were never checked)."""
        now = now or timezone.now()
        return self.filter(active=True).filter(
            Q(next_check_at__isnull=True) | Q(next_check_at__lte=now)
        )


class Feed(models.Model):
    """A news feed (RSS 2.0, Atom or RSS 1.0) whose new items are imported as articles: by
    `manage.py import_feed`, and by the worker, which checks each active feed when it is due
    (`manage.py poll_feeds`)."""

    address = models.URLField(max_length=500, unique=True, help_text="The feed's own address.")
    title = models.CharField(max_length=300, blank=True, help_text="From the feed when left blank.")
    active = models.BooleanField(
        default=True, help_text="Checked on schedule; untick to stop without losing its history."
    )
    last_checked_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_error = models.TextField(
        blank=True, editable=False, help_text="Why the last check failed, in plain words."
    )
    next_check_at = models.DateTimeField(
        null=True, blank=True, help_text="When it is checked next; blank: at the next round."
    )
    etag = models.CharField(max_length=500, blank=True, editable=False)
    last_modified = models.CharField(max_length=100, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FeedQuerySet.as_manager()

    class Meta:
        ordering = ["title", "address"]
        indexes = [models.Index(fields=["active", "next_check_at"], name="feed_due_idx")]

    def __str__(self) -> str:
        return self.title or self.address
