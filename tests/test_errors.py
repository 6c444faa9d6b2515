"""Error answers (config/errors.py): under /api/ every error is JSON, as the API promises,
whether a view failed, the database cannot be reached or Django refused the request; the
pages keep their HTML error pages."""

import pytest
from django.test import Client
from django.urls import path

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
