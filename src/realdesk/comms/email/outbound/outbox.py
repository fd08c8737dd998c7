"""The transactional outbox: mail is queued in the transaction that causes it, then sent.

Queueing never talks to the network, so a reply and its email commit together or not
at all. `outbound_send` claims a row by moving it from queued to sending (a conditional
UPDATE), so two workers never send the same email. The claim is a lease (core/leases.py):
an email whose sender stopped mid-send counts as a failed attempt and is sent again with
the same Message-ID (a copy that did go out before the crash is the same email to the
customer's mail client), or fails visibly on the ticket after the last attempt.

Mail about no ticket (sign-in links, agent notifications) has no thread and no ticket
reply address; its failures are shown on its own row (status and last error) and logged.
Callers go through the outbound service (comms/outbound.py), not through this module.
"""

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta
from email.utils import make_msgid
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from realdesk.comms.choices import OutboundKind, OutboundStatus
from realdesk.comms.email.addressing import support_address, ticket_reply_address
from realdesk.comms.models import AddressFlag, OutboundEmail
from realdesk.core.bulk import rows_insert
from realdesk.core.enqueue import task_enqueue
from realdesk.core.leases import lease_claim, leases_run_out
from realdesk.tickets import events
from realdesk.tickets.choices import Direction
from realdesk.tickets.models import Message, Ticket

logger = logging.getLogger(__name__)

SEND_TASK = "realdesk.comms.email.tasks.send_outbound_emails"
MAX_REFERENCES = 20


def _thread(ticket: Ticket) -> tuple[str, str]:
    """In-Reply-To (the customer's latest Message-ID) and References (the conversation's
    Message-IDs, oldest first), from one read of each table."""
    messages = list(
        ticket.messages.exclude(external_id="").values_list(
            "created_at", "pk", "external_id", "direction"
        )
    )
    outbound = ticket.outbound_emails.values_list("created_at", "rfc_message_id")
    conversation = sorted([*((at, mid) for at, _, mid, _ in messages), *outbound])
    from_customer = [(at, pk, mid) for at, pk, mid, way in messages if way == Direction.INBOUND]
    in_reply_to = max(from_customer)[2] if from_customer else ""
    return in_reply_to, " ".join(mid for _, mid in conversation[-MAX_REFERENCES:])


# Kinds whose body carries a one-time link that signs someone in: kept only until the
# email has been sent or given up on, so the outbox is no drawer full of keys.
ONE_TIME_LINK_KINDS = frozenset({OutboundKind.SIGN_IN, OutboundKind.UNLOCK})
ONE_TIME_LINK_REMOVED = "(removed once sent: it carried a one-time link)"


def outbound_new(
    *,
    kind: str,
    ticket: Ticket | None,
    to_address: str,
    subject: str,
    body_text: str,
    body_html: str = "",
    message: Message | None = None,
    cc_addresses: Sequence[str] = (),
    answering: Message | None = None,
) -> OutboundEmail:
    """One email, about a ticket or (ticket None) about none, not queued yet (see
    `outbox_queue_all`).

    `answering` is the one message of a ticket just opened, when that is all the thread
    there is (an acknowledgement): its Message-ID is the thread, without reading it back.
    """
    now = timezone.now()
    domain = support_address().partition("@")[2] or "localhost"
    if answering is not None:
        in_reply_to = references = answering.external_id
    elif ticket is not None:
        in_reply_to, references = _thread(ticket)
    else:
        in_reply_to = references = ""
    idstring = f"t{ticket.number}" if ticket is not None else kind
    return OutboundEmail(
        kind=kind,
        ticket=ticket,
        message=message,
        to_address=to_address,
        cc_addresses=" ".join(cc_addresses),
        subject=subject[:255],
        body_text=body_text,
        body_html=body_html,
        rfc_message_id=make_msgid(idstring=idstring, domain=domain).strip("<>"),
        in_reply_to=in_reply_to,
        references=references,
        created_at=now,
        next_attempt_at=now,
    )


def outbox_queue(**email: Any) -> OutboundEmail:
    """Queue one email (the arguments of `outbound_new`); call inside the causing
    transaction."""
    (queued,) = outbox_queue_all([outbound_new(**email)])
    return queued


def outbox_queue_all(emails: list[OutboundEmail]) -> list[OutboundEmail]:
    """Queue emails in one insert; once committed, one task sends them all."""
    queued = rows_insert(emails)
    ids = [outbound.pk for outbound in queued]
    if ids:
        transaction.on_commit(partial(task_enqueue, SEND_TASK, outbound_ids=ids))
    return queued


def _as_email(outbound: OutboundEmail, *, cc: Sequence[str] = ()) -> EmailMultiAlternatives:
    headers = {"Message-ID": f"<{outbound.rfc_message_id}>"}
    if outbound.ticket is not None:
        headers["Reply-To"] = ticket_reply_address(outbound.ticket.number)
    if outbound.in_reply_to:
        headers["In-Reply-To"] = f"<{outbound.in_reply_to}>"
    if outbound.references:
        headers["References"] = " ".join(f"<{mid}>" for mid in outbound.references.split())
    if outbound.kind != OutboundKind.REPLY:
        # RFC 3834: tells other robots not to answer this one.
        headers["Auto-Submitted"] = "auto-replied" if outbound.kind == "ack" else "auto-generated"
    mail = EmailMultiAlternatives(
        subject=outbound.subject,
        body=outbound.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[outbound.to_address],
        cc=list(cc),
        headers=headers,
    )
    if outbound.body_html:
        mail.attach_alternative(outbound.body_html, "text/html")
    return mail


def delivery_failed(
    outbound: OutboundEmail,
    *,
    error: str,
    at: datetime | None = None,
    status: str | None = None,
    permanent: bool | None = None,
) -> None:
    """Show on the ticket that the customer did not get an email: nobody thinks they did.
    Mail about no ticket keeps the reason on its own row (the admin's outbox) and in the log."""
    if outbound.ticket_id is None:
        logger.warning("%s email %s to %s not delivered: %s", outbound.kind, outbound.pk,
                       outbound.to_address, error)  # fmt: skip
        OutboundEmail.objects.filter(pk=outbound.pk).update(last_error=error[:2000])
        return
    payload = events.DeliveryFailed(
        email=outbound.pk, to=outbound.to_address, kind=outbound.kind, error=error[:500]
    )
    if permanent is not None:  # a bounce says how it failed
        payload["status"], payload["permanent"] = status, permanent
    events.record_events([events.delivery_failed(ticket=outbound.ticket, payload=payload, at=at)])


def _backoff(attempts: int) -> timedelta:
    """1, 2, 4, ... minutes, at most 4 hours: a relay outage is ridden out, not hammered."""
    return timedelta(minutes=min(2 ** (attempts - 1), 240))


def _claim(outbound_id: int) -> OutboundEmail | None:
    due = OutboundEmail.objects.filter(
        pk=outbound_id, status=OutboundStatus.QUEUED, next_attempt_at__lte=timezone.now()
    )
    if not lease_claim(due, sending=OutboundStatus.SENDING):
        return None
    return OutboundEmail.objects.select_related("ticket").get(pk=outbound_id)


def _finish(outbound: OutboundEmail, status: str, *, error: str = "") -> None:
    """Record the result, and on the ticket when a customer will not get the mail."""
    now = timezone.now()
    with transaction.atomic():
        outbound.status = status
        outbound.last_error = error[:2000]
        if status == OutboundStatus.SENT:
            outbound.sent_at = now
        elif status == OutboundStatus.QUEUED:
            outbound.next_attempt_at = now + _backoff(outbound.attempts)
        if status != OutboundStatus.QUEUED and outbound.kind in ONE_TIME_LINK_KINDS:
            outbound.body_text = ONE_TIME_LINK_REMOVED
        outbound.save(
            update_fields=["status", "last_error", "sent_at", "next_attempt_at", "body_text"]
        )
        if status in {OutboundStatus.FAILED, OutboundStatus.SUPPRESSED}:
            delivery_failed(outbound, error=error, at=now)


def _attempt_failed(outbound: OutboundEmail, *, error: str) -> str:
    """Queue the email again after its backoff, or fail it on the ticket after the last
    attempt; the new status."""
    last = outbound.attempts >= settings.REALDESK_EMAIL_SEND_ATTEMPTS
    status = OutboundStatus.FAILED if last else OutboundStatus.QUEUED
    _finish(outbound, status, error=error)
    return status


def unflagged(addresses: Sequence[str]) -> list[str]:
    """The addresses that have not bounced for good (no AddressFlag), in their order."""
    if not addresses:
        return []
    flagged = set(
        AddressFlag.objects.filter(address__in=addresses).values_list("address", flat=True)
    )
    return [address for address in addresses if address not in flagged]


def outbound_send(outbound_id: int) -> str | None:
    """Send one queued email if it is due; returns its new status, or None if not ours."""
    outbound = _claim(outbound_id)
    if outbound is None:
        return None
    flag = AddressFlag.objects.filter(address=outbound.to_address).first()
    if flag:
        _finish(outbound, OutboundStatus.SUPPRESSED, error=f"address flagged: {flag.reason}")
        return OutboundStatus.SUPPRESSED
    try:
        # Copies flagged since the email was queued are left out too.
        _as_email(outbound, cc=unflagged(outbound.cc_addresses.split())).send(fail_silently=False)
    except Exception as error:
        logger.warning(
            "sending email %s failed (attempt %s): %s", outbound.pk, outbound.attempts, error
        )
        return _attempt_failed(outbound, error=f"{type(error).__name__}: {error}")
    _finish(outbound, OutboundStatus.SENT)
    return OutboundStatus.SENT


def outbox_due_ids(limit: int = 500) -> list[int]:
    return list(
        OutboundEmail.objects.filter(
            status=OutboundStatus.QUEUED, next_attempt_at__lte=timezone.now()
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )


def outbox_release_stale() -> int:
    """Emails whose sender stopped mid-send: a failed attempt, so retried (the same
    Message-ID) or, after the last one, failed on the ticket. Returns how many."""
    taken = leases_run_out(OutboundEmail.objects.all(), sending=OutboundStatus.SENDING)
    for outbound in OutboundEmail.objects.select_related("ticket").filter(pk__in=taken):
        _attempt_failed(
            outbound, error=f"the sender stopped while sending (attempt {outbound.attempts})"
        )
    return len(taken)


def outbox_send_due() -> int:
    """Send whatever is due (retries, emails whose sender stopped mid-send, and anything
    whose own task was lost)."""
    outbox_release_stale()
    return sum(outbound_send(i) == OutboundStatus.SENT for i in outbox_due_ids())
