"""The editors' review: which articles wait for one, in what order, and what each action on
the review desk does to the evidence. Every action checks the version of the record the editor
saw (incidents.versioning), so a stale desk never undoes another editor's change, and saves
through the models, so each change is in the record's history under the editor's name."""

import re
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, FloatField, Min, OuterRef, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import slugify

from articles.models import Article, Citation, Fact, Mention
from articles.pipeline.text import sentence_spans
from articles.source_counts import recounted_at_end
from incidents import data_version
from incidents.models import SURE_ENOUGH, Incident, IncidentKind, Mission, Outcome
from incidents.services import refresh_search_names
from incidents.versioning import changed_fields, conflict_message, fingerprint

EDITOR_CONFIDENCE = 1.0  # a link an editor confirmed, chose or drew

# How the importer words its reasons (articles.importer.review_reasons), as the queue counts
# them; a reason matching none is counted as "other".
REASON_KINDS: list[tuple[str, re.Pattern[str]]] = [
    ("a draft incident", re.compile(r"draft incident")),
    ("a link with low confidence", re.compile(r"with confidence|low confidence")),
    ("no launch identified", re.compile(r"no launch could be identified")),
    ("no incident on record", re.compile(r"without a recorded incident")),
    ("two launches scored close", re.compile(r"points ahead of")),
    ("a long text read in part", re.compile(r"very long")),
]
OTHER_REASON = "another reason"


class StaleDesk(Exception):
    """The record changed (or went) since the desk was opened: the message says who and what."""


# ------------------------------------------------------------------------------ the queue


def review_queue():
    """Articles needing review: those citing a draft incident first, then the least sure
    links, then the newest."""
    drafts = Citation.objects.filter(article=OuterRef("pk"), incident__status=Incident.Status.DRAFT)
    return (
        Article.objects.filter(needs_review=True)
        .annotate(
            cites_a_draft=Exists(drafts),
            least_confidence=Coalesce(
                Min("citations__confidence"), Value(1.0), output_field=FloatField()
            ),
        )
        .order_by("-cites_a_draft", "least_confidence", "-created_at", "-pk")
    )


def reason_kinds(review_reason: str) -> list[str]:
    """The kinds of reasons an article's review reason gives, in REASON_KINDS order."""
    reasons = [part for part in review_reason.split("; ") if part.strip()]
    kinds = [label for label, pattern in REASON_KINDS if pattern.search(review_reason)]
    if any(not any(p.search(r) for _, p in REASON_KINDS) for r in reasons):
        kinds.append(OTHER_REASON)
    return kinds


def reason_counts(articles) -> list[tuple[str, int]]:
    """How many of `articles` give each kind of reason, most frequent first."""
    counts: dict[str, int] = {}
    for reason in articles.values_list("review_reason", flat=True):
        for kind in reason_kinds(reason):
            counts[kind] = counts.get(kind, 0) + 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def next_in_queue(article: Article) -> Article | None:
    """The article after this one in the queue (the first one when this one has left it)."""
    ids = list(review_queue().values_list("pk", flat=True))
    others = [pk for pk in ids if pk != article.pk]
    if not others:
        return None
    if article.pk in ids:
        after = ids[ids.index(article.pk) + 1 :]
        others = after or others
    return Article.objects.get(pk=others[0])


def confidence_in_words(confidence: float) -> str:
    if confidence >= EDITOR_CONFIDENCE:
        return "confirmed or certain"
    if confidence >= SURE_ENOUGH:
        return f"sure ({confidence:.0%})"
    return f"unsure ({confidence:.0%}): hidden from the public until reviewed"


# ------------------------------------------------------------------------------ passages


@dataclass(frozen=True)
class Sentence:
    number: int
    start: int
    end: int
    text: str


def sentences_of(body: str) -> list[Sentence]:
    """The body's sentences, numbered from 1, for picking a passage without a pointer."""
    return [
        Sentence(number=n, start=start, end=end, text=body[start:end])
        for n, (start, end) in enumerate(sentence_spans(body), 1)
    ]


def passage_of_sentences(body: str, numbers: list[int]) -> tuple[int, int]:
    """The passage from the first to the last of the picked sentences."""
    picked = {s.number: s for s in sentences_of(body)}
    chosen = [picked[n] for n in numbers if n in picked]
    if not chosen:
        raise ValueError("Pick at least one sentence of the article.")
    return min(s.start for s in chosen), max(s.end for s in chosen)


def trimmed_passage(body: str, start: int, end: int) -> tuple[int, int]:
    """A selection inside the body, without the blanks around it."""
    if not 0 <= start < end <= len(body):
        raise ValueError(f"The passage must lie within the article text (0 to {len(body)}).")
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    if start == end:
        raise ValueError("The selected passage holds only blanks.")
    return start, end


# ------------------------------------------------------------------------------ actions


def _locked(model, pk: int, version: str):
    """The record under a row lock, if it is still the version the editor saw."""
    current = model._default_manager.select_for_update().filter(pk=pk).first()
    noun = model._meta.verbose_name
    if current is None:
        raise StaleDesk(f"This {noun} was removed after you opened the desk; reload it.")
    if not version:
        raise StaleDesk(f"The form did not say which version of the {noun} it was made from.")
    if fingerprint(current) != version:
        raise StaleDesk(conflict_message(current, changed_fields(version, current)))
    return current


def _locked_citation(citation_id: int, version: str, *, moving_to: Incident | None = None):
    """The citation under a row lock (as `_locked`), its incident (and the one it moves to)
    locked first. Every writer locks an incident before its citations, as the incident's
    admin form does: a change of a citation rewrites its incident's kept counts
    (services.recount_sources), and the desk locking the citation first would deadlock with
    that form on PostgreSQL instead of waiting for it."""
    cited = Citation.objects.filter(pk=citation_id).values_list("incident_id", flat=True)
    _lock_incidents([*cited, *([moving_to.pk] if moving_to else [])])
    return _locked(Citation, citation_id, version)


def _lock_incidents(incident_ids) -> None:
    """Lock these incidents' rows, in id order (see `_locked_citation`)."""
    incidents = Incident.objects.filter(pk__in=set(incident_ids)).order_by("pk")
    list(incidents.select_for_update(no_key=True).values_list("pk"))


def _save(record, reason: str, fields: list[str] | None = None) -> None:
    _give_reason(record, reason)
    record.save(update_fields=fields)


def _give_reason(record, reason: str) -> None:
    """The reason django-simple-history keeps with the record's next change."""
    setattr(record, "_change_reason", reason)  # noqa: B010 - its documented attribute


@transaction.atomic
def confirm_citation(*, citation_id: int, version: str) -> Citation:
    citation = _locked_citation(citation_id, version)
    citation.confidence = EDITOR_CONFIDENCE
    _save(citation, "Confirmed on the review desk", ["confidence"])
    return citation


@transaction.atomic
def reject_citation(*, citation_id: int, version: str) -> Citation:
    """Remove the link (its history keeps it); the facts read from it go with it."""
    citation = _locked_citation(citation_id, version)
    _give_reason(citation, "Rejected on the review desk")
    citation.delete()
    return citation


@transaction.atomic
def move_citation(*, citation_id: int, version: str, incident: Incident) -> Citation:
    """Cite the passage for another incident; its facts move with it."""
    citation = _locked_citation(citation_id, version, moving_to=incident)
    if Citation.objects.filter(
        incident=incident, article_id=citation.article_id, start=citation.start, end=citation.end
    ).exists():
        raise ValueError(f"“{incident.title}” already cites this passage.")
    citation.incident = incident
    citation.confidence = EDITOR_CONFIDENCE
    _save(citation, "Moved on the review desk", ["incident", "confidence"])
    for fact in citation.facts.all():
        fact.incident = incident
        _save(fact, "Moved with its passage on the review desk", ["incident"])
    return citation


@transaction.atomic
def change_passage(*, citation_id: int, version: str, start: int, end: int) -> Citation:
    citation = _locked_citation(citation_id, version)
    body = citation.article.body
    start, end = trimmed_passage(body, start, end)
    if (
        Citation.objects.filter(
            incident_id=citation.incident_id, article_id=citation.article_id, start=start, end=end
        )
        .exclude(pk=citation.pk)
        .exists()
    ):
        raise ValueError("The incident already cites this passage of the article.")
    citation.start, citation.end, citation.quote = start, end, body[start:end]
    citation.confidence = EDITOR_CONFIDENCE
    _save(citation, "Passage drawn on the review desk", ["start", "end", "quote", "confidence"])
    return citation


@transaction.atomic
def set_fact_status(*, fact_id: int, version: str, status: str) -> Fact:
    fact = _locked(Fact, fact_id, version)
    fact.status = status
    _save(fact, f"{Fact.Status(status).label} on the review desk", ["status"])
    return fact


@transaction.atomic
def correct_fact(*, fact_id: int, version: str, value: str, si_value: float | None) -> Fact:
    """The value as the editor reads it, confirmed; its SI range is the value given."""
    fact = _locked(Fact, fact_id, version)
    value = value.strip()
    if not value:
        raise ValueError("A fact needs a value; reject it instead.")
    fact.value, fact.status = value, Fact.Status.CONFIRMED
    fact.si_value = fact.si_low = fact.si_high = si_value
    _save(fact, "Corrected on the review desk")
    return fact


@transaction.atomic
@recounted_at_end()
def confirm_all(*, article_id: int, versions: dict[str, str]) -> Article:
    """Confirm every link of the article, and mark it reviewed. `versions` holds the version
    of the article and of each citation and fact the desk showed (“citation-12”: …)."""
    _lock_incidents(
        Citation.objects.filter(article_id=article_id).values_list("incident_id", flat=True)
    )
    article = _locked(Article, article_id, versions.get("article", ""))
    citations = list(article.citations.select_for_update().order_by("pk"))
    facts = list(Fact.objects.select_for_update().filter(citation__article=article).order_by("pk"))
    shown = {key for key in versions if key != "article"}
    now = {f"citation-{c.pk}" for c in citations} | {f"fact-{f.pk}" for f in facts}
    if shown != now:
        raise StaleDesk(
            "Citations or facts of this article were added or removed after you opened the "
            "desk. Nothing was confirmed: reload the desk and look again."
        )
    for record in [*citations, *facts]:
        _locked(type(record), record.pk, versions[f"{record._meta.model_name}-{record.pk}"])
    for citation in citations:
        if citation.confidence < EDITOR_CONFIDENCE:
            citation.confidence = EDITOR_CONFIDENCE
            _save(citation, "Confirmed on the review desk", ["confidence"])
    for fact in facts:
        if fact.status == Fact.Status.PROPOSED:
            fact.status = Fact.Status.CONFIRMED
            _save(fact, "Confirmed on the review desk", ["status"])
    Mention.objects.filter(article=article).update(confirmed=True)
    data_version.bump()  # an update sends no signal
    article.needs_review, article.review_reason = False, ""
    _save(article, "Reviewed on the review desk", ["needs_review", "review_reason"])
    return article


@transaction.atomic
def new_incident_from_article(
    *, article: Article, mission: Mission, start: int, end: int
) -> Incident:
    """A draft incident of the mission (an event after launch the importer missed), citing
    the passage of the article that tells it."""
    start, end = trimmed_passage(article.body, start, end)
    existing = Incident.objects.filter(mission=mission).first()
    if existing is not None:
        raise ValueError(
            f"{mission.name} already has an incident, “{existing.title}”: move a citation "
            "there instead."
        )
    incident = _draft_for(mission)
    citation = Citation(
        incident=incident,
        article=article,
        start=start,
        end=end,
        quote=article.body[start:end],
        supports=Citation.Supports.INCIDENT,
        confidence=EDITOR_CONFIDENCE,
    )
    _save(citation, "Cited on the review desk")
    return incident


def _free_slug(base: str) -> str:
    taken = set(Incident.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, counter = base, 1
    while slug in taken:
        counter += 1
        slug = f"{base}-{counter}"
    return slug


# ------------------------------------------------------------------------------ targets


@dataclass(frozen=True)
class Target:
    """Where a citation may move: an incident, or a mission (its incident, made as a draft
    when it has none)."""

    key: str  # "incident:12" or "mission:34"
    label: str


def find_targets(query: str, *, limit: int = 10) -> list[Target]:
    """Incidents and missions by name, date (YYYY-MM-DD or YYYY), flight id or launch tag."""
    query = query.strip()
    if len(query) < 2:
        return []
    incidents = Incident.objects.select_related("mission").order_by("-date")
    missions = Mission.objects.order_by("-launch_date")
    if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", query):
        incidents = incidents.filter(date__startswith=query)
        missions = missions.filter(launch_date__startswith=query)
    else:
        incidents = incidents.filter(
            search_match(query, "title", "slug", "mission__name", "mission__launch_tag")
        )
        missions = missions.filter(
            search_match(query, "name", "aliases", "launch_tag", "launch_code")
        )
    found = [_incident_target(i) for i in incidents[:limit]]
    found += [
        Target(f"mission:{m.pk}", f"Mission: {m.name} ({m.launch_tag or 'no tag'}, {date})")
        for m in missions[:limit]
        for date in [m.launch_date.isoformat() if m.launch_date else "no date"]
    ]
    return found[:limit]


def _incident_target(incident: Incident) -> Target:
    tag = (
        f"; {incident.mission.launch_tag}"
        if incident.mission and incident.mission.launch_tag
        else ""
    )
    label = f"Incident: {incident.title} ({incident.date:%Y-%m-%d}, {incident.status}{tag})"
    return Target(f"incident:{incident.pk}", label)


def suggested_targets(article: Article, *, leaving: int | None, limit: int = 6) -> list[Target]:
    """Before anything is typed: the incidents of the missions the article names, the most
    named first, then the missions it names that have none; leaving out the incident the
    citation points at now."""
    counts: dict[int, int] = {}
    for mission_id in article.mentions.filter(mission__isnull=False).values_list(
        "mission_id", flat=True
    ):
        counts[mission_id] = counts.get(mission_id, 0) + 1
    missions = Mission.objects.in_bulk(list(counts))
    incidents = {
        i.mission_id: i
        for i in Incident.objects.filter(mission_id__in=list(counts)).select_related("mission")
    }
    # A mission with an incident first (a citation moves to an incident more often than it
    # makes one), then the most named.
    named = sorted(counts, key=lambda pk: (pk not in incidents, -counts[pk]))
    found = []
    for pk in named:
        incident = incidents.get(pk)
        if incident is not None and incident.pk != leaving:
            found.append(_incident_target(incident))
        elif incident is None:
            mission = missions[pk]
            date = mission.launch_date.isoformat() if mission.launch_date else "no date"
            tag = mission.launch_tag or "no tag"
            found.append(Target(f"mission:{pk}", f"Mission: {mission.name} ({tag}, {date})"))
    return found[:limit]


def search_match(query: str, *fields: str) -> Q:
    match = Q()
    for field in fields:
        match |= Q(**{f"{field}__icontains": query})
    return match


def resolve_target(key: str) -> Incident:
    """The incident a target key names; a mission's own incident, or a new draft of it."""
    kind, _, pk = key.partition(":")
    if not pk.isdigit():
        raise ValueError("Choose an incident or a mission from the list.")
    if kind == "incident":
        incident = Incident.objects.filter(pk=int(pk)).first()
        if incident is None:
            raise ValueError("That incident no longer exists.")
        return incident
    if kind == "mission":
        mission = Mission.objects.filter(pk=int(pk)).first()
        if mission is None:
            raise ValueError("That mission no longer exists.")
        return Incident.objects.filter(mission=mission).first() or _draft_for(mission)
    raise ValueError("Choose an incident or a mission from the list.")


def _draft_for(mission: Mission) -> Incident:
    """A draft incident of the mission, for an editor to complete and publish. After a good
    launch it is an event in flight; otherwise the launch's own failure."""
    after_launch = mission.outcome == Outcome.SUCCESS
    label = "in-flight failure" if after_launch else "failure"
    incident = Incident(
        title=f"{mission.name} {label}",
        date=mission.launch_date or timezone.now().date(),
        mission=mission,
        site_id=mission.site_id,
        kind=IncidentKind.IN_FLIGHT if after_launch else IncidentKind.LAUNCH,
        outcome=mission.outcome if after_launch else Outcome.FAILURE,
        status=Incident.Status.DRAFT,
        origin=Incident.Origin.EDITOR,
        slug=_free_slug(slugify(f"{mission.name} {label}") or "incident"),
    )
    _save(incident, "Created on the review desk")
    if mission.vehicle_id:
        incident.vehicles.add(mission.vehicle_id)
    incident.agencies.set(mission.agencies.all())
    refresh_search_names([incident.pk])
    return incident
