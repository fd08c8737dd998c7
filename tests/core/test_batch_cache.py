"""Configuration read once per batch, and forgotten as soon as it changes."""

from datetime import UTC, datetime, timedelta

import pytest

from factories import TeamFactory
from realdesk.core.batch_cache import batch_scope
from realdesk.sla.models import EscalationRule, SLAPolicy
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


def test_outside_a_batch_every_call_reads(django_assert_num_queries):
    with django_assert_num_queries(2):
        subscriptions_listening(event_type="ticket.created")
        subscriptions_listening(event_type="ticket.created")


def test_inside_a_batch_the_first_call_reads(django_assert_num_queries):
    with batch_scope(), django_assert_num_queries(1):
        subscriptions_listening(event_type="ticket.created")
        subscriptions_listening(event_type="ticket.status_changed")
        with batch_scope():  # a nested scope is the same batch
            subscriptions_listening(event_type="ticket.created")


def test_a_new_or_changed_subscription_is_seen_at_once():
    with batch_scope():
        assert subscriptions_listening(event_type="ticket.created") == []
        hook = subscribe("CRM")
        assert subscriptions_listening(event_type="ticket.created") == [hook]
        hook.is_active = False
        hook.save()
        assert subscriptions_listening(event_type="ticket.created") == []
        hook.delete()
        assert subscriptions_listening(event_type="ticket.created") == []


def test_policy_changes_are_seen_at_once_also_through_many_to_many():
    with batch_scope():
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


def test_a_new_escalation_rule_is_seen_at_once():
    with batch_scope():
        assert escalation_rules_active() is False
        EscalationRule.objects.create(name="Angry", condition="frustration", response="notify_lead")
        assert escalation_rules_active() is True


def test_each_batch_reads_afresh(django_assert_num_queries):
    for _ in range(2):
        with batch_scope(), django_assert_num_queries(1):
            escalation_rules_active()
            escalation_rules_active()
