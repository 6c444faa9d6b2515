"""The review queue and the review desk: admin views over articles.review.

The desk shows one article's text with every cited passage marked, and beside it what the
importer linked. Each action is a small POST form carrying the version of the record it acts
on; a stale one is refused with who changed what (articles.review.StaleDesk)."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.admin import AdminSite
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from articles import review
from articles.models import Article, Citation, Fact
from articles.rendering import Passage, highlight_passages
from incidents.models import Mission
from incidents.versioning import fingerprint

QUEUE_PAGE_SIZE = 50


class ReviewDeskAdmin:
    """A mixin for the Article admin: the queue, the desk and the desk's actions."""

    # The ModelAdmin's it is mixed into (ArticleAdmin).
    admin_site: AdminSite
    _context: Callable[..., dict]

    def review_urls(self):
        view = self.admin_site.admin_view
        return [
            path("review/", view(self.queue_view), name="articles_article_review_queue"),
            path("<int:pk>/review/", view(self.desk_view), name="articles_article_review"),
            path(
                "<int:pk>/review/targets/",
                view(self.targets_view),
                name="articles_article_review_targets",
            ),
        ]

    # -------------------------------------------------------------------------- the queue

    def queue_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        queue = review.review_queue()
        page = Paginator(queue, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
        context = {
            **self._context(request, "Review queue"),
            "page": page,
            "rows": [_queue_row(article) for article in page],
            "total": page.paginator.count,
            "reason_counts": review.reason_counts(Article.objects.filter(needs_review=True)),
        }
        return TemplateResponse(request, "admin/articles/review_queue.html", context)

    # -------------------------------------------------------------------------- the desk

    def desk_view(self, request, pk):
        article = get_object_or_404(Article, pk=pk)
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        if request.method == "POST":
            if not self.has_change_permission(request, article):
                raise PermissionDenied
            return self._act(request, article)
        return self._desk_page(request, article)

    def targets_view(self, request, pk):
        """Incidents and missions matching `q`, for the move box's suggestions; before anything
        is typed, those the article names most."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        query = request.GET.get("q", "").strip()
        if query:
            found = review.find_targets(query)
        else:
            article = get_object_or_404(Article, pk=pk)
            leaving = Citation.objects.filter(
                pk=_int(request.GET.get("citation")), article=article
            ).values_list("incident_id", flat=True)
            found = review.suggested_targets(article, leaving=leaving.first())
        return JsonResponse({"results": [{"key": t.key, "label": t.label} for t in found]})

    def _desk_page(self, request, article, *, status=200, extra=None):
        citations = list(
            article.citations.select_related("incident", "incident__mission")
            .prefetch_related(Prefetch("facts", queryset=Fact.objects.order_by("kind", "pk")))
            .order_by("confidence", "start", "pk")  # least sure first: j, c and r start there
        )
        passages = [
            Passage(
                anchor=f"passage-{c.pk}",
                start=c.start,
                end=c.end,
                title=c.incident.title,
                kind=c.supports,
                citation=c.pk,
            )
            for c in citations
        ]
        following = review.next_in_queue(article)
        incidents = _by_incident(citations)
        context = {
            **self._context(request, f"Review: {article.title}"),
            "article": article,
            "body_html": highlight_passages(article.body, passages),
            "incidents": incidents,
            "reasons": [r for r in article.review_reason.split("; ") if r.strip()],
            "versions": _versions(article, incidents),
            "sentences": review.sentences_of(article.body),
            "pick": _int(request.GET.get("pick")),  # the citation whose sentences to pick
            "next_article": following,
            "queue_url": reverse("admin:articles_article_review_queue"),
            **(extra or {}),
        }
        return TemplateResponse(request, "admin/articles/review_desk.html", context, status=status)

    def _act(self, request, article):
        action = request.POST.get("action", "")
        handler = DESK_ACTIONS.get(action)
        if handler is None:
            messages.error(request, "That is not an action of the review desk.")
            return redirect("admin:articles_article_review", article.pk)
        try:
            done, anchor, extra = handler(request, article)
        except review.StaleDesk as stale:
            messages.error(request, str(stale))
            return self._desk_page(request, article, status=409)
        except ValueError as refused:
            messages.error(request, str(refused))
            return self._desk_page(request, article, status=400, extra=extra_for(request))
        if extra is not None:
            return self._desk_page(request, article, extra=extra)
        messages.success(request, done)
        url = reverse("admin:articles_article_review", args=[article.pk])
        return HttpResponseRedirect(f"{url}#{anchor}" if anchor else url)


def extra_for(request) -> dict:
    """What the desk shows again after a refused move: the box as it was typed."""
    return {
        "open_move": _int(request.POST.get("citation")),
        "move_query": request.POST.get("q", ""),
    }


def _queue_row(article) -> dict:
    return {
        "article": article,
        "reasons": [r for r in article.review_reason.split("; ") if r.strip()],
        "confidence": article.least_confidence,
        "cites_a_draft": article.cites_a_draft,
    }


def _by_incident(citations: list[Citation]) -> list[dict]:
    """The citations grouped by incident, each with its version and its facts (with theirs)."""
    grouped: dict[int, dict] = {}
    for citation in citations:
        entry = grouped.setdefault(
            citation.incident_id, {"incident": citation.incident, "citations": []}
        )
        entry["citations"].append(
            {
                "citation": citation,
                "version": fingerprint(citation),
                "confidence": review.confidence_in_words(citation.confidence),
                "facts": [{"fact": f, "version": fingerprint(f)} for f in citation.facts.all()],
            }
        )
    return list(grouped.values())


def _versions(article, incidents: list[dict]) -> dict[str, str]:
    """The version of every record the desk shows, by form key (“citation-12”)."""
    versions = {"article": fingerprint(article)}
    for entry in incidents:
        for row in entry["citations"]:
            versions[f"citation-{row['citation'].pk}"] = row["version"]
            for fact in row["facts"]:
                versions[f"fact-{fact['fact'].pk}"] = fact["version"]
    return versions


def _int(value) -> int | None:
    return int(value) if isinstance(value, str) and value.isdigit() else None


def _required_int(post, name: str) -> int:
    value = _int(post.get(name))
    if value is None:
        raise ValueError(f"The form lacks its {name}; reload the desk.")
    return value


def _citation_of(request, article) -> int:
    pk = _required_int(request.POST, "citation")
    if not article.citations.filter(pk=pk).exists():
        raise review.StaleDesk("This citation was removed after you opened the desk; reload it.")
    return pk


def _fact_of(request, article) -> int:
    pk = _required_int(request.POST, "fact")
    if not Fact.objects.filter(pk=pk, citation__article=article).exists():
        raise review.StaleDesk("This fact was removed after you opened the desk; reload it.")
    return pk


# ------------------------------------------------------------------------------ actions
# Each takes the request and the article and returns (message, anchor, None), or
# (None, None, extra context) to show the desk again with a choice to make.


def _confirm(request, article):
    pk = _citation_of(request, article)
    review.confirm_citation(citation_id=pk, version=request.POST.get("version", ""))
    return "Citation confirmed.", f"citation-{pk}", None


def _reject(request, article):
    pk = _citation_of(request, article)
    citation = review.reject_citation(citation_id=pk, version=request.POST.get("version", ""))
    return f"Citation of “{citation.incident.title}” rejected.", "", None


def _move(request, article):
    pk = _citation_of(request, article)
    target = request.POST.get("target", "")
    if not target:
        choices = review.find_targets(request.POST.get("q", ""))
        if not choices:
            raise ValueError("No incident or mission matches; try a name, a date or a tag.")
        return None, None, {"open_move": pk, "move_choices": choices, **extra_for(request)}
    incident = review.resolve_target(target)
    review.move_citation(citation_id=pk, version=request.POST.get("version", ""), incident=incident)
    return f"Citation moved to “{incident.title}”.", f"citation-{pk}", None


def _passage(request, article):
    pk = _citation_of(request, article)
    start, end = _passage_from(request, article)
    review.change_passage(
        citation_id=pk, version=request.POST.get("version", ""), start=start, end=end
    )
    return "Passage changed.", f"citation-{pk}", None


def _passage_from(request, article) -> tuple[int, int]:
    """A selection's offsets (the desk's script) or picked sentences (without script)."""
    numbers = [int(n) for n in request.POST.getlist("sentence") if n.isdigit()]
    if numbers:
        return review.passage_of_sentences(article.body, numbers)
    start, end = _int(request.POST.get("start")), _int(request.POST.get("end"))
    if start is None or end is None:
        raise ValueError("Select the passage in the text, or pick its sentences.")
    return start, end


def _confirm_all(request, article):
    versions = {
        key.removeprefix("v-"): value for key, value in request.POST.items() if key.startswith("v-")
    }
    review.confirm_all(article_id=article.pk, versions=versions)
    return "Every link of this article is confirmed; it is reviewed.", "", None


def _fact_status(status: str, word: str):
    def act(request, article):
        pk = _fact_of(request, article)
        review.set_fact_status(fact_id=pk, version=request.POST.get("version", ""), status=status)
        return f"Fact {word}.", f"fact-{pk}", None

    return act


def _correct_fact(request, article):
    pk = _fact_of(request, article)
    raw_si = request.POST.get("si_value", "").strip()
    try:
        si_value = float(raw_si) if raw_si else None
    except ValueError:
        raise ValueError("The value in SI units must be a number (or left blank).") from None
    review.correct_fact(
        fact_id=pk,
        version=request.POST.get("version", ""),
        value=request.POST.get("value", ""),
        si_value=si_value,
    )
    return "Fact corrected and confirmed.", f"fact-{pk}", None


def _new_incident(request, article):
    mission_key = request.POST.get("mission", "")
    if not mission_key.startswith("mission:"):
        choices = [
            t for t in review.find_targets(request.POST.get("q", "")) if t.key.startswith("mission")
        ]
        if not choices:
            raise ValueError("No mission matches; try its name, launch date or launch tag.")
        return None, None, {"new_choices": choices, "new_query": request.POST.get("q", "")}
    mission = Mission.objects.filter(pk=_int(mission_key.removeprefix("mission:"))).first()
    if mission is None:
        raise ValueError("That mission no longer exists.")
    start, end = _passage_from(request, article)
    incident = review.new_incident_from_article(
        article=article, mission=mission, start=start, end=end
    )
    return f"Draft incident “{incident.title}” created, citing this article.", "", None


DESK_ACTIONS = {
    "confirm": _confirm,
    "reject": _reject,
    "move": _move,
    "passage": _passage,
    "confirm_all": _confirm_all,
    "confirm_fact": _fact_status(Fact.Status.CONFIRMED, "confirmed"),
    "reject_fact": _fact_status(Fact.Status.REJECTED, "rejected"),
    "correct_fact": _correct_fact,
    "new_incident": _new_incident,
}
