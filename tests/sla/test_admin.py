"""Calendars and policies are configured in the admin; saving reschedules live clocks."""

import pytest
from django_tasks_db.models import DBTaskResult

from factories import AgentFactory
from realdesk.accounts.choices import Role
from realdesk.sla.models import BusinessCalendar, SLAPolicy
from realdesk.sla.tasks import sla_reschedule_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(AgentFactory(role=Role.ADMIN))
    return client


def test_policy_with_conditions_saved_from_the_admin(
    admin_client, office, django_capture_on_commit_callbacks
):
    assert admin_client.get("/admin/sla/slapolicy/add/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/admin/sla/slapolicy/add/",
            {
                "name": "Priority customers",
                "position": "5",
                "active": "on",
                "priorities": ["high", "urgent"],
                "tiers": ["priority"],
                "calendar": str(office.pk),
                "first_response": "02:00:00",
                "next_response": "04:00:00",
                "resolution": "",
                "pause_on_hold": "on",
                "at_risk_share": "0.5",
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    policy = SLAPolicy.objects.get(name="Priority customers")
    assert (policy.priorities, policy.tiers, policy.channels) == (
        ["high", "urgent"],
        ["priority"],
        [],
    )
    assert policy.resolution is None
    assert DBTaskResult.objects.filter(task_path=sla_reschedule_task.module_path).count() == 1


def test_calendar_with_bad_hours_is_refused_with_the_reason(admin_client):
    response = admin_client.post(
        "/admin/sla/businesscalendar/add/",
        {
            "name": "Broken",
            "timezone": "Europe/Berlin",
            "weekly_hours": '{"mon": [["9am", "5pm"]]}',
            "holiday_country": "",
            "holiday_subdivision": "",
            "custom_holidays": "[]",
            "exceptions": "{}",
        },
    )
    assert response.status_code == 200
    assert "is not a time like" in response.content.decode()
    assert not BusinessCalendar.objects.filter(name="Broken").exists()
