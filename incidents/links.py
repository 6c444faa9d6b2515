"""Page addresses of rows, remembered.

A page links to dozens of incidents and articles, and Django's `reverse()` works each address
out afresh (about 60 µs on the benchmark machine: a tenth of a list page's rendering). The
address depends only on the view, its argument, the URL configuration and the script prefix,
so those four are the key.
"""

from collections.abc import Callable
from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

REMEMBERED = 20_000


def url_of(viewname: str, *args) -> str:
    """`reverse(viewname, args=args)`, remembered."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _reversed(urlconf, get_script_prefix(), viewname, args)


def url_maker(viewname: str) -> Callable[..., str]:
    """`url_of(viewname, …)` for the many rows of one page: the URL configuration and the
    script prefix read once: those thread- and task-local lookups are nearly all of url_of's
    4.7 us, a remembered address alone 0.2 us."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    script_prefix = get_script_prefix()
    return lambda *args: _reversed(urlconf, script_prefix, viewname, args)


@lru_cache(maxsize=REMEMBERED)
def _reversed(urlconf, script_prefix: str, viewname: str, args: tuple) -> str:
    return reverse(viewname, urlconf=urlconf, args=args)


def fixed_url(viewname: str) -> str:
    """`reverse(viewname)` of a view that takes no argument, remembered: the links every
    page's header and footer have."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _reversed_fixed(urlconf, get_script_prefix(), viewname)


@lru_cache(maxsize=256)
def _reversed_fixed(urlconf, script_prefix: str, viewname: str) -> str:
    return reverse(viewname, urlconf=urlconf)
