"""Whole public pages, cached for anonymous readers under the data version.

A page in PAGES, asked for by GET or HEAD by someone without a session (anonymous: an editor
has one), is answered from the shared cache when it holds that page for the current data
version (incidents/data_version.py); else the page is made as usual and kept there, unless
it might differ for someone else: an answer other than 200, one that sets a cookie (a CSRF
token was made for it, or the session changed), one marked private or not to be stored, one
that varies on a request header the key does not hold. Every write that changes what a page
shows changes the version, so a cached page is never older than the data, in any process.

The key holds the page's full address (scheme, host, path and query string: the About page
writes its own address), the Accept header, the day (the About page writes today's date), the
data version and the code's stamp (a deploy changes it: no page made by the code before is
given again, though the cache, in the database or Redis, outlives the processes). The answer
is kept as its status, headers and bytes, and given back as they were: the middleware stands
inside those that add the same headers to every answer (security, sessions, CSRF), so a
cached answer passes through them as a fresh one does.

No page uses a CSP nonce (settings.CONTENT_SECURITY_POLICY allows this site's own scripts and
styles only), so a cached page holds nothing that belongs to one answer alone.

The API's incident list and pages are kept as the pages are, and an answer from the cache is
not counted by the API's rate limits: it costs what /robots.txt costs, and the pages that show
the same data have no limit. What the limits guard, answers made afresh, is counted as before.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import cache as once
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import cc_delim_re, patch_vary_headers

from incidents import data_version

# The pages kept, by URL name.
PAGES = frozenset(
    {
        "incidents:home",
        "incidents:list",
        "incidents:detail",
        "incidents:statistics",
        "incidents:about",
        "incidents:vehicles",
        "incidents:families",
        "incidents:agencies",
        "incidents:sites",
        "incidents:vehicle",
        "incidents:family",
        "incidents:agency",
        "incidents:site",
        "incidents:mission",
        "search:search",
        "api:incident-list",
        "api:incident-detail",
    }
)
# What makes the pages: the site's apps and its templates.
CODE = ("api", "articles", "config", "incidents", "search", "templates")
# The request headers an answer may vary on: the key holds the first, and only anonymous
# readers (no session cookie) get or fill a cached page.
VARIES_ON = {"accept", "cookie"}
NOT_STORED = {"private", "no-store", "no-cache"}


class PageCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _is_public_page(request):
            return self.get_response(request)
        key = page_key(request)
        kept = cache.get(key)
        if kept is not None:
            return _answer_from(kept)
        response = self.get_response(request)
        if may_keep(request, response):
            if getattr(request, "session", None) is not None and request.session.accessed:
                # What the session middleware adds next, kept for a cached answer too (which
                # reads no session): the API's login check reads it.
                patch_vary_headers(response, ("Cookie",))
            cache.set(key, _kept(response), settings.PAGE_CACHE_SECONDS)
        return response


def page_key(request: HttpRequest) -> str:
    """The cache key of the page asked for."""
    accept = request.headers.get("Accept", "")
    address = request.build_absolute_uri()
    day = timezone.now().date().isoformat()
    digest = hashlib.sha256(f"{address}\n{accept}\n{day}".encode()).hexdigest()
    return f"page:{_code_stamp()}:{data_version.current()}:{digest}"


@once
def _code_stamp() -> str:
    return code_stamp(settings.BASE_DIR)


def code_stamp(root: Path) -> str:
    """The name, size and time of change of every Python file and template that makes the
    pages, under `root`, in one short digest."""
    digest = hashlib.sha256()
    files = (path for folder in CODE for path in (root / folder).rglob("*") if path.is_file())
    for path in sorted(files):
        if path.suffix not in (".py", ".html", ".txt"):
            continue
        stat = path.stat()
        digest.update(f"{path.relative_to(root)}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]


def may_keep(request: HttpRequest, response: HttpResponse) -> bool:
    """Whether this answer is the same for every anonymous reader of the page."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):  # a form's token: a cookie to set
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    cache_control = {
        part.split("=")[0].strip().lower()
        for part in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    if cache_control & NOT_STORED:
        return False
    varies = {h.strip().lower() for h in response.get("Vary", "").split(",") if h.strip()}
    return varies <= VARIES_ON


def _is_public_page(request: HttpRequest) -> bool:
    """A page of PAGES, read (GET or HEAD) by someone anonymous."""
    anonymous_read = (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "Authorization" not in request.headers
    )
    if not anonymous_read:
        return False
    try:
        return resolve(request.path_info).view_name in PAGES
    except Resolver404:
        return False


def _kept(response: HttpResponse) -> tuple[int, list[tuple[str, str]], bytes]:
    return response.status_code, list(response.items()), response.content


def _answer_from(kept: tuple[int, list[tuple[str, str]], bytes]) -> HttpResponse:
    status, headers, content = kept
    response = HttpResponse(content, status=status)
    for name in list(response.headers):
        del response.headers[name]
    for name, value in headers:
        response.headers[name] = value
    return response
