"""incidents.services: the logic that spans models (draft incidents opened by the importer)."""

import datetime

import pytest

from incidents.models import Incident, IncidentKind, Outcome
from incidents.services import open_draft_incident
from tests.factories import make_agency, make_mission, make_vehicle


@pytest.mark.django_db
def test_a_draft_is_opened_once_per_mission_with_a_free_slug():
    vehicle, agency = make_vehicle(), make_agency()
    day = datetime.date(2016, 12, 1)
    first = make_mission(name="Zephyr 1", launch_date=day, vehicle=vehicle, agencies=[agency])
    twin = make_mission(name="Zephyr 1", launch_date=day, outcome=Outcome.SUCCESS)

    draft, created = open_draft_incident(first, kind=IncidentKind.LAUNCH)
    again, created_again = open_draft_incident(first, kind=IncidentKind.LAUNCH)
    other, _ = open_draft_incident(twin, kind=IncidentKind.LAUNCH)

    assert (created, created_again, again) == (True, False, draft)
    assert (draft.slug, other.slug) == ("zephyr-1-failure-2016", "zephyr-1-failure-2016-2")
    assert (draft.status, draft.origin, draft.outcome) == ("draft", "import", Outcome.FAILURE)
    assert list(draft.vehicles.all()) == [vehicle]
    assert list(draft.agencies.all()) == [agency]
    assert Incident.objects.count() == 2


@pytest.mark.django_db
def test_a_loss_after_a_good_launch_keeps_the_launchs_outcome_and_says_where():
    mission = make_mission(name="Capsule 7", outcome=Outcome.SUCCESS)
    draft, _ = open_draft_incident(mission, kind=IncidentKind.REENTRY)
    assert draft.title == "Capsule 7 loss on the way down"
    assert draft.outcome == Outcome.SUCCESS
