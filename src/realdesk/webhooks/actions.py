"""Writes of the webhooks app: subscriptions are managed by admins, counted by the sender."""

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from realdesk.accounts.choices import Role
from realdesk.accounts.models import User
from realdesk.comms.outbound import AgentNotice, notify_agents
from realdesk.core.config_cache import config_changed
from realdesk.core.errors import ApplicationError, PermissionDeniedError
from realdesk.webhooks.choices import DeliveryStatus, WebhookEvent
from realdesk.webhooks.models import WebhookDelivery, WebhookSubscription
from realdesk.webhooks.reasons import disabled_by, disabled_reasons, failed_in_a_row
from realdesk.webhooks.signing import secret_generate
from realdesk.webhooks.urlsafety import target_check


def _check_admin(actor: User) -> None:
    if not (actor.is_active and actor.role == Role.ADMIN):
        raise PermissionDeniedError(gettext("Only admins manage webhooks."))


def _clean(*, name: str, url: str, event_types: list[str]) -> tuple[str, str, list[str]]:
    """Refuse a subscription that could never deliver, or deliver where it must not."""
    name, url = name.strip(), url.strip()
    if not name:
        raise ApplicationError(gettext("Give the webhook a name."), code="name_required")
    unknown = sorted(set(event_types) - set(WebhookEvent.values))
    if unknown:
        raise ApplicationError(
            gettext("Unknown event type %(names)s.") % {"names": ", ".join(unknown)},
            code="invalid_event_type",
        )
    if not event_types:
        raise ApplicationError(gettext("Choose at least one event."), code="event_types_required")
    target_check(url)
    return name, url, [value for value in WebhookEvent.values if value in event_types]


def subscription_create(
    *, actor: User, name: str, url: str, event_types: list[str]
) -> WebhookSubscription:
    """A new subscription with a fresh secret; the caller shows the secret once."""
    _check_admin(actor)
    name, url, event_types = _clean(name=name, url=url, event_types=event_types)
    return WebhookSubscription.objects.create(
        name=name,
        url=url,
        event_types=event_types,
        secret=secret_generate(),
        created_by=actor,
        created_at=timezone.now(),
    )


def _stop_pending(subscription: WebhookSubscription, *, reason: str) -> int:
    """What was waiting for a disabled subscription fails visibly instead of piling up."""
    return WebhookDelivery.objects.filter(
        subscription=subscription, status=DeliveryStatus.PENDING
    ).update(status=DeliveryStatus.FAILED, last_error=reason)


def subscription_update(
    *,
    actor: User,
    subscription: WebhookSubscription,
    name: str,
    url: str,
    event_types: list[str],
    is_active: bool,
) -> WebhookSubscription:
    """Change a subscription; enabling starts the failure count afresh."""
    _check_admin(actor)
    name, url, event_types = _clean(name=name, url=url, event_types=event_types)
    with transaction.atomic():
        subscription = WebhookSubscription.objects.select_for_update().get(pk=subscription.pk)
        subscription.name, subscription.url = name, url
        subscription.event_types = event_types
        if is_active and not subscription.is_active:
            subscription.consecutive_failures = 0
            subscription.disabled_at, subscription.disabled_reason = None, ""
            subscription.disabled_facts = None
        elif subscription.is_active and not is_active:
            subscription.disabled_at = timezone.now()
            reason = disabled_by(actor)
            subscription.disabled_reason = disabled_reasons.english(reason)
            subscription.disabled_facts = reason.as_data()
            _stop_pending(subscription, reason=subscription.disabled_reason)
        subscription.is_active = is_active
        subscription.save()
    return subscription


def subscription_secret_rotate(
    *, actor: User, subscription: WebhookSubscription
) -> WebhookSubscription:
    """A new secret for a leaked one; deliveries still waiting are signed with it."""
    _check_admin(actor)
    WebhookSubscription.objects.filter(pk=subscription.pk).update(secret=secret_generate())
    config_changed()  # an update sends no signal: the processes' copies must go
    subscription.refresh_from_db()
    return subscription


def subscription_count_success(*, subscription: WebhookSubscription) -> None:
    WebhookSubscription.objects.filter(pk=subscription.pk, consecutive_failures__gt=0).update(
        consecutive_failures=0
    )


def subscription_count_failure(*, subscription: WebhookSubscription, at: datetime) -> bool:
    """Count a delivery that failed for good; at the limit, disable the subscription and
    tell the admins. True if this failure disabled it (a conditional UPDATE: only once)."""
    limit = settings.REALDESK_WEBHOOK_DISABLE_AFTER
    WebhookSubscription.objects.filter(pk=subscription.pk).update(
        consecutive_failures=F("consecutive_failures") + 1
    )
    reason = failed_in_a_row(limit)
    disabled = WebhookSubscription.objects.filter(
        pk=subscription.pk, is_active=True, consecutive_failures__gte=limit
    ).update(
        is_active=False,
        disabled_at=at,
        disabled_reason=disabled_reasons.english(reason),
        disabled_facts=reason.as_data(),
    )
    if not disabled:
        return False
    config_changed()  # an update sends no signal: the processes' copies must go
    _stop_pending(subscription, reason=f"subscription disabled: {disabled_reasons.english(reason)}")
    link = reverse("admin:webhooks_webhooksubscription_change", args=[subscription.pk])
    notify_agents(
        agents=User.objects.filter(role=Role.ADMIN, is_active=True),
        notice=lambda: AgentNotice(
            subject=gettext("Webhook disabled: %(name)s") % {"name": subscription.name},
            body=gettext(
                "The webhook %(name)s (%(url)s) was disabled because %(limit)s deliveries in "
                "a row failed. Nothing more is sent to it until an admin enables it again:"
                "\n\n%(link)s\n"
            )
            % {
                "name": subscription.name,
                "url": subscription.url,
                "limit": limit,
                "link": f"{settings.BASE_URL}{link}",
            },
        ),
    )
    return True
