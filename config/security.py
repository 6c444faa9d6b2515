"""Who the client is behind our reverse proxies, and what a locked-out login answers.

django-axes (login lockouts) and the API's rate limits (Django REST framework) must count the
same client: both follow settings.TRUSTED_PROXIES, through DRF's NUM_PROXIES rule.
"""

import ipaddress
import math

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max
from django.shortcuts import render
from django.utils import timezone
from rest_framework.throttling import BaseThrottle, UserRateThrottle


def client_ip(request) -> str | None:
    """The client's address (AXES_CLIENT_IP_CALLABLE): the connection's address when no proxy
    is trusted, else the one the outermost trusted proxy saw (the Nth from the right of
    X-Forwarded-For). Something that is not an address there (a client that reached the site
    without passing the proxies wrote the header) counts as the connection's address."""
    ident = BaseThrottle().get_ident(request)
    try:
        ipaddress.ip_address(ident)
    except ValueError:
        return request.META.get("REMOTE_ADDR")
    return ident


def locked_out(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the lockout page, 429, with Retry-After: the seconds until the
    address may try again (the cool-off counts from its last recorded wrong password)."""
    cool_off = get_cool_off(request)
    response = render(
        request,
        settings.AXES_LOCKOUT_TEMPLATE,
        {"cooloff_timedelta": cool_off},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
    response["Retry-After"] = str(_seconds_until_unlocked(request, cool_off))
    return response


def _seconds_until_unlocked(request, cool_off) -> int:
    last_failure = AccessAttempt.objects.filter(
        ip_address=getattr(request, "axes_ip_address", None) or client_ip(request)
    ).aggregate(last=Max("attempt_time"))["last"]
    if last_failure is None:
        return math.ceil(cool_off.total_seconds())
    left = (last_failure + cool_off - timezone.now()).total_seconds()
    return max(1, math.ceil(left))


class SignedInRateThrottle(UserRateThrottle):
    """A logged-in user's (higher) rate limit. An anonymous reader is counted by
    AnonRateThrottle alone: REST framework's UserRateThrottle would count them again, under a
    key of its own and against a limit the first always reaches sooner, at the cost of a
    second write to the shared cache for every request (on the database cache, a commit)."""

    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None
        return super().get_cache_key(request, view)
