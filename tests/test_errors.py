"""Error answers (config/errors.py): under /api/ every error is JSON, as the API promises,
whether a view failed, the database cannot be reached or Django refused the request; the
pages keep their HTML error pages."""

import io
import logging

import pytest
from django.test import Client
from django.urls import path

from config.env import env_cache
from config.errors import ShortOutageErrors
from config.urls import urlpatterns as site_urls

handler400 = "config.errors.bad_request"
handler500 = "config.errors.server_error"


def failing_view(request):
    raise ValueError("a bug")


# The site's addresses, and a view with a bug under /api/ and among the pages.
urlpatterns = [path("api/failing/", failing_view), path("failing/", failing_view), *site_urls]


@pytest.fixture
def visitor():
    return Client(raise_request_exception=False)


@pytest.mark.urls(__name__)
def test_a_failing_api_view_is_a_json_500(visitor):
    response = visitor.get("/api/failing/")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Server error; it has been logged."}


@pytest.mark.urls(__name__)
def test_a_failing_page_is_the_html_500_page(visitor):
    response = visitor.get("/failing/")
    assert response.status_code == 500
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert "Something went wrong" in response.content.decode()


@pytest.mark.parametrize("address", ["/api/incidents/", "/api/search/?q=soyuz", "/api/sites/x/"])
def test_the_api_answers_a_json_503_while_the_database_is_unreachable(
    visitor, unreachable_database, address
):
    response = visitor.get(address)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "detail": "The database cannot be reached just now; try again in 30 seconds."
    }


def test_a_host_the_site_does_not_serve_is_a_json_400_under_the_api(visitor):
    response = visitor.get("/api/incidents/", HTTP_HOST="elsewhere.example")
    assert response.status_code == 400
    assert response.json() == {"detail": "Bad request."}
    response = visitor.get("/incidents/", HTTP_HOST="elsewhere.example")
    assert response.status_code == 400
    assert response["Content-Type"] == "text/html; charset=utf-8"


@pytest.fixture
def unreachable_cache(settings, monkeypatch):
    """CACHE_URL points at a port of 127.0.0.1 where nothing listens (a Redis that is down)."""
    monkeypatch.setenv("CACHE_URL", "redis://127.0.0.1:9/0")
    settings.CACHES = {"default": env_cache("CACHE_URL")}


@pytest.mark.parametrize("address", ["/incidents/", "/statistics/"])
def test_a_page_answers_503_while_the_cache_is_down(db, visitor, unreachable_cache, address):
    response = visitor.get(address)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "cannot reach its cache just now" in response.content.decode()


def test_the_api_answers_a_json_503_while_the_cache_is_down(db, visitor, unreachable_cache):
    response = visitor.get("/api/incidents/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response.json() == {
        "detail": "The cache cannot be reached just now; try again in 30 seconds."
    }


def test_a_cache_outage_is_logged_in_one_line(db, visitor, unreachable_cache):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(ShortOutageErrors())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        visitor.get("/incidents/")
    finally:
        logger.removeHandler(handler)
    (line,) = stream.getvalue().splitlines()
    assert line.startswith("cache unreachable (GET /incidents/): ")
    assert "Connection refused" in line
