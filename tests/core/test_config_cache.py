"""Configuration remembered per process (core/config_cache.py): read once, forgotten at
once by the process that changes it, by the others within CHECK_EVERY seconds, and never
by a transaction that changed it itself."""

import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection, transaction
from django.db.models import F

from factories import CustomerFactory, TeamFactory, open_ticket
from realdesk.core import config_cache
from realdesk.core.models import ConfigVersion
from realdesk.sla.choices import Metric
from realdesk.sla.models import EscalationRule, SLAPolicy, SLATarget
from realdesk.sla.policies import active_policies
from realdesk.sla.selectors import escalation_rules_active
from realdesk.webhooks.models import WebhookSubscription
from realdesk.webhooks.selectors import subscriptions_listening

pytestmark = pytest.mark.django_db


def subscribe(name: str) -> WebhookSubscription:
    return WebhookSubscription.objects.create(
        name=name,
        url="https://hooks.example.com/in",
        event_types=["ticket.created"],
        secret="s3cret",
        created_at=datetime(2025, 1, 1, tzinfo=UTC),
    )


def test_configuration_is_read_once_per_process(django_assert_num_queries):
    escalation_rules_active()
    subscriptions_listening(event_type="ticket.created")
    with django_assert_num_queries(0):
        assert escalation_rules_active() is False
        assert subscriptions_listening(event_type="ticket.created") == []
        subscriptions_listening(event_type="ticket.status_changed")


def test_a_new_or_changed_subscription_is_seen_at_once():
    assert subscriptions_listening(event_type="ticket.created") == []
    hook = subscribe("CRM")
    assert subscriptions_listening(event_type="ticket.created") == [hook]
    hook.is_active = False
    hook.save()
    assert subscriptions_listening(event_type="ticket.created") == []
    hook.delete()
    assert subscriptions_listening(event_type="ticket.created") == []


def test_policy_changes_are_seen_at_once_also_through_many_to_many():
    assert active_policies() == []
    policy = SLAPolicy.objects.create(name="Gold", first_response=timedelta(hours=1))
    (loaded,) = active_policies()
    assert loaded.policy == policy
    assert loaded.conditions.team_ids == frozenset()
    team = TeamFactory()
    policy.teams.add(team)
    (loaded,) = active_policies()
    assert loaded.conditions.team_ids == {team.pk}
    policy.active = False
    policy.save()
    assert active_policies() == []


def _first_response_target(ticket) -> timedelta:
    return SLATarget.objects.get(ticket=ticket, metric=Metric.FIRST_RESPONSE).target


@pytest.mark.django_db(transaction=True)
def test_the_next_creation_uses_a_changed_sla_policy():
    policy = SLAPolicy.objects.create(name="Standard", first_response=timedelta(hours=4))
    customer = CustomerFactory()
    assert _first_response_target(open_ticket(customer=customer)) == timedelta(hours=4)
    assert _first_response_target(open_ticket(customer=customer)) == timedelta(hours=4)
    policy.first_response = timedelta(hours=1)
    policy.save()
    assert _first_response_target(open_ticket(customer=customer)) == timedelta(hours=1)


@pytest.mark.django_db(transaction=True)
def test_a_change_by_another_process_is_seen_within_the_bound():
    assert escalation_rules_active() is False  # remembered

    def other_process() -> None:
        """What another process's change leaves in the database: the rule and the moved
        version, and nothing this process is told (no signal reaches it)."""
        try:
            with transaction.atomic():
                EscalationRule.objects.bulk_create(
                    [EscalationRule(name="Angry", condition="frustration", response="notify_lead")]
                )
                ConfigVersion.objects.filter(name=config_cache.VERSION_ROW).update(
                    value=F("value") + 1
                ) or ConfigVersion.objects.create(name=config_cache.VERSION_ROW, value=1)
        finally:
            connection.close()

    thread = threading.Thread(target=other_process)
    thread.start()
    thread.join()
    time.sleep(config_cache.CHECK_EVERY)
    assert escalation_rules_active() is True


@pytest.mark.django_db(transaction=True)
def test_a_transaction_that_changed_configuration_reads_its_own():
    """Not what the process remembered, and what it read is not kept for others (it rolled
    back)."""
    assert escalation_rules_active() is False
    with pytest.raises(RuntimeError), transaction.atomic():  # noqa: PT012 (the rollback is the point)
        EscalationRule.objects.create(name="Angry", condition="frustration", response="notify_lead")
        assert escalation_rules_active() is True
        raise RuntimeError
    assert escalation_rules_active() is False
