"""Keeping what the customer was told true: when the first-response ETA moves (the queue
slipped past it, or an escalation shortened the target), the customer hears the new
time before the old one passes, and the ticket records that they did."""

from datetime import datetime, timedelta

from django.db import transaction

from realdesk.core.notices import notice_render
from realdesk.sla.eta import eta_words_set, first_response_estimate
from realdesk.sla.models import EtaPrediction
from realdesk.sla.phrasing import told_instant
from realdesk.tickets.actions.common import lock
from realdesk.tickets.choices import OPEN_STATUSES
from realdesk.tickets.events import SlaChanged, record_events, sla_changed
from realdesk.tickets.models import Ticket

#: How long before a told time passes the queue is checked against it: enough for the
#: customer to read the new time before the old one is due.
SLIP_WARNING = timedelta(hours=1)


def _last_told(ticket: Ticket) -> EtaPrediction | None:
    return EtaPrediction.objects.filter(ticket=ticket).exclude(phrase="").first()


def eta_retell(*, ticket: Ticket, now: datetime, only_later: bool = False) -> EtaPrediction | None:
    """Tell the customer the new first-response time if it differs from what they were
    told (to the quarter hour they read); `only_later`: only if it slipped. Records an
    SLA_CHANGED Event "eta_retold" carrying the customer's notice (the email channel
    sends it); returns the new told prediction, or None when nothing needed saying."""
    with transaction.atomic():
        ticket = lock(ticket)  # two passes at once: the second sees the first's telling
        told = _last_told(ticket)
        if told is None or ticket.first_response_at or ticket.status not in OPEN_STATUSES:
            return None
        new = first_response_estimate(ticket, now=now)
        before, after = told_instant(told.eta, now=now), told_instant(new.eta, now=now)
        if after == before or (only_later and after < before):
            return None
        eta_words_set(new, language=told.language)
        new.save()
        notice = notice_render(
            "sla/eta_later" if after > before else "sla/eta_sooner",
            language=new.language,
            context=lambda _: {"before": told.phrase, "after": new.phrase},
        )
        payload = SlaChanged(
            phrase=new.phrase,
            eta=new.eta.isoformat(),
            told_before=told.phrase,
            customer_notice=notice,
        )
        record_events([sla_changed(ticket=ticket, after="eta_retold", payload=payload, at=now)])
    return new


def eta_slips_announce(*, now: datetime) -> int:
    """The periodic check: each unanswered ticket whose told time comes within
    SLIP_WARNING, retold if the queue now says later. Returns how many were retold."""
    soon = (
        EtaPrediction.objects.exclude(phrase="")
        .filter(
            eta__gt=now,
            eta__lte=now + SLIP_WARNING,
            ticket__first_response_at__isnull=True,
            ticket__status__in=OPEN_STATUSES,
        )
        .values_list("ticket", flat=True)
        .distinct()
    )
    tickets = Ticket.objects.filter(pk__in=list(soon)).select_related("customer", "team")
    return sum(eta_retell(ticket=t, now=now, only_later=True) is not None for t in tickets)
