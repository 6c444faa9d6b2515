"""Public pages: no login, published incidents only."""

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render

from incidents import exports, indexes, services, statistics
from incidents.facts import aftermath, facts_table
from incidents.filters import IncidentFilter
from incidents.incident_page import published_incident
from incidents.models import Agency, Incident, LaunchSite, Mission, Vehicle, VehicleFamily
from incidents.paging import IdsFirstPaginator

PAGE_SIZE = 25

# The lists' rows query, built once per process and cloned (`.all()`) by each request: working
# out its annotations' subqueries took 2.5 ms a request at the list page's 30 ms.
LISTED_INCIDENTS = Incident.objects.published().with_list_data().with_source_count()


def paginate(request, queryset, per_page: int = PAGE_SIZE, paginator=Paginator) -> Page:
    """The requested page of `queryset`; the last page for a number past the end, the first
    for one that is not a number."""
    return paginator(queryset, per_page).get_page(request.GET.get("page"))


def paginate_incidents(request, incidents) -> Page:
    """A page of incident rows, any page number in the time of the first (paging.py)."""
    return paginate(request, incidents, paginator=IdsFirstPaginator)


def home(request):
    latest = LISTED_INCIDENTS[:10]
    return render(
        request,
        "incidents/home.html",
        {"latest": latest, "counts": services.site_counts()},
    )


def incident_list(request):
    incidents = LISTED_INCIDENTS.all()
    filterset = IncidentFilter(request.GET or None, queryset=incidents)
    if filterset.is_bound:
        # A filter that cannot be read lists nothing rather than silently everything.
        incidents = filterset.qs if filterset.is_valid() else incidents.none()
    page = paginate_incidents(request, incidents)
    return render(
        request,
        "incidents/incident_list.html",
        {"filter": filterset, "page": page, "query_string": services.query_without_page(request)},
    )


def incident_list_export(request, fmt):
    """The incident list with its filters (all pages) as a CSV or JSON file."""
    filterset = IncidentFilter(request.GET or None, queryset=Incident.objects.published())
    if filterset.is_bound and not filterset.is_valid():
        return unreadable_filters(filterset.errors.values())
    about = {"list": "incidents", "filters": given_filters(request)}
    return exports.download(exports.all_of(filterset.qs), request, fmt, "incidents", about)


def given_filters(request) -> dict[str, str]:
    return {name: value for name, value in request.GET.items() if value}


def unreadable_filters(messages) -> HttpResponseBadRequest:
    text = "\n".join(" ".join(map(str, each)) for each in messages)
    return HttpResponseBadRequest(
        f"A filter could not be read: {text}\n", content_type="text/plain"
    )


def incident_detail(request, slug):
    page = published_incident(slug)
    if page is None:
        raise Http404("No incident matches the given query.")
    incident, vehicles = page.incident, page.vehicles
    cited = services.citations_of(incident) if page.has_citations else services.NOT_CITED
    fact_rows, fact_sources = facts_table(incident, vehicles, from_articles=page.has_facts)
    neighbours = services.family_neighbours(incident, vehicles=vehicles)
    return render(
        request,
        "incidents/incident_detail.html",
        {
            "incident": incident,
            "vehicles": vehicles,
            "agencies": page.agencies,
            "citations": cited.sources,
            "context_citations": cited.in_passing,
            "mention_count": cited.mention_count,
            "fact_rows": fact_rows,
            "fact_sources": fact_sources,
            "aftermath": aftermath(incident, fact_rows, neighbours, vehicles),
            "related": neighbours.related,
        },
    )


INDEX_PAGE_SIZE = 50


def record_index(request, kind: str):
    """/vehicles/, /families/, /agencies/, /sites/: a sortable table of every record with
    launches (indexes.py)."""
    index = indexes.INDEXES[kind]
    column, descending = indexes.sort_of(request.GET.get("sort", ""))
    records = indexes.ordered(index.records(), column, descending)
    page = paginate(request, records, per_page=INDEX_PAGE_SIZE)
    return render(
        request,
        "incidents/record_index.html",
        {
            "index": index,
            "page": page,
            "rows": [indexes.record_of(obj) for obj in page.object_list],
            "headers": _sort_headers(column, descending),
            "query_string": services.query_without_page(request),
        },
    )


def _sort_headers(current: indexes.Column, descending: bool) -> list[dict]:
    """Each column's heading: the ?sort= its link asks for (the current column's reversed;
    another's, largest first for numbers, A to Z for names) and its aria-sort."""
    headers = []
    for column in indexes.COLUMNS:
        if column is current:
            sort = column.key if descending else f"-{column.key}"
            state = "descending" if descending else "ascending"
        else:
            sort = f"-{column.key}" if column.numeric else column.key
            state = ""
        headers.append({"column": column, "sort": sort, "state": state})
    return headers


def _entity_page(request, obj, incidents, template, **extra):
    page = paginate_incidents(request, incidents.with_list_data().with_source_count())
    missions = indexes.missions_of(obj)
    record = indexes.launch_record(obj, missions) if missions is not None else None
    return render(request, template, {"object": obj, "page": page, "record": record, **extra})


def vehicle_detail(request, slug):
    vehicle = get_object_or_404(Vehicle.objects.select_related("family", "manufacturer"), slug=slug)
    incidents = Incident.objects.published().for_vehicle(vehicle)
    return _entity_page(request, vehicle, incidents, "incidents/vehicle_detail.html")


def family_detail(request, slug):
    family = get_object_or_404(VehicleFamily, slug=slug)
    incidents = Incident.objects.published().for_family(family)
    return _entity_page(
        request,
        family,
        incidents,
        "incidents/family_detail.html",
        variants=family.vehicles.order_by("name", "variant"),
        chart=services.yearly_record(missions=Mission.objects.filter(vehicle__family=family)),
    )


def agency_detail(request, slug):
    agency = get_object_or_404(Agency.objects.select_related("parent"), slug=slug)
    incidents = Incident.objects.published().for_agency(agency)
    return _entity_page(
        request,
        agency,
        incidents,
        "incidents/agency_detail.html",
        chart=services.yearly_record(missions=Mission.objects.filter(agencies=agency)),
    )


def site_detail(request, slug):
    site = get_object_or_404(LaunchSite, slug=slug)
    incidents = Incident.objects.published().filter(site=site)
    return _entity_page(request, site, incidents, "incidents/site_detail.html")


def mission_detail(request, slug):
    mission = get_object_or_404(
        Mission.objects.select_related("vehicle__family", "site").prefetch_related("agencies"),
        slug=slug,
    )
    incidents = Incident.objects.published().filter(mission=mission)
    return _entity_page(
        request,
        mission,
        incidents,
        "incidents/mission_detail.html",
        mentioned_in=services.articles_mentioning(mission),
    )


def about(request):
    """What counts as an incident, where the data come from, how to cite and correct."""
    return render(
        request,
        "incidents/about.html",
        {"counts": services.site_counts(), "contact_email": settings.CONTACT_EMAIL},
    )


def statistics_page(request):
    """Charts of the whole catalog; `family` (a family's slug) shows that family's success rate
    over time instead of the families with the most launches (404 for an unknown one)."""
    page = statistics.statistics_page(family_slug=request.GET.get("family", "").strip())
    status = 404 if page.unknown_family else 200
    return render(request, "incidents/statistics.html", {"page": page}, status=status)
