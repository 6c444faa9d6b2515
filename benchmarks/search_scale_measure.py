"""search_scale's measuring: through Django's test client with DEBUG off, the time of each
request to the search page for ten representative queries, the incident list filtered by
vehicle and date range and its first and last page unfiltered, the whole list as CSV, an
incident page with 50 citations and an article page; and the substring search of today's
peers (`icontains` on every word) for the same queries."""

import re
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

QUERIES = [
    "soyuz 2016",
    '"third stage"',
    "Antares explosion",
    "Прогресс",
    "dec 2016",
    "falcon 9 anomaly",
    "Baikonur engine failure",
    "Progress MS-04",
    "Soyus",
    "turbopump",
]


@dataclass
class Measurements:
    """Milliseconds per request, as measured."""

    rows: list[tuple[str, list[float]]] = field(default_factory=list)  # what, samples
    per_query: list[tuple[str, list[float]]] = field(default_factory=list)  # the search page
    substring_per_query: list[list[float]] = field(default_factory=list)  # empty: left out

    @property
    def search_samples(self) -> list[float]:
        return [sample for _, samples in self.per_query for sample in samples]

    @property
    def substring_samples(self) -> list[float]:
        return [sample for samples in self.substring_per_query for sample in samples]


def substring_search(query: str) -> tuple[int, int]:
    """What peers do: every word (or "phrase") `icontains` in title or text; count and page."""
    from django.db.models import Q

    from articles.models import Article
    from incidents.models import Incident

    words = [a or b for a, b in re.findall(r'"([^"]+)"|(\S+)', query)][:10]
    incidents = Incident.objects.published()
    articles = Article.objects.all()
    for word in words:
        incidents = incidents.filter(Q(title__icontains=word) | Q(summary__icontains=word))
        articles = articles.filter(Q(title__icontains=word) | Q(body__icontains=word))
    found = incidents.count(), articles.count()
    list(incidents.order_by("-date")[:20])
    list(articles.order_by("-published_on").only("pk", "title")[:10])
    return found


def last_list_page() -> int:
    """The number of the unfiltered incident list's last page."""
    from incidents.models import Incident
    from incidents.views import PAGE_SIZE

    return max(1, -(-Incident.objects.published().count() // PAGE_SIZE))


def csv_export_times(repeat: int) -> list[float]:
    """The whole of /incidents.csv, streamed to its end, a third as many times as a page."""
    from django.test import Client

    client = Client()

    def export():
        response = client.get("/incidents.csv")
        assert response.status_code == 200
        size = sum(len(part) for part in response.streaming_content)
        assert size > 0

    return timed(export, max(3, repeat // 3))


def timed(call, repeat: int, warmup: int = 1) -> list[float]:
    for _ in range(warmup):
        call()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def measure(repeat: int, pages: dict, *, substring: bool = True) -> Measurements:
    """`repeat` requests per search query (three times as many per page), after one to warm
    up; with `substring`, a fifth as many substring searches per query."""
    from django.conf import settings
    from django.test import Client

    settings.DEBUG = False  # as in production: no query log
    # Each page made afresh: the page cache (config/page_cache.py) would answer every repeat.
    settings.PAGE_CACHE_SECONDS = 0
    client = Client()

    def get(url):
        def call():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        return call

    measured = Measurements()
    for query in QUERIES:
        samples = timed(get("/search/?" + urlencode({"q": query})), repeat)
        measured.per_query.append((query, samples))
    measured.rows.append(("search page, 10 queries", measured.search_samples))
    list_url = "/incidents/?" + urlencode(
        {"vehicle": pages["vehicle"], "date_from": "1990", "date_to": "2020"}
    )
    measured.rows.append(("incident list, vehicle + date range", timed(get(list_url), repeat * 3)))
    measured.rows.append(("incident list, first page", timed(get("/incidents/"), repeat * 3)))
    last_page = f"/incidents/?page={last_list_page()}"
    measured.rows.append(("incident list, last page", timed(get(last_page), repeat * 3)))
    measured.rows.append(("CSV export, every published incident", csv_export_times(repeat)))
    incident_page = timed(get(f"/incidents/{pages['incident']}/"), repeat * 3)
    measured.rows.append(("incident page, 50 citations", incident_page))
    measured.rows.append(("article page", timed(get(f"/articles/{pages['article']}/"), repeat * 3)))
    substring_repeat = max(2, repeat // 5)
    for query in QUERIES if substring else []:
        samples = timed(lambda q=query: substring_search(q), substring_repeat, warmup=0)
        measured.substring_per_query.append(samples)
    if substring:
        measured.rows.append(("icontains search, same 10 queries", measured.substring_samples))
    return measured
