"""schemathesis reads the API's OpenAPI schema and sends what it allows (and what it does not):
no answer may be a server error or disagree with the schema."""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import negative_data_rejection

from tests.factories import make_article, make_citation, make_incident, make_mission, make_vehicle


@pytest.fixture(autouse=True)
def records(db):
    # As Django's test client does: a request's end must not close the test's connection
    # (schemathesis calls the WSGI application itself).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    vehicle = make_vehicle(name="Kite")
    incident = make_incident(
        title="Kite 7 lost",
        slug="kite-7-lost",
        vehicles=[vehicle],
        mission=make_mission(name="Kite 7", vehicle=vehicle),
    )
    make_citation(incident=incident, article=make_article(title="Kite lost"))
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


# (The schema page reads no table, so it can be fetched before the test database exists.)
schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())


@schema.parametrize()
@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_answers_what_its_schema_says(case):
    # Not checked: that values the schema forbids are refused. The API reads a page size or a
    # page it cannot use as the default, as the site's pages do.
    case.call_and_validate(excluded_checks=[negative_data_rejection])
