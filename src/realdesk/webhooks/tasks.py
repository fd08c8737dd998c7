"""Background work of the webhooks app: tasks take ids and only delegate."""

from django_tasks import task

from realdesk.core import periodic
from realdesk.webhooks.outbox import deliveries_send_due, delivery_send

SWEEP_EVERY_SECONDS = 30


@task()
def deliver_webhook(*, delivery_id: int) -> str | None:
    return delivery_send(delivery_id=delivery_id)


@periodic.every(SWEEP_EVERY_SECONDS)
@task()
def deliver_due_webhooks() -> int:
    return deliveries_send_due()
