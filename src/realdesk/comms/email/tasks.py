"""Background tasks of the email channel: they take ids and only delegate."""

from django_tasks import task

from realdesk.comms.email.inbound.bulk import inbound_process_pending
from realdesk.comms.email.inbound.pipeline import inbound_process
from realdesk.comms.email.outbound.outbox import outbound_send, outbox_send_due
from realdesk.core import periodic


@task()
def send_outbound_emails(*, outbound_ids: list[int]) -> list[str | None]:
    """Emails queued together (a bulk import's acknowledgements) are sent by one task."""
    return [outbound_send(outbound_id) for outbound_id in outbound_ids]


@periodic.every(60)
@task()
def send_due_emails() -> int:
    return outbox_send_due()


@task()
def process_inbound_email(*, inbound_id: int) -> str:
    return inbound_process(inbound_id=inbound_id).outcome


@periodic.every(60)
@task()
def process_pending_emails() -> int:
    return inbound_process_pending()
