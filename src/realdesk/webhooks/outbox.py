"""The webhook outbox: queued in the event's transaction, sent by the worker, retried for a day.

Queueing never talks to the network, so an event and its deliveries commit together or
not at all. `delivery_send` claims a row by moving it from pending to sending (a
conditional UPDATE), so two workers never send the same delivery at once. The claim is a
lease (core/leases.py): a delivery whose sender stopped mid-send is logged as a failed try
and retried like any other (receivers dedupe on the delivery ID). Every try is logged with
its response code.
"""

import json
import logging
import time
import uuid
from datetime import datetime, timedelta
from functools import partial

from django.db import transaction
from django.utils import timezone

from realdesk.core.enqueue import task_enqueue
from realdesk.core.leases import lease_claim, leases_run_out
from realdesk.tickets.models import Event
from realdesk.webhooks.actions import subscription_count_failure, subscription_count_success
from realdesk.webhooks.choices import DeliveryStatus
from realdesk.webhooks.models import WebhookAttempt, WebhookDelivery
from realdesk.webhooks.payloads import payload_body
from realdesk.webhooks.selectors import subscriptions_listening
from realdesk.webhooks.signing import signature
from realdesk.webhooks.transport import post
from realdesk.webhooks.urlsafety import UnsafeTargetError, target_check

logger = logging.getLogger(__name__)

DELIVER_TASK = "realdesk.webhooks.tasks.deliver_webhook"
RETRY_FOR = timedelta(hours=24)
FIRST_WAIT = timedelta(seconds=30)
LONGEST_WAIT = timedelta(hours=1)


def backoff(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min, ... at most an hour: a receiver's outage is ridden out, not
    hammered, and a day of it still means some thirty tries."""
    return min(FIRST_WAIT * 2 ** (attempts - 1), LONGEST_WAIT)


def deliveries_queue(*, event: Event, event_type: str) -> list[WebhookDelivery]:
    """One delivery per active subscription to this type; call inside the event's
    transaction. The body is written now, so retries send the same bytes."""
    if not subscriptions_listening(event_type=event_type):
        return []
    return deliveries_queue_body(
        event_type=event_type, body=payload_body(event, event_type), event=event
    )


def stamp(at: datetime | None) -> str | None:
    """An instant as payloads write it: UTC with a Z."""
    return at.isoformat().replace("+00:00", "Z") if at else None


def deliveries_queue_data(*, event_type: str, data: dict) -> list[WebhookDelivery]:
    """Another domain's event (an incident's, a chat's) in the one envelope every payload
    has: `type`, `timestamp` and `data`, which starts with `occurred_at`."""
    if not subscriptions_listening(event_type=event_type):
        return []
    now = stamp(timezone.now())
    body = json.dumps(
        {"type": event_type, "timestamp": now, "data": {"occurred_at": now, **data}},
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return deliveries_queue_body(event_type=event_type, body=body)


def deliveries_queue_body(
    *, event_type: str, body: str, event: Event | None = None
) -> list[WebhookDelivery]:
    """The same for a payload another domain wrote (an incident's), with no ticket event."""
    subscriptions = subscriptions_listening(event_type=event_type)
    now = timezone.now()
    deliveries = [
        WebhookDelivery.objects.create(
            webhook_id=f"msg_{uuid.uuid4().hex}",
            subscription=subscription,
            event=event,
            event_type=event_type,
            body=body,
            next_attempt_at=now,
            created_at=now,
        )
        for subscription in subscriptions
    ]
    for delivery in deliveries:
        transaction.on_commit(partial(task_enqueue, DELIVER_TASK, delivery_id=delivery.pk))
    return deliveries


def _claim(delivery_id: int) -> WebhookDelivery | None:
    due = WebhookDelivery.objects.filter(
        pk=delivery_id,
        status=DeliveryStatus.PENDING,
        next_attempt_at__lte=timezone.now(),
        subscription__is_active=True,
    )
    if not lease_claim(due, sending=DeliveryStatus.SENDING):
        return None
    return WebhookDelivery.objects.select_related("subscription").get(pk=delivery_id)


def _headers(delivery: WebhookDelivery, timestamp: int) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "User-Agent": "RealDesk-Webhooks/1",
        "webhook-id": delivery.webhook_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature(
            secret=delivery.subscription.secret,
            webhook_id=delivery.webhook_id,
            timestamp=timestamp,
            body=delivery.body,
        ),
    }


def _attempt(delivery: WebhookDelivery, at: datetime) -> tuple[int | None, str]:
    """Send once; the response code and what went wrong ("" when delivered)."""
    try:
        target = target_check(delivery.subscription.url)
        response = post(
            target=target,
            headers=_headers(delivery, int(at.timestamp())),
            body=delivery.body.encode(),
        )
    except UnsafeTargetError as error:
        return None, error.message
    except Exception as error:
        return None, f"{type(error).__name__}: {error}"
    if 300 <= response.status < 400:
        return response.status, f"redirects are not followed (to {response.location})"
    if not 200 <= response.status < 300:
        return response.status, f"the receiver answered {response.status}"
    return response.status, ""


def _next_status(delivery: WebhookDelivery, *, error: str, at: datetime) -> str:
    if not error:
        return DeliveryStatus.DELIVERED
    first = delivery.first_attempt_at or at
    if at + backoff(delivery.attempts) - first > RETRY_FOR:
        return DeliveryStatus.FAILED
    return DeliveryStatus.PENDING


def _finish(
    delivery: WebhookDelivery, *, status_code: int | None, error: str, at: datetime, ms: int
) -> str:
    status = _next_status(delivery, error=error, at=at)
    with transaction.atomic():
        WebhookAttempt.objects.create(
            delivery=delivery,
            attempted_at=at,
            status_code=status_code,
            error=error[:500],
            duration_ms=ms,
        )
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            status=status,
            first_attempt_at=delivery.first_attempt_at or at,
            next_attempt_at=at + backoff(delivery.attempts),
            last_error=error[:2000],
            delivered_at=at if status == DeliveryStatus.DELIVERED else None,
        )
        if status == DeliveryStatus.DELIVERED:
            subscription_count_success(subscription=delivery.subscription)
        elif status == DeliveryStatus.FAILED:
            subscription_count_failure(subscription=delivery.subscription, at=at)
    return status


def delivery_send(*, delivery_id: int) -> str | None:
    """Try one delivery if it is due; its new status, or None if it was not ours to send."""
    delivery = _claim(delivery_id)
    if delivery is None:
        return None
    at = timezone.now()
    started = time.monotonic()
    status_code, error = _attempt(delivery, at)
    ms = round((time.monotonic() - started) * 1000)
    if error:
        logger.warning(
            "webhook %s attempt %s failed: %s", delivery.webhook_id, delivery.attempts, error
        )
    return _finish(delivery, status_code=status_code, error=error, at=at, ms=ms)


def deliveries_due_ids(limit: int = 500) -> list[int]:
    return list(
        WebhookDelivery.objects.filter(
            status=DeliveryStatus.PENDING,
            next_attempt_at__lte=timezone.now(),
            subscription__is_active=True,
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )


def deliveries_release_stale() -> int:
    """Deliveries whose sender stopped mid-send: logged as a failed try, then retried or
    failed for good by the usual rules. Returns how many."""
    at = timezone.now()
    taken = leases_run_out(WebhookDelivery.objects.all(), sending=DeliveryStatus.SENDING)
    for delivery in WebhookDelivery.objects.select_related("subscription").filter(pk__in=taken):
        _finish(delivery, status_code=None, error="the sender stopped while sending", at=at, ms=0)
    return len(taken)


def deliveries_send_due() -> int:
    """Send whatever is due (retries, deliveries whose sender stopped mid-send, and anything
    whose own task was lost)."""
    deliveries_release_stale()
    return sum(
        delivery_send(delivery_id=pk) == DeliveryStatus.DELIVERED for pk in deliveries_due_ids()
    )
