from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from realdesk.accounts.models import User
from realdesk.core.errors import ApplicationError
from realdesk.tickets.actions.cc import MAX_TICKET_CCS
from realdesk.tickets.actions.common import check_not_closed, status_change
from realdesk.tickets.choices import Status
from realdesk.tickets.events import Merged, merged, record_events
from realdesk.tickets.models import Ticket, TicketCC
from realdesk.tickets.permissions import check_can_work_on


def ticket_merge(*, source: Ticket, target: Ticket, actor: User) -> Ticket:
    """Fold a duplicate into the ticket that carries on; nothing of its history is lost.

    The source's messages move to the target (each keeps its time, so the timeline
    stays in order), and so do the people its customer copied, who keep getting the
    replies; the source is closed and points at the target, and its own
    Events stay on it, so either number still leads to the whole story.
    """
    if source.pk == target.pk:
        raise ApplicationError(
            gettext("A ticket cannot be merged into itself."), code="invalid_merge"
        )
    with transaction.atomic():
        locked = {
            t.pk: t
            for t in Ticket.objects.select_for_update().filter(pk__in=[source.pk, target.pk])
        }
        source, target = locked[source.pk], locked[target.pk]
        for ticket in (source, target):
            check_can_work_on(actor, ticket)
            check_not_closed(ticket)
        now = timezone.now()
        moved = source.messages.update(ticket=target)
        copied = _carry_ccs(source, target, at=now)
        events = [
            merged(
                ticket=source,
                payload=Merged(
                    into=target.number,
                    messages_moved=moved,
                    **({"ccs_moved": copied} if copied else {}),
                ),
                actor=actor,
                before=source.status,
                after=Status.CLOSED,
                at=now,
            ),
            merged(
                ticket=target,
                payload={"from": source.number, "messages_moved": moved},
                actor=actor,
                at=now,
            ),
        ]
        waits = [t for t in (source.awaiting_reply_since, target.awaiting_reply_since) if t]
        target.awaiting_reply_since = min(waits) if waits else None
        latest = [
            t for t in (source.last_customer_message_at, target.last_customer_message_at) if t
        ]
        target.last_customer_message_at = max(latest) if latest else None
        if target.awaiting_reply_since and target.status in {Status.PENDING, Status.SOLVED}:
            events.append(status_change(target, Status.OPEN, actor=actor, reason="merged", at=now))
        target.updated_at = now
        target.save()
        source.status = Status.CLOSED
        source.merged_into = target
        source.close_reason = f"Merged into #{target.number}"
        source.awaiting_reply_since = None
        source.updated_at = now
        source.save()
        record_events(events)
    return target


def _carry_ccs(source: Ticket, target: Ticket, *, at) -> list[str]:
    """Copy the source's CCs onto the target (not its customer, nobody twice, within the
    cap); the addresses carried over."""
    on_target = set(target.ccs.values_list("customer_id", flat=True))
    room = MAX_TICKET_CCS - len(on_target)
    carried = [
        TicketCC(ticket=target, customer_id=cc.customer_id, address=cc.address, added_at=at)
        for cc in source.ccs.all()
        if cc.customer_id not in on_target and cc.customer_id != target.customer_id
    ][: max(room, 0)]
    TicketCC.objects.bulk_create(carried)
    return [cc.address for cc in carried]
