"""Writes of the phone channel: calls become messages in the customer's thread, and
callbacks are promises with a window, tries and an honest notice when missed."""

from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Concat
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from realdesk.accounts.actions import customer_identify
from realdesk.accounts.choices import IdentityKind
from realdesk.accounts.models import Customer, User
from realdesk.accounts.notify import leads_of
from realdesk.comms.choices import OutboundKind
from realdesk.comms.outbound import AgentNotice, customer_mail, notify_agents
from realdesk.core.errors import ApplicationError
from realdesk.core.phrases import clock_words, moment_words
from realdesk.sla.eta import eta_tell, reader_zone
from realdesk.sla.promises import promise_notice
from realdesk.tickets.actions import message_receive, note_add, ticket_open
from realdesk.tickets.choices import Channel
from realdesk.tickets.events import PromiseChanged, promise_changed, record_events
from realdesk.tickets.language import mail_language
from realdesk.tickets.models import Message, Ticket
from realdesk.tickets.permissions import check_can_work_on
from realdesk.voice.choices import (
    CallbackOutcome,
    CallbackSource,
    CallbackStatus,
    CallStatus,
    LegDirection,
)
from realdesk.voice.models import Call, Callback, CallbackAttempt, CallLeg, QueueEntry, Recording

# What an outcome leaves the callback as; the others are tries that count toward the policy.
_FINAL = {
    CallbackOutcome.REACHED: CallbackStatus.REACHED,
    CallbackOutcome.WRONG_NUMBER: CallbackStatus.WRONG_NUMBER,
}


def call_start(
    *,
    provider: str,
    provider_id: str,
    number: str,
    callback_number: str,
    language: str,
    customer: Customer | None,
) -> Call:
    """The call as it rings in; a provider retrying its webhook gets the same call back.
    `callback_number` is the caller ID in E.164, empty when it is withheld or unusable."""
    now = timezone.now()
    with transaction.atomic():
        call, created = Call.objects.get_or_create(
            provider=provider,
            provider_id=provider_id,
            defaults={
                "from_number": number,
                "callback_number": callback_number,
                "customer": customer,
                "language": language,
                "status": CallStatus.MENU,
                "started_at": now,
            },
        )
        if created:
            CallLeg.objects.create(
                call=call, direction=LegDirection.INBOUND, number=number, started_at=now
            )
    return call


def call_callback_number(*, call: Call, number: str) -> None:
    """The number the caller typed because their caller ID was withheld: where we call back."""
    Call.objects.filter(pk=call.pk).update(callback_number=number)
    call.callback_number = number


def call_about(*, call: Call, ticket: Ticket) -> None:
    """The caller chose their open request: the call joins that thread."""
    Call.objects.filter(pk=call.pk).update(ticket=ticket)
    call.ticket = ticket


def call_answer(*, call: Call, agent: User) -> None:
    """An agent took the caller off the queue: who answered, for the thread."""
    with transaction.atomic():
        Call.objects.filter(pk=call.pk).update(answered_by=agent)
        CallLeg.objects.create(
            call=call, direction=LegDirection.OUTBOUND, number="", started_at=timezone.now()
        )
    call.answered_by = agent


def call_enqueue(*, call: Call) -> None:
    with transaction.atomic():
        QueueEntry.objects.get_or_create(call=call, defaults={"entered_at": timezone.now()})
        Call.objects.filter(pk=call.pk).update(status=CallStatus.QUEUED)
        call.status = CallStatus.QUEUED


def call_wait_measure(*, call: Call, waited_seconds: int) -> None:
    """The provider's own count of the wait, kept as it grows (never shrinks on a late retry)."""
    entry, _ = QueueEntry.objects.get_or_create(call=call, defaults={"entered_at": timezone.now()})
    if waited_seconds > entry.wait_seconds:
        QueueEntry.objects.filter(pk=entry.pk).update(wait_seconds=waited_seconds)


def _call_language(call: Call, customer: Customer) -> str:
    """The language the call's record in the thread is written in: the customer's (see
    `_call_message`), else the one the caller chose on the phone."""
    ticket = call.ticket if call.ticket_id else None
    if ticket is None and not customer.language:
        return call.language or settings.LANGUAGE_CODE
    return mail_language(customer, ticket=ticket)


def _call_message(call: Call, customer: Customer, answered: bool, waited: int) -> Message:
    """The call as a message in the customer's thread: on the request they chose, else a
    new phone ticket. Written once, in the customer's language: the thread (and the
    ticket's subject) is what the customer reads back in the support center, and a
    message is a record, kept as it was written rather than rewritten for each reader."""
    with translation.override(_call_language(call, customer)):
        body = _call_text(call, answered, waited)
        subject = _("Phone call from %(caller)s") % {"caller": customer.name or call.from_number}
    if call.ticket_id:
        return message_receive(
            ticket=call.ticket, customer=customer, body_text=body, channel=Channel.PHONE
        )
    ticket = ticket_open(
        customer=customer,
        subject=subject,
        body_text=body,
        channel=Channel.PHONE,
        language=call.language,
    )
    return ticket.messages.earliest("pk")


def call_leave_queue(
    *, call: Call, result: str, waited_seconds: int, recording_url: str = ""
) -> Callback | None:
    """The caller left the queue. Bridged to a person: the call is recorded in the thread.
    Anything else (hung up, left at the limit, pressed 1 for a callback) is a missed call,
    and a missed call is a callback. A caller with no number to call back on (withheld,
    none typed) cannot be a customer or a callback: the call alone records the miss."""
    now = timezone.now()
    answered = result == "bridged"
    with transaction.atomic():
        call = (
            Call.objects.select_for_update(of=("self",))
            .select_related("answered_by")
            .get(pk=call.pk)
        )
        QueueEntry.objects.update_or_create(
            call=call,
            defaults={"left_at": now, "wait_seconds": waited_seconds, "result": result},
            create_defaults={
                "entered_at": now - timedelta(seconds=waited_seconds),
                "left_at": now,
                "wait_seconds": waited_seconds,
                "result": result,
            },
        )
        if recording_url:
            Recording.objects.create(call=call, url=recording_url)
        call.status = CallStatus.ANSWERED if answered else CallStatus.MISSED
        call.ended_at = None if answered else now
        customer = call.customer
        if customer is None and call.callback_number:
            customer = customer_identify(
                kind=IdentityKind.PHONE, value=call.callback_number, language=call.language
            )
        if customer is None:
            call.save(update_fields=["status", "ended_at"])
            return None
        message = _call_message(call, customer, answered, waited_seconds)
        call.customer, call.ticket, call.message = customer, message.ticket, message
        call.save(update_fields=["customer", "ticket", "message", "status", "ended_at"])
        if answered:
            return None
        return callback_create(
            ticket=message.ticket,
            phone=call.callback_number,
            source=CallbackSource.PHONE,
            call=call,
        )


def _call_text(call: Call, answered: bool, waited_seconds: int) -> str:
    """What the thread keeps of the call: who called, the wait, who answered, the recording;
    in the active language."""
    if not answered:
        what = _("missed, a callback is due")
    elif call.answered_by:
        what = _("answered by %(agent)s") % {"agent": call.answered_by.name}
    else:
        what = pgettext("phone call", "answered")
    lines = [
        _("Inbound call from %(number)s, waited %(seconds)s s: %(what)s.")
        % {"number": call.from_number, "seconds": waited_seconds, "what": what}
    ]
    if call.callback_number and call.callback_number != call.from_number:
        lines.append(
            _("Call back on %(number)s (typed by the caller).") % {"number": call.callback_number}
        )
    lines += [_recording_line(recording.url) for recording in call.recordings.all()]
    return "\n".join(lines)


def _recording_line(url: str) -> str:
    return _("Recording: %(url)s") % {"url": url}


def call_finish(*, call: Call, duration_seconds: int, recording_url: str = "") -> None:
    """The call is over: its length is kept, and whoever had it is free for the next one.
    A missed call stays missed (its callback is already due). An answered call's record in
    the thread gets the length (and a recording the provider made of the conversation):
    the provider tells both only now, after the thread message was written."""
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=call.pk)
        if call.status == CallStatus.ENDED:
            return  # a retried status callback: told once
        answered = call.status == CallStatus.ANSWERED
        call.duration_seconds = duration_seconds
        call.ended_at = timezone.now()
        call.status = CallStatus.MISSED if call.status == CallStatus.MISSED else CallStatus.ENDED
        call.save(update_fields=["duration_seconds", "ended_at", "status"])
        if recording_url:
            Recording.objects.create(call=call, url=recording_url)
        if answered and call.message_id:
            minutes, seconds = divmod(duration_seconds, 60)
            # Part of the message written in the customer's language (`_call_message`).
            with translation.override(_call_language(call, call.customer)):
                addition = "\n" + _("Call length: %(minutes)s min %(seconds)s s.") % {
                    "minutes": minutes,
                    "seconds": seconds,
                }
                if recording_url:
                    addition += "\n" + _recording_line(recording_url)
            Message.objects.filter(pk=call.message_id).update(
                body_text=Concat("body_text", Value(addition))
            )


def _confirm_text(callback: Callback) -> str:
    """In the active language (the caller overrides it with the customer's), the window in
    the zone the customer reads times in."""
    if callback.asap:
        when = _("as soon as a person is free")
    else:
        zone = ZoneInfo(reader_zone(callback.ticket))
        when = _("between %(start)s and %(end)s") % {
            "start": moment_words(callback.window_start, zone),
            "end": clock_words(callback.window_end, zone),
        }
    return _(
        "We will call you back on %(phone)s %(when)s. If we cannot reach you, we try again "
        "up to %(tries)s times and then write to you."
    ) % {"phone": callback.phone, "when": when, "tries": settings.REALDESK_CALLBACK_TRIES}


def callback_create(
    *,
    ticket: Ticket,
    phone: str,
    source: str,
    window: tuple[datetime, datetime] | None = None,
    call: Call | None = None,
) -> Callback:
    """Promise a call back: within `window`, or as soon as possible (a window of
    REALDESK_CALLBACK_ASAP_MINUTES from now). Confirmed by email when we have an address."""
    now = timezone.now()
    if window is None:
        start, end = now, now + timedelta(minutes=settings.REALDESK_CALLBACK_ASAP_MINUTES)
    else:
        start, end = window
        if end <= start or end <= now:
            raise ApplicationError(_("Pick a window still to come."), code="invalid_window")
    with transaction.atomic():
        callback = Callback.objects.create(
            customer=ticket.customer,
            ticket=ticket,
            call=call,
            phone=phone,
            source=source,
            window_start=start,
            window_end=end,
            asap=window is None,
            next_try_at=start,
            created_at=now,
        )
        _mail_customer(ticket, lambda: (_("We will call you back"), _confirm_text(callback)))
    return callback


def callback_record_outcome(*, callback: Callback, agent: User, outcome: str) -> Callback:
    """One try and how it went. Reached or a wrong number ends the callback; otherwise it
    is tried again after REALDESK_CALLBACK_RETRY_MINUTES, and after the last try the
    customer gets an email with when a person will answer instead."""
    if outcome not in CallbackOutcome.values:
        raise ApplicationError(
            _("Unknown outcome %(outcome)r.") % {"outcome": outcome}, code="invalid_outcome"
        )
    now = timezone.now()
    with transaction.atomic():
        callback = Callback.objects.select_for_update().get(pk=callback.pk)
        check_can_work_on(agent, callback.ticket)
        if callback.status != CallbackStatus.PENDING:
            raise ApplicationError(_("This callback is already closed."), code="callback_closed")
        CallbackAttempt.objects.create(callback=callback, agent=agent, outcome=outcome, at=now)
        callback.attempts += 1
        # An internal note is its author's words, in the language the agent works in
        # (the active one): colleagues read notes as written, and a note's text is what
        # search, exports and the API read, so it is not rewritten for each reader.
        note_add(
            ticket=callback.ticket,
            agent=agent,
            body_text=_("Callback try %(attempt)s to %(phone)s: %(outcome)s.")
            % {
                "attempt": callback.attempts,
                "phone": callback.phone,
                "outcome": CallbackOutcome(outcome).label.lower(),
            },
        )
        if outcome in _FINAL:
            callback.status = _FINAL[outcome]
        elif callback.attempts >= settings.REALDESK_CALLBACK_TRIES:
            callback.status = CallbackStatus.GAVE_UP
            _tell_gave_up(callback)
        else:
            callback.next_try_at = now + timedelta(minutes=settings.REALDESK_CALLBACK_RETRY_MINUTES)
            callback.reminded_at = None  # the next try is reminded like the first
        callback.save(update_fields=["attempts", "status", "next_try_at", "reminded_at"])
    return callback


def _tell_gave_up(callback: Callback) -> None:
    ticket = callback.ticket
    # In the mail's language, on their clock, and remembered as what they were told.
    when = eta_tell(ticket, language=mail_language(ticket.customer, ticket=ticket)).phrase
    _mail_customer(
        ticket,
        lambda: (
            _("We could not reach you"),
            _(
                "We tried to call you on %(phone)s %(tries)s times and could not reach you. "
                "A person will answer your request by email %(when)s."
            )
            % {"phone": callback.phone, "tries": callback.attempts, "when": when},
        ),
    )


def _mail_customer(ticket: Ticket, write: Callable[[], tuple[str, str]]) -> None:
    """Mail the customer when we have their address; `write` gives (subject, body) and
    runs in the customer's language."""
    with translation.override(mail_language(ticket.customer, ticket=ticket)):
        subject, body = write()
    customer_mail(
        kind=OutboundKind.NOTIFICATION,
        ticket=ticket,
        subject=f"[#{ticket.number}] {subject}",
        body_text=body,
    )


def callback_miss(*, callback: Callback, now: datetime) -> bool:
    """The window passed with nobody reached: an escalation to the leads and an honest
    notice to the customer, exactly as a missed promise (a PROMISE_CHANGED "missed" Event,
    which the email reactions turn into the notice). Once per callback."""
    with transaction.atomic():
        won = Callback.objects.filter(
            pk=callback.pk,
            status=CallbackStatus.PENDING,
            missed_at__isnull=True,
            window_end__lte=now,
        ).update(missed_at=now)
        if not won:
            return False
        ticket = callback.ticket
        language = mail_language(ticket.customer, ticket=ticket)
        with translation.override(language):
            what = _("a call back on %(phone)s") % {"phone": callback.phone}
        notice = promise_notice(
            "missed",
            what=what,
            due_at=callback.window_end,
            timezone=reader_zone(ticket),
            language=language,
        )
        payload = PromiseChanged(
            callback=callback.pk,
            what=what,
            due_at=callback.window_end.isoformat(),
            customer_notice=notice,
        )
        record_events([promise_changed(ticket=ticket, after="missed", payload=payload, at=now)])
        notify_agents(
            agents=leads_of(ticket.team_id) + ([ticket.owner] if ticket.owner else []),
            notice=lambda: AgentNotice(
                subject=_("[#%(number)s] escalated: callback window missed")
                % {"number": ticket.number},
                body=_("The callback to %(phone)s was due by %(due)s.")
                % {"phone": callback.phone, "due": moment_words(callback.window_end)},
            ),
            ticket_number=ticket.number,
        )
    return True


def callback_remind(*, callback: Callback, now: datetime) -> bool:
    """Tell the ticket's owner (else its team's leads) once per try, as it comes due."""
    won = Callback.objects.filter(pk=callback.pk, reminded_at__isnull=True).update(reminded_at=now)
    if won:
        ticket = callback.ticket
        attempt = callback.attempts + 1
        notify_agents(
            agents=[ticket.owner] if ticket.owner else leads_of(ticket.team_id),
            notice=lambda: AgentNotice(
                subject=_("[#%(number)s] callback due: %(phone)s")
                % {"number": ticket.number, "phone": callback.phone},
                body=_(
                    "Try %(attempt)s of %(tries)s: call the customer back from %(start)s; "
                    "the promised window ends %(end)s."
                )
                % {
                    "attempt": attempt,
                    "tries": settings.REALDESK_CALLBACK_TRIES,
                    "start": moment_words(callback.next_try_at),
                    "end": moment_words(callback.window_end),
                },
            ),
            ticket_number=ticket.number,
        )
    return bool(won)


def callbacks_check(*, now: datetime) -> int:
    """The periodic pass: remind the owner as each try comes due (a few minutes ahead: the
    window's start, then every retry), and escalate every callback whose window passed
    unkept. Returns how many were escalated."""
    due_soon = Callback.objects.filter(
        status=CallbackStatus.PENDING,
        reminded_at__isnull=True,
        next_try_at__lte=now + timedelta(minutes=settings.REALDESK_CALLBACK_REMIND_MINUTES),
    ).select_related("ticket", "ticket__owner")
    for callback in due_soon:
        callback_remind(callback=callback, now=now)
    due = Callback.objects.filter(
        status=CallbackStatus.PENDING, missed_at__isnull=True, window_end__lte=now
    ).select_related("ticket", "ticket__owner")
    return sum(callback_miss(callback=callback, now=now) for callback in due)
