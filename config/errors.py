"""Error pages that work when the database or the shared cache does not: a 503 while either is
unreachable (with one log line per request, not a traceback), the plain 500 page otherwise.
Under /api/ each is JSON, as the API promises."""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.template import loader
from django.views import defaults
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

RETRY_AFTER_SECONDS = 30
# What a driver raises when it cannot reach the server or lost the connection. (An
# OperationalError is also a statement the server cancelled; a page whose query was cancelled
# may well work when tried again, so 503 suits it too.)
UNREACHABLE = (OperationalError, InterfaceError)
# What the Redis client raises when the cache at CACHE_URL is down or does not answer in
# time (the database cache fails as the database does, above).
CACHE_UNREACHABLE = (RedisConnectionError, RedisTimeoutError)


def database_unreachable(error: BaseException | None) -> bool:
    return isinstance(error, UNREACHABLE)


def cache_unreachable(error: BaseException | None) -> bool:
    return isinstance(error, CACHE_UNREACHABLE)


def unreachable_service(error: BaseException | None) -> str:
    """“database” or “cache” when the error says that service cannot be reached, else ""."""
    if database_unreachable(error):
        return "database"
    if cache_unreachable(error):
        return "cache"
    return ""


def asks_the_api(request) -> bool:
    return request is not None and request.path_info.startswith("/api/")


def server_error(request):
    """handler500: Django calls it inside the `except` that caught the view's error."""
    service = unreachable_service(sys.exc_info()[1])
    if service:
        response = _unavailable(request, service)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    if asks_the_api(request):
        return JsonResponse({"detail": "Server error; it has been logged."}, status=500)
    return HttpResponseServerError(loader.get_template("500.html").render())


def _unavailable(request, service: str) -> HttpResponse:
    if asks_the_api(request):
        detail = (
            f"The {service} cannot be reached just now; try again in {RETRY_AFTER_SECONDS} seconds."
        )
        return JsonResponse({"detail": detail}, status=503)
    context = {"retry_after": RETRY_AFTER_SECONDS, "service": service}
    page = loader.get_template("503.html").render(context)
    return HttpResponse(page, status=503)


def bad_request(request, exception):
    """handler400: a request Django refuses before any view (too many parameters, a host not
    allowed)."""
    if asks_the_api(request):
        return JsonResponse({"detail": "Bad request."}, status=400)
    return defaults.bad_request(request, exception)


class ShortOutageErrors(logging.Filter):
    """For the django.request log: a request that failed because the database or the cache is
    unreachable is one line ("database unreachable: connection refused"), not a traceback per
    request."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        service = unreachable_service(error)
        if service:
            first_line = str(error).strip().splitlines()[0] if str(error).strip() else ""
            record.msg = f"{service} unreachable (%s %s): %s"
            request = getattr(record, "request", None)
            record.args = (
                request and request.method,
                request and request.path,
                first_line or type(error).__name__,
            )
            record.exc_info = None
            record.exc_text = None
        return True
