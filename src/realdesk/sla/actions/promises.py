"""Promises: "I will update you by <time>", kept by the next reply or escalated when missed."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from realdesk.accounts.models import Customer, User
from realdesk.comms.outbound import AgentNotice, notify_agents
from realdesk.core.errors import ApplicationError
from realdesk.core.phrases import moment_words
from realdesk.sla.choices import PromiseStatus
from realdesk.sla.eta import reader_zone
from realdesk.sla.models import Promise
from realdesk.sla.promises import promise_notice, reminder_time
from realdesk.tickets.actions.common import check_not_closed, lock
from realdesk.tickets.choices import EventKind, OpenPromises, Status
from realdesk.tickets.events import (
    PromiseChanged,
    StatusChanged,
    payload_of,
    person_ref,
    promise_changed,
    record_events,
)
from realdesk.tickets.language import mail_language
from realdesk.tickets.models import Event, Ticket
from realdesk.tickets.permissions import check_can_work_on


def _solved_without_reason(ticket: Ticket) -> str:
    """Why an agent's solve released the open promises, when they did not say. The
    customer's notice quotes it, and the promise keeps it as what the customer was told:
    so it is written once, in the customer's language, like the notice around it."""
    with translation.override(mail_language(ticket.customer, ticket=ticket)):
        return gettext("the ticket was solved")


def _record(
    promise: Promise,
    what: str,
    *,
    at: datetime,
    actor: User | None = None,
    actor_customer: Customer | None = None,
    **data,
):
    payload = PromiseChanged(
        promise=promise.pk, what=promise.what, due_at=promise.due_at.isoformat(), **data
    )
    changed = promise_changed(
        ticket=promise.ticket,
        after=what,
        payload=payload,
        at=at,
        actor=actor,
        actor_customer=actor_customer,
    )
    record_events([changed])


def _notice(promise: Promise, kind: str, *, reason: str = "") -> str:
    """The customer's words for the promise, in their language and on their clock."""
    ticket = promise.ticket
    return promise_notice(
        kind,
        what=promise.what.rstrip(" ."),  # the template ends the sentence itself
        due_at=promise.due_at,
        timezone=reader_zone(ticket),
        language=mail_language(ticket.customer, ticket=ticket),
        reason=reason.rstrip(" ."),
    )


def promise_make(
    *, ticket: Ticket, agent: User, due_at: datetime, what: str, at: datetime | None = None
) -> Promise:
    """Record the agent's commitment; the customer sees it on the ticket and in mail."""
    now = at or timezone.now()
    what = " ".join(what.split())
    if not what:
        raise ApplicationError(
            gettext("Say what you will update the customer about."), code="empty"
        )
    if due_at.utcoffset() is None:
        raise ApplicationError(gettext("The promised time needs a time zone."), code="invalid_time")
    if due_at <= now:
        raise ApplicationError(
            gettext("A promise must be for a time still to come."), code="in_past"
        )
    with transaction.atomic():
        ticket = lock(ticket)
        check_can_work_on(agent, ticket)
        check_not_closed(ticket)
        promise = Promise.objects.create(
            ticket=ticket,
            agent=agent,
            what=what[:255],
            made_at=now,
            due_at=due_at,
            remind_at=reminder_time(made_at=now, due_at=due_at),
        )
        _record(promise, "made", at=now, actor=agent, customer_notice=_notice(promise, "made"))
    return promise


def promise_keep(
    *, promise: Promise, actor: User | None = None, at: datetime | None = None
) -> bool:
    """Mark an open promise kept (an update reached the customer); False if it was not open."""
    now = at or timezone.now()
    with transaction.atomic():
        kept = Promise.objects.filter(pk=promise.pk, status=PromiseStatus.OPEN).update(
            status=PromiseStatus.KEPT, kept_at=now
        )
        if kept:
            promise.status, promise.kept_at = PromiseStatus.KEPT, now
            _record(promise, "kept", at=now, actor=actor, on_time=now <= promise.due_at)
    return bool(kept)


def promises_keep_on_reply(*, event: Event) -> None:
    """A reply to the customer is the update we promised (called in its transaction)."""
    for promise in Promise.objects.filter(
        ticket=event.ticket, status=PromiseStatus.OPEN, made_at__lte=event.created_at
    ):
        promise.ticket = event.ticket
        promise_keep(promise=promise, actor=event.actor, at=event.created_at)


def promise_remind(*, promise: Promise, now: datetime) -> bool:
    """Remind the owner once, before the promise is due (a conditional update, so two
    evaluators never both send it)."""
    with transaction.atomic():
        won = Promise.objects.filter(
            pk=promise.pk, status=PromiseStatus.OPEN, reminded_at__isnull=True
        ).update(reminded_at=now)
        if won:
            ticket = promise.ticket
            notify_agents(
                agents=[a for a in (ticket.owner, promise.agent) if a is not None],
                notice=lambda: AgentNotice(
                    subject=gettext("[#%(number)s] promised update due %(due)s")
                    % {"number": ticket.number, "due": moment_words(promise.due_at)},
                    body=gettext("You promised the customer an update on: %(what)s.")
                    % {"what": promise.what},
                ),
                ticket_number=ticket.number,
            )
    return bool(won)


def promise_miss(*, promise: Promise, now: datetime) -> bool:
    """The time passed with no update: record it, tell the customer honestly; the
    PROMISE_CHANGED Event then drives escalation (condition promise_missed)."""
    with transaction.atomic():
        won = Promise.objects.filter(
            pk=promise.pk, status=PromiseStatus.OPEN, due_at__lte=now
        ).update(status=PromiseStatus.MISSED, missed_at=now)
        if won:
            promise.status, promise.missed_at = PromiseStatus.MISSED, now
            _record(promise, "missed", at=now, customer_notice=_notice(promise, "missed"))
    return bool(won)


def promise_release(
    *,
    promise: Promise,
    reason: str,
    at: datetime,
    actor: User | None = None,
    actor_customer: Customer | None = None,
) -> bool:
    """Let an open promise go with its reason; False if it was not open. The customer is
    told when an agent released it; a customer who solved the ticket themselves needs no
    word about an update they no longer wait for."""
    reason = " ".join(reason.split())[:255]
    with transaction.atomic():
        released = Promise.objects.filter(pk=promise.pk, status=PromiseStatus.OPEN).update(
            status=PromiseStatus.RELEASED, released_at=at, release_reason=reason
        )
        if released:
            promise.status, promise.released_at, promise.release_reason = (
                PromiseStatus.RELEASED,
                at,
                reason,
            )
            notice = {}
            if actor_customer is None:
                notice["customer_notice"] = _notice(promise, "released", reason=reason)
            _record(
                promise,
                "released",
                at=at,
                actor=actor,
                actor_customer=actor_customer,
                reason=reason,
                **notice,
            )
    return bool(released)


def promises_settle_on_solve(*, event: Event) -> None:
    """A solve says what becomes of the ticket's open promises (called in its transaction):
    kept open (still reminded and tracked, on the record as a decision) or released with a
    reason. A solve that says neither is refused, rolling the whole change back, so no
    promise stays open on a solved ticket without anyone having decided it."""
    if event.kind != EventKind.STATUS_CHANGED or event.after != Status.SOLVED:
        return
    promises = list(Promise.objects.filter(ticket=event.ticket, status=PromiseStatus.OPEN))
    if not promises:
        return
    solve = payload_of(event, StatusChanged)
    decision = solve.get("open_promises")
    if decision not in OpenPromises.values and event.actor_customer is not None:
        raise ApplicationError(
            gettext(
                "We still owe you an update on this request. Tell us whether you still want "
                "it, or whether you no longer need it."
            ),
            code="open_promises",
        )
    if decision not in OpenPromises.values:
        # Read by the agent (or API client) solving: their language, the console's zone.
        listed = "; ".join(
            gettext("%(what)s (by %(when)s)") % {"what": p.what, "when": moment_words(p.due_at)}
            for p in promises
        )
        raise ApplicationError(
            gettext(
                "Ticket #%(number)s has open promises to the customer: %(listed)s. Say whether "
                "to keep them open (still tracked) or release them (the customer is told why)."
            )
            % {"number": event.ticket.number, "listed": listed},
            code="open_promises",
        )
    reason = solve.get("release_reason") or _solved_without_reason(event.ticket)
    for promise in promises:
        promise.ticket = event.ticket
        if decision == OpenPromises.RELEASE:
            promise_release(
                promise=promise,
                reason=reason,
                at=event.created_at,
                actor=event.actor,
                actor_customer=event.actor_customer,
            )
        else:
            _record(
                promise,
                "kept_open",
                at=event.created_at,
                actor=event.actor,
                actor_customer=event.actor_customer,
            )


def promises_hand_over(*, event: Event) -> None:
    """The ticket's open promises go with it to its new owner (called in the transaction
    of the change of owner), so the reminders reach whoever now answers for the ticket."""
    if event.kind != EventKind.OWNER_CHANGED or not event.after:
        return
    owner = User.objects.get(pk=event.after["id"])
    promises = Promise.objects.filter(ticket=event.ticket, status=PromiseStatus.OPEN).exclude(
        agent=owner
    )
    for promise in promises.select_related("agent"):
        before = person_ref(promise.agent)
        Promise.objects.filter(pk=promise.pk).update(agent=owner)
        promise.ticket = event.ticket
        _record(
            promise,
            "handed_over",
            at=event.created_at,
            actor=event.actor,
            **{"from": before, "to": person_ref(owner)},
        )
