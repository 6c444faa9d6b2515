"""The domain: who launched what, from where, and what went wrong.

Catalog-backed models keep the values GCAT gave at the last load in `catalog_values`;
the loader only overwrites a field while it still holds that catalog value, so an editor's
change survives every reload (see README, "Catalog data and editors").
"""

from collections.abc import Iterable
from typing import Any, ClassVar

from django.core.exceptions import EmptyResultSet
from django.db import models
from django.db.models import Q
from django.db.models.expressions import RawSQL
from simple_history.models import HistoricalRecords

from incidents.links import url_of
from incidents.partial_dates import Precision, format_partial_date

ISO_LENGTH = {"year": 4, "month": 7, "day": 10}  # characters of an ISO date, by precision
# The importer asks an editor to review a link it is less sure of than this; until one has,
# the public pages leave the link out (the admin shows it). Used by the articles app.
SURE_ENOUGH = 0.75
ALIASES_HELP = "Other names people write, one per line (e.g. “Soyuz U”, “Roscosmos”)."


class DatePrecision(models.TextChoices):
    """How much of a date is known (see `incidents.partial_dates.PartialDate`)."""

    DAY = Precision.DAY, "Day"
    MONTH = Precision.MONTH, "Month"
    YEAR = Precision.YEAR, "Year"


def split_aliases(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class NamedQuerySet(models.QuerySet):
    def named(self, name: str):
        """Rows whose name or one of whose aliases is `name` (case-insensitive)."""
        wanted = name.strip().casefold()
        fields = ["name", *getattr(self.model, "OTHER_NAME_FIELDS", ())]
        query = Q(aliases__icontains=name.strip())
        for field_name in fields:
            query |= Q(**{f"{field_name}__iexact": name.strip()})
        candidates: Iterable[Named] = self.filter(query)
        ids = [row.pk for row in candidates if wanted in {n.casefold() for n in row.all_names()}]
        return self.filter(pk__in=ids)


class Named(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    aliases = models.TextField(blank=True, help_text=ALIASES_HELP)
    catalog_values = models.JSONField(
        default=dict,
        blank=True,
        editable=False,
        help_text="The values GCAT gave at the last catalog load (used to keep editors' changes).",
    )

    objects = NamedQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def alias_list(self) -> list[str]:
        return split_aliases(self.aliases)

    def all_names(self) -> list[str]:
        return [self.name, *self.alias_list()]


class Agency(Named):
    OTHER_NAME_FIELDS = ("short_name", "english_name", "native_name")
    short_name = models.CharField(max_length=120, blank=True)
    english_name = models.CharField(max_length=200, blank=True)
    native_name = models.CharField(
        max_length=200, blank=True, help_text="The name in its own script (e.g. Cyrillic)."
    )
    gcat_code = models.CharField(
        "GCAT code",
        max_length=20,
        unique=True,
        null=True,
        blank=True,
        help_text="Organization code in GCAT's orgs.tsv, e.g. FKA for Roskosmos.",
    )
    country = models.CharField(max_length=20, blank=True, help_text="GCAT state code, e.g. RU, US.")
    kind = models.CharField(
        max_length=60,
        blank=True,
        help_text="GCAT organization types, e.g. O/LA/PL (operator, launch agency, payload).",
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    umbrella = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="units",
        help_text="The agency people name for this one, shown first with this one as detail: "
        "the top of GCAT's hierarchy of government organisations (NASA for its centres). "
        "Blank when it is that agency itself.",
    )
    history = HistoricalRecords()

    class Meta(Named.Meta):
        verbose_name_plural = "agencies"
        indexes = [models.Index(fields=["name"], name="agency_name_idx")]

    def get_absolute_url(self) -> str:
        return url_of("incidents:agency", self.slug)

    def all_names(self) -> list[str]:
        names = [getattr(self, field) for field in ("name", *self.OTHER_NAME_FIELDS)]
        return list(dict.fromkeys(n for n in [*names, *self.alias_list()] if n))

    def aliases_not_shown_otherwise(self) -> list[str]:
        """The aliases its page lists under "Also called": not its English or native name,
        which the page gives on lines of their own."""
        shown = {self.english_name.casefold(), self.native_name.casefold()}
        return [alias for alias in self.alias_list() if alias.casefold() not in shown]


class VehicleFamily(Named):
    history = HistoricalRecords()

    class Meta(Named.Meta):
        verbose_name_plural = "vehicle families"

    def get_absolute_url(self) -> str:
        return url_of("incidents:family", self.slug)


class Vehicle(Named):
    class Kind(models.TextChoices):
        LAUNCH_VEHICLE = "launch_vehicle", "Launch vehicle"
        SPACECRAFT = "spacecraft", "Spacecraft"

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.LAUNCH_VEHICLE)
    family = models.ForeignKey(
        VehicleFamily, null=True, blank=True, on_delete=models.SET_NULL, related_name="vehicles"
    )
    variant = models.CharField(max_length=60, blank=True)
    manufacturer = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.SET_NULL, related_name="vehicles_built"
    )
    gcat_name = models.CharField("GCAT name", max_length=120, blank=True)
    gcat_variant = models.CharField("GCAT variant", max_length=60, blank=True)
    history = HistoricalRecords()

    class Meta(Named.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["gcat_name", "gcat_variant"],
                condition=~Q(gcat_name=""),
                name="vehicle_unique_gcat_name_variant",
            )
        ]

    def get_absolute_url(self) -> str:
        return url_of("incidents:vehicle", self.slug)


class LaunchSite(Named):
    short_name = models.CharField(max_length=120, blank=True)
    gcat_code = models.CharField(
        "GCAT code",
        max_length=20,
        unique=True,
        null=True,
        blank=True,
        help_text="Site code in GCAT's sites.tsv, e.g. GIK-5 for Baikonur.",
    )
    country = models.CharField(max_length=20, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta(Named.Meta):
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="site_latitude_in_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="site_longitude_in_range",
            ),
        ]

    def get_absolute_url(self) -> str:
        return url_of("incidents:site", self.slug)


class Outcome(models.TextChoices):
    SUCCESS = "success", "Success"
    FAILURE = "failure", "Launch failure"
    PARTIAL_FAILURE = "partial_failure", "Partial failure"
    PAD_EXPLOSION = "pad_explosion", "Pad explosion or abort"
    UNKNOWN = "unknown", "Unknown"

    # Sets of outcomes, set below the class (in its body they would become choices).
    FAILURES: ClassVar[tuple["Outcome", ...]]
    FAILURES_OR_PARTIAL: ClassVar[tuple["Outcome", ...]]


# Failed: the launch was lost, or it blew up or was aborted on the pad. What the charts and
# statistics count as failures.
Outcome.FAILURES = (Outcome.FAILURE, Outcome.PAD_EXPLOSION)
# Failed at least in part: every launch that is an incident (the catalog makes one for each).
Outcome.FAILURES_OR_PARTIAL = (*Outcome.FAILURES, Outcome.PARTIAL_FAILURE)


class IncidentKind(models.TextChoices):
    LAUNCH = "launch", "Launch failure"
    PAD = "pad", "On the pad, before launch"
    IN_FLIGHT = "in_flight", "In flight or in orbit, after a good launch"
    REENTRY = "reentry", "Re-entry or landing"
    GROUND = "ground", "Ground test or training"


class FlightPhase(models.TextChoices):
    PAD = "pad", "On the pad"
    BOOSTERS = "boosters", "Strap-on boosters"
    FIRST_STAGE = "first_stage", "First stage"
    SECOND_STAGE = "second_stage", "Second stage"
    THIRD_STAGE = "third_stage", "Third stage"
    FOURTH_STAGE = "fourth_stage", "Fourth stage"
    UPPER_STAGE = "upper_stage", "Upper stage"
    FAIRING = "fairing", "Payload fairing"
    PAYLOAD = "payload", "Payload or separation"
    GROUND = "ground", "Ground systems"
    IN_ORBIT = "in_orbit", "In orbit"
    UNKNOWN = "unknown", "Unknown"


class Mission(Named):
    launch_tag = models.CharField(
        max_length=20,
        unique=True,
        null=True,
        blank=True,
        help_text="GCAT launch tag: the COSPAR designation (2024-029) or GCAT's own (2016-F02).",
    )
    launch_date = models.DateField(null=True, blank=True)
    launch_date_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    vehicle = models.ForeignKey(
        Vehicle, null=True, blank=True, on_delete=models.SET_NULL, related_name="missions"
    )
    site = models.ForeignKey(
        LaunchSite, null=True, blank=True, on_delete=models.SET_NULL, related_name="missions"
    )
    spacecraft = models.ForeignKey(
        Vehicle,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="spacecraft_missions",
        limit_choices_to={"kind": "spacecraft"},
        help_text="The spacecraft series the payload belongs to (Progress, Cygnus, Dragon…).",
    )
    pad = models.CharField(max_length=40, blank=True)
    agencies = models.ManyToManyField(Agency, blank=True, related_name="missions")
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.UNKNOWN)
    success_fraction = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="GCAT's launch success fraction in percent (OF30 → 30)."
    )
    launch_code = models.CharField("GCAT launch code", max_length=10, blank=True)
    fail_code = models.CharField(
        "GCAT fail code", max_length=20, blank=True, help_text="What failed, e.g. S3P."
    )
    notes = models.TextField(blank=True)
    gcat_citation = models.CharField(
        "GCAT's source",
        max_length=120,
        blank=True,
        help_text="Where GCAT has the launch from (its LTCite column), e.g. spaceflightnow.com.",
    )
    history = HistoricalRecords()

    class Meta(Named.Meta):
        ordering = ["-launch_date", "name"]
        indexes = [models.Index(fields=["launch_date"], name="mission_launch_date_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(success_fraction__isnull=True) | Q(success_fraction__lte=100),
                name="mission_success_fraction_max_100",
            )
        ]

    def get_absolute_url(self) -> str:
        return url_of("incidents:mission", self.slug)

    @property
    def launch_date_display(self) -> str:
        return format_partial_date(self.launch_date, self.launch_date_precision)


# An incident's own fields that the public pages, the API and the exports state, in the order
# they give them: what happened, then the human cost. (Its relations each give in their own way.)
WHAT_HAPPENED_FIELDS = (
    "title",
    "date",
    "date_precision",
    "kind",
    "outcome",
    "flight_phase",
    "failed_system",
)
HUMAN_COST_FIELDS = ("crew", "fatalities", "injuries")
# What pages never show of an incident: GCAT's values and what search reads.
UNSHOWN = ("catalog_values", "search_names", "family_ids", "agency_ids", "vehicle_ids")
# The counts of an incident's sources and mentions, kept on its row by services.recount_sources.
KEPT_COUNTS = ("reported_by_count", "mentioned_by_count")


class IncidentQuerySet(models.QuerySet):
    def published(self) -> "IncidentQuerySet":
        return self.filter(status=Incident.Status.PUBLISHED)

    # EXISTS, not a join: no duplicate rows to remove with DISTINCT, and counting and paging
    # stay index scans at 100,000 incidents.
    def harmless_pad_aborts(self):
        """Launches stopped on the pad before liftoff with nothing lost and nobody hurt (the
        shuttle's engine shutdowns by its sequencer): GCAT's pad aborts that were not
        explosions (fail code PE)."""
        return self.filter(outcome=Outcome.PAD_EXPLOSION, mission__isnull=False).exclude(
            Q(mission__fail_code__startswith="PE") | Q(fatalities__gt=0) | Q(injuries__gt=0)
        )

    def for_vehicle(self, vehicle):
        return self.linked("vehicles", vehicle_id=vehicle.pk)

    def for_family(self, family):
        return self.linked("vehicles", vehicle__family_id=family.pk)

    def for_agency(self, agency):
        return self.linked("agencies", agency_id=agency.pk)

    def linked(self, relation: str, **lookups):
        """Incidents with a link in the `relation` ("vehicles" or "agencies") through table
        that matches `lookups`."""
        through = getattr(Incident, relation).through
        links = through.objects.filter(incident_id=models.OuterRef("pk"), **lookups)
        return self.filter(models.Exists(links))

    def with_relations(self):
        """Each incident with its mission, site, vehicles and agencies (by name) and its
        `source_count`: what the API and the exports give of a row, in three queries."""
        return (
            self.select_related("mission", "site")
            .prefetch_related(
                models.Prefetch("vehicles", Vehicle.objects.only("slug", "name").order_by("name")),
                models.Prefetch("agencies", Agency.objects.only("slug", "name").order_by("name")),
            )
            .with_source_count()
        )

    def with_source_count(self) -> "IncidentQuerySet":
        """`source_count`: how many articles report each incident (the citations' own rule:
        public reporting citations, `CitationQuerySet.reporting`), and `mention_count`: how
        many more mention it only in passing. Read from the counts kept on the row
        (`Incident.reported_by_count`, `.mentioned_by_count`), not counted per row shown."""
        return self.annotate(
            source_count=models.F("reported_by_count"),
            mention_count=models.F("mentioned_by_count"),
        )

    def as_export_rows(self):
        """Each incident as a dict of plain values, what an export row gives (exports.py): its
        own fields, its mission's name and launch tag, its site's name, the names of its
        vehicles and agencies (lists in name order, aggregated in SQL) and its kept
        `source_count` and `mention_count`. One query, no model instances."""
        return self.values(
            "id",
            "slug",
            *WHAT_HAPPENED_FIELDS,
            *HUMAN_COST_FIELDS,
            "mission_id",
            mission_name=models.F("mission__name"),
            launch_tag=models.F("mission__launch_tag"),
            site_name=models.F("site__name"),
            vehicle_names=_linked_names("vehicles", "vehicle"),
            agency_names=_linked_names("agencies", "agency"),
            source_count=models.F("reported_by_count"),
            mention_count=models.F("mentioned_by_count"),
        )

    def source_counts(self) -> dict[int, tuple[int, int]]:
        """(source_count, mention_count) of each of these incidents that has any, counted from
        their citations: what `services.recount_sources` keeps on the rows (`with_source_count`
        reads them)."""
        return {pk: (sources, mentions) for pk, sources, mentions in self.source_count_rows()}

    def source_count_rows(self):
        """(incident_id, sources, mentions) of each of these incidents that has any public
        citation: one grouped query over the citations, each count filtered from the same
        rows."""
        citations: Any = Incident._meta.get_field("citations").related_model
        try:  # as its own SQL: see incidents.paging.rows_between
            sql, params = self.order_by().values("pk").query.sql_with_params()
        except EmptyResultSet:
            return citations._default_manager.none().values_list("incident_id")
        public = citations._default_manager.public()
        same_article_reports = public.reporting().filter(
            incident_id=models.OuterRef("incident_id"), article_id=models.OuterRef("article_id")
        )
        # the rules of CitationQuerySet.reporting and .in_passing, as the counts' filters
        reporting = Q(supports__in=citations.REPORTS)
        passing = Q(supports=citations.Supports.CONTEXT) & ~models.Exists(same_article_reports)
        return (
            public.filter(incident_id__in=RawSQL(sql, params))
            .order_by()
            .values("incident_id")
            .annotate(
                sources=models.Count("article_id", distinct=True, filter=reporting),
                mentions=models.Count("article_id", distinct=True, filter=passing),
            )
            .values_list("incident_id", "sources", "mentions")
        )

    def with_list_data(self) -> "IncidentQuerySet":
        """What a row of incidents shows, in the rows' own query: the site, and the ids of the
        vehicles and agencies (`listed_vehicle_ids`, `listed_agency_ids`, named from the
        filter menus' cache by `menus.row_vehicles` and `menus.row_agencies`); without the
        JSON and search text that rows never show."""
        return (
            self.defer(*UNSHOWN)
            .select_related("site")
            .defer("site__aliases", "site__catalog_values")
            .annotate(
                listed_vehicle_ids=_linked_ids("vehicles", "vehicle_id"),
                listed_agency_ids=_linked_ids("agencies", "agency_id"),
            )
        )


class IdTuple(models.Field):
    """What `IdArray` gives back, as a tuple of ints: PostgreSQL sends a list, SQLite a
    comma-separated string, and both send NULL for no rows."""

    def from_db_value(self, value, expression, connection):
        if not value:
            return ()
        if isinstance(value, str):
            return tuple(int(part) for part in value.split(","))
        return tuple(value)


class IdArray(models.Aggregate):
    """The values of an integer column, aggregated into one value per group."""

    function = "ARRAY_AGG"
    output_field = IdTuple()

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="GROUP_CONCAT", **extra_context)


# Between names in SQLite's GROUP_CONCAT: a control character, in no name anyone types.
NAME_SEPARATOR = "\x1f"


class NameList(models.Field):
    """What `Names` gives back, as a list: PostgreSQL sends it ordered, SQLite joined by
    NAME_SEPARATOR and in no set order, sorted here as its own ORDER BY would (by code point,
    its BINARY collation); both send NULL for no rows."""

    def from_db_value(self, value, expression, connection):
        if not value:
            return []
        if isinstance(value, str):
            return sorted(value.split(NAME_SEPARATOR))
        return list(value)


class Names(models.Aggregate):
    """The values of a text column, aggregated into one list per group, in order."""

    function = "ARRAY_AGG"
    template = "%(function)s(%(expressions)s ORDER BY %(expressions)s)"
    output_field = NameList()

    def as_sqlite(self, compiler, connection, **extra_context):
        # SQLite before 3.44 cannot order inside an aggregate: NameList sorts instead.
        return self.as_sql(
            compiler,
            connection,
            function="GROUP_CONCAT",
            template=f"%(function)s(%(expressions)s, char({ord(NAME_SEPARATOR)}))",
            **extra_context,
        )


def _linked_names(relation: str, field: str) -> models.Subquery:
    """The names of what an incident links to through `relation`'s table (by its `field`),
    as a subquery of the row."""
    through = getattr(Incident, relation).through
    links = through.objects.filter(incident_id=models.OuterRef("pk")).values("incident_id")
    return models.Subquery(
        links.annotate(names=Names(f"{field}__name")).values("names"), NameList()
    )


def _linked_ids(relation: str, column: str) -> models.Subquery:
    """The ids an incident links to through `relation`'s table, as a subquery of the row."""
    through = getattr(Incident, relation).through
    links = through.objects.filter(incident_id=models.OuterRef("pk")).values("incident_id")
    return models.Subquery(links.annotate(ids=IdArray(column)).values("ids"), IdTuple())


def _id_list(help_text: str) -> models.TextField:
    """A list of ids search reads, written by services.refresh_search_names. Null, not "", so
    that adding one leaves SQLite's table (and its search triggers) as it is."""
    return models.TextField(  # noqa: DJ001 - see above
        null=True, blank=True, editable=False, help_text=help_text
    )


class Incident(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    class Origin(models.TextChoices):
        CATALOG = "catalog", "GCAT catalog"
        CURATED = "curated", "Curated list"
        IMPORT = "import", "Article import"
        EDITOR = "editor", "Editor"

    Kind = IncidentKind

    title = models.CharField(max_length=250)
    slug = models.SlugField(max_length=270, unique=True)
    date = models.DateField(help_text="For month or year precision, the first day of the period.")
    date_precision = models.CharField(
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text="How much of the date is known; pages never show more than this.",
    )
    mission = models.ForeignKey(
        Mission, null=True, blank=True, on_delete=models.SET_NULL, related_name="incidents"
    )
    vehicles = models.ManyToManyField(Vehicle, blank=True, related_name="incidents")
    agencies = models.ManyToManyField(Agency, blank=True, related_name="incidents")
    site = models.ForeignKey(
        LaunchSite, null=True, blank=True, on_delete=models.SET_NULL, related_name="incidents"
    )
    flight_phase = models.CharField(
        max_length=20, choices=FlightPhase.choices, default=FlightPhase.UNKNOWN
    )
    failed_system = models.CharField(
        max_length=80, blank=True, help_text="What failed, in words, e.g. “propulsion”."
    )
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.FAILURE)
    kind = models.CharField(
        max_length=10,
        choices=IncidentKind.choices,
        default=IncidentKind.LAUNCH,
        help_text="When it happened: at launch, on the pad, later in flight, on the way home, "
        "or on the ground.",
    )
    crew = models.PositiveIntegerField(
        null=True, blank=True, help_text="People on board: 0 if uncrewed, blank if unknown."
    )
    fatalities = models.PositiveIntegerField(null=True, blank=True, help_text="Blank if unknown.")
    injuries = models.PositiveIntegerField(null=True, blank=True, help_text="Blank if unknown.")
    sources = models.TextField(
        blank=True,
        help_text="Public sources for what the page states beyond its cited articles "
        "(official reports, agency pages), one web address per line.",
    )
    summary = models.TextField(
        blank=True, help_text="Markdown. Rendered sanitised: raw HTML and scripts are removed."
    )
    catalog_note = models.CharField(
        "GCAT note", max_length=250, blank=True, help_text="GCAT's own short note on the launch."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.EDITOR)
    catalog_values = models.JSONField(default=dict, blank=True, editable=False)
    search_names = models.TextField(
        blank=True,
        editable=False,
        help_text="Names and aliases of the mission, vehicles, families, agencies and site, "
        "one per line, for search; kept by services.refresh_search_names.",
    )
    family_ids = _id_list(
        "Ids of the vehicle families, space-separated, that search filters and counts the "
        "incident under; kept by services.refresh_search_names."
    )
    agency_ids = _id_list(
        "Ids of the agencies, space-separated, that search filters and counts the incident "
        "under; kept by services.refresh_search_names."
    )
    vehicle_ids = _id_list(
        "Ids of the vehicles, space-separated, that search filters the incident under; kept "
        "by services.refresh_search_names."
    )
    reported_by_count = models.PositiveIntegerField(
        "sources",
        default=0,
        editable=False,
        help_text="How many articles report the incident (public reporting citations); kept "
        "by services.recount_sources on every write of citations and of articles' review.",
    )
    mentioned_by_count = models.PositiveIntegerField(
        "mentions",
        default=0,
        editable=False,
        help_text="How many more articles mention it only in passing (public citations of "
        "context); kept with the sources.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(
        excluded_fields=[
            "catalog_values",
            "search_names",
            "family_ids",
            "agency_ids",
            "vehicle_ids",
            *KEPT_COUNTS,
        ]
    )

    objects = IncidentQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "title"]
        indexes = [
            # Counting, listing and searching published incidents newest first are index-only
            # scans: the list joins the vehicle or agency links' own indexes; search filters
            # by the names read in the query and counts its facets from the ids included here
            # (PostgreSQL only: SQLite ignores INCLUDE).
            models.Index(
                fields=["status", "-date", "id", "outcome"],
                include=["family_ids", "agency_ids", "vehicle_ids", "site", "mission"],
                name="incident_status_date_cover_idx",
            ),
            # The lists' own order: a deep page picks its ids by walking this index alone
            # (incidents/paging.py), rather than sorting every published incident by title.
            models.Index(
                fields=["status", "-date", "title"],
                include=["id"],
                name="incident_status_date_title_idx",
            ),
            models.Index(fields=["outcome"], name="incident_outcome_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["mission"],
                condition=Q(mission__isnull=False),
                name="incident_one_per_mission",
            ),
            models.CheckConstraint(condition=~Q(title=""), name="incident_title_not_empty"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return url_of("incidents:detail", self.slug)

    def _do_update(self, base_qs, using, pk_val, values, update_fields, forced_update):
        """An UPDATE of the whole row leaves the kept counts (KEPT_COUNTS) as they are: they
        are the citations' to change. A row gone meanwhile is inserted again, as Django does."""
        if update_fields is None:
            values = [value for value in values if value[0].name not in KEPT_COUNTS]
        return super()._do_update(base_qs, using, pk_val, values, update_fields, forced_update)

    @property
    def date_display(self) -> str:
        return format_partial_date(self.date, self.date_precision)

    @property
    def date_iso(self) -> str:
        """The date to its precision, for <time datetime>: 2016, 2016-12 or 2016-12-01."""
        return self.date.isoformat()[: ISO_LENGTH[self.date_precision]]

    @property
    def is_harmless_pad_abort(self) -> bool:
        """What `IncidentQuerySet.harmless_pad_aborts` selects, for one incident."""
        return (
            self.outcome == Outcome.PAD_EXPLOSION
            and self.mission is not None
            and not self.mission.fail_code.startswith("PE")
            and not (self.fatalities or self.injuries)
        )

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def source_addresses(self) -> list[str]:
        """The public sources' web addresses; http and https only, so that a mistyped line
        never becomes a javascript: link."""
        lines = (line.strip() for line in self.sources.splitlines())
        return [line for line in lines if line.lower().startswith(("https://", "http://"))]
