import pytest
from django.utils import timezone

from realdesk.core.errors import ApplicationError, PermissionDeniedError
from realdesk.incidents.actions import incident_open
from realdesk.incidents.choices import IncidentStatus


def test_an_incident_starts_investigating_with_its_first_update(incident, lead):
    assert incident.status == IncidentStatus.INVESTIGATING
    assert incident.created_by == lead
    (update,) = incident.updates.all()
    assert update.body == "We are looking into failed sign-ins."


def test_agents_cannot_open_incidents(agent):
    with pytest.raises(PermissionDeniedError):
        incident_open(actor=agent, title="Down", body="Looking")


def test_maintenance_needs_its_window_and_starts_scheduled(lead):
    with pytest.raises(ApplicationError) as error:
        incident_open(actor=lead, title="Upgrade", body="Planned", kind="maintenance")
    assert error.value.code == "window_required"
    start = timezone.now() + timezone.timedelta(days=1)
    maintenance = incident_open(
        actor=lead,
        title="Upgrade",
        body="Planned",
        kind="maintenance",
        scheduled_for=start,
        scheduled_until=start + timezone.timedelta(hours=2),
    )
    assert maintenance.status == IncidentStatus.SCHEDULED
    assert maintenance.started_at == start


@pytest.mark.parametrize("field", ["title", "body"])
def test_empty_words_are_refused(lead, field):
    words = {"title": "Down", "body": "Looking", field: "  "}
    with pytest.raises(ApplicationError):
        incident_open(actor=lead, **words)
