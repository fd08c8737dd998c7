"""The honest ETA: when a new ticket will really get its first human answer.

The SLA target says when we *should* answer; the queue says when we *can*: the
tickets ahead in the team, divided by the rate the team has been answering lately
(or, with no history, a modest rate per agent), laid out on the business calendar
so a closed weekend is counted as closed. The customer is told the later of the two,
in words a person uses, and every prediction is stored so its calibration (the share
answered in time) can be reported.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q, Sum
from django.utils import timezone as dj_timezone

from realdesk.accounts.choices import IdentityKind, Role
from realdesk.accounts.models import CustomerIdentity
from realdesk.core.batch_cache import remembered_in_batch
from realdesk.core.bulk import rows_insert
from realdesk.sla.calendars import BusinessCalendar
from realdesk.sla.choices import Metric
from realdesk.sla.engine import queue_wait
from realdesk.sla.models import EtaPrediction, QueueReplies, SLATarget
from realdesk.sla.pace import hour_of, queue_of
from realdesk.sla.phrasing import describe_eta, describe_told
from realdesk.sla.policies import active_policies, calendar_of
from realdesk.sla.zones import customer_zone
from realdesk.tickets.choices import OPEN_STATUSES
from realdesk.tickets.language import mail_language
from realdesk.tickets.models import Ticket

# describe_eta lives in phrasing (pure)
__all__ = [
    "customer_phones",
    "describe_eta",
    "eta_tell",
    "eta_words_set",
    "etas_tell",
    "first_response_estimate",
    "first_response_eta",
    "reader_zone",
]

THROUGHPUT_WINDOW = timedelta(days=7)


def _first_response_target(ticket: Ticket) -> SLATarget | None:
    """None without a query when no SLA policy is active: no clock was started, and a
    desk without policies (or a bulk import into one) would ask for every new ticket."""
    if not active_policies():
        return None
    return (
        SLATarget.objects.filter(ticket=ticket, metric=Metric.FIRST_RESPONSE)
        .select_related("policy__calendar")
        .order_by("started_at", "pk")  # one ticket: the default order would join tickets
        .first()
    )


def _sla_due(ticket: Ticket, now: datetime) -> tuple[datetime, BusinessCalendar]:
    row = _first_response_target(ticket)
    if row is None:
        calendar = calendar_of(None)
        default = timedelta(hours=settings.REALDESK_DEFAULT_FIRST_RESPONSE_HOURS)
        return calendar.add(ticket.created_at, default), calendar
    calendar = calendar_of(row.policy.calendar if row.policy else None)
    if row.around_the_clock:
        calendar = calendar_of(None)
    if row.due_at is not None:
        return row.due_at, calendar
    return calendar.add(now, max(row.target - row.elapsed, timedelta(0))), calendar


def _queue_eta(
    ticket: Ticket, now: datetime, calendar: BusinessCalendar
) -> tuple[datetime | None, int]:
    ahead = _tickets_ahead(ticket.team_id, ticket.awaiting_reply_since or ticket.created_at)
    since = now - THROUGHPUT_WINDOW
    answered = _answered_lately(ticket.team_id)
    agents = (
        ticket.team.members.filter(is_active=True).exclude(role=Role.READ_ONLY).count()
        if ticket.team_id
        else 0
    )
    wait = queue_wait(
        ahead=ahead, answered=answered, open_time=calendar.between(since, now), agents=agents
    )
    return (None if wait is None else calendar.add(now, wait)), ahead


@remembered_in_batch()
def _tickets_ahead(team_id: int | None, waiting_since: datetime) -> int:
    """Open tickets of the queue waiting since before this instant. Within a batch of
    inbound email one count serves every new ticket that waits since the same instant:
    the batch's own tickets wait since their email's arrival, not before it, and nothing
    in it answers or closes a ticket. (A customer reopening a ticket solved without an
    answer, in the same batch, is the one ticket such an estimate can leave out.)"""
    # A merged ticket is closed: its status leaves it out, and SQLite, asked about
    # merged_into as well, counted through that index, every ticket ever opened.
    return Ticket.objects.filter(
        _in_queue_of(team_id), status__in=OPEN_STATUSES, awaiting_reply_since__lt=waiting_since
    ).count()


@remembered_in_batch()
def _answered_lately(team_id: int | None) -> int:
    """The queue's replies in the last THROUGHPUT_WINDOW, to the hour, from the tally kept
    as they are sent (`QueueReplies`: the team the ticket was in when answered)."""
    since = hour_of(dj_timezone.now() - THROUGHPUT_WINDOW)
    tallied = QueueReplies.objects.filter(queue=queue_of(team_id), hour__gte=since)
    return tallied.aggregate(replies=Sum("replies"))["replies"] or 0


def _in_queue_of(team_id: int | None) -> Q:
    """Tickets of the team's queue; tickets with no team form a queue of their own."""
    return Q(team=team_id) if team_id else Q(team__isnull=True)


def first_response_eta(ticket: Ticket) -> datetime:
    """When the customer will hear from a person; each call is recorded for calibration
    as what they were told (`eta_tell`)."""
    return eta_tell(ticket).eta


def reader_zone(
    ticket: Ticket,
    *,
    browser: str = "",
    calendar: BusinessCalendar | None = None,
    phones: tuple[str, ...] | None = None,
) -> str:
    """The zone the ticket's customer reads times in (see `zones.customer_zone`); the
    fallback is the zone of the calendar the ticket's clock runs on. `phones`: the
    customer's phone numbers, when the caller read them already (`customer_phones`)."""
    customer = ticket.customer
    if browser or customer.timezone:
        phones = ()
    elif phones is None:
        phones = customer_phones([customer.pk]).get(customer.pk, ())
    if calendar is None:
        calendar = _sla_due(ticket, dj_timezone.now())[1]
    fallback = getattr(calendar.tz, "key", "") or settings.TIME_ZONE
    if calendar is calendar_of(None):  # no policy: 24/7 in UTC says nothing about the team
        fallback = settings.TIME_ZONE
    return customer_zone(
        browser=browser, profile=customer.timezone, phones=phones, fallback=fallback
    )


def customer_phones(customer_ids: list[int]) -> dict[int, tuple[str, ...]]:
    """The phone numbers of each customer (those with none left out), in one read."""
    found: dict[int, tuple[str, ...]] = {}
    rows = CustomerIdentity.objects.filter(customer__in=customer_ids, kind=IdentityKind.PHONE)
    for customer_id, value in rows.values_list("customer_id", "value"):
        found[customer_id] = (*found.get(customer_id, ()), value)
    return found


def eta_tell(ticket: Ticket, *, language: str = "", browser_zone: str = "") -> EtaPrediction:
    """Tell the customer when a person answers; see `etas_tell`."""
    (told,) = etas_tell([ticket], language=language, browser_zone=browser_zone)
    return told


def eta_last_told(ticket: Ticket) -> EtaPrediction | None:
    """What the customer was told last about when a person answers; None: nothing yet."""
    return EtaPrediction.objects.filter(ticket=ticket).order_by("-made_at", "-pk").first()


def etas_tell(
    tickets: list[Ticket], *, language: str = "", browser_zone: str = ""
) -> list[EtaPrediction]:
    """The first-response ETA of each ticket in words and on the customer's clock, stored
    as what the customer was told (the agent's ticket page shows it next to the SLA
    target). `language`: the language of the message it goes into (else the ticket's)."""
    now = dj_timezone.now()
    told = []
    # One read of the customers' phone numbers (their zone), not one per ticket.
    phones = customer_phones([ticket.customer_id for ticket in tickets])
    for ticket in tickets:
        sla_due, calendar = _sla_due(ticket, now)
        prediction = _estimate(ticket, now, sla_due, calendar)
        told.append(
            eta_words_set(
                prediction,
                language=language,
                browser_zone=browser_zone,
                calendar=calendar,
                phones=phones.get(ticket.customer_id, ()),
            )
        )
    rows_insert(told)
    return told


def eta_words_set(
    prediction: EtaPrediction,
    *,
    language: str = "",
    browser_zone: str = "",
    calendar: BusinessCalendar | None = None,
    phones: tuple[str, ...] | None = None,
) -> EtaPrediction:
    """Put the prediction in the customer's words, language and zone (not saved)."""
    ticket = prediction.ticket
    prediction.timezone = reader_zone(
        ticket, browser=browser_zone, calendar=calendar, phones=phones
    )
    prediction.language = language or mail_language(ticket.customer, ticket=ticket)
    prediction.phrase = describe_told(
        prediction.eta,
        now=prediction.made_at,
        timezone=prediction.timezone,
        language=prediction.language,
    )
    return prediction


def first_response_estimate(ticket: Ticket, *, now: datetime) -> EtaPrediction:
    """The prediction as of `now`, not saved: a draft that quotes it tells nobody yet,
    and only what customers are told counts in the calibration."""
    sla_due, calendar = _sla_due(ticket, now)
    return _estimate(ticket, now, sla_due, calendar)


def _estimate(
    ticket: Ticket, now: datetime, sla_due: datetime, calendar: BusinessCalendar
) -> EtaPrediction:
    queue_eta, ahead = _queue_eta(ticket, now, calendar)
    return EtaPrediction(
        ticket=ticket,
        made_at=now,
        eta=max(sla_due, queue_eta or sla_due, now),
        sla_due=sla_due,
        queue_eta=queue_eta,
        tickets_ahead=ahead,
    )
