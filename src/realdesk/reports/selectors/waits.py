"""The customer's total wait for a human, across every ticket and channel they used.

A ticket-by-ticket figure hides the customer who wrote by email, then chatted, then
called about the same thing: three short waits to us, one long one to them. So waits are
summed per customer and local day, over all their tickets and channels, and the figure is
the distribution of those customer-days. Per day, because a day is what a customer
remembers ("I spent all Tuesday waiting") and what the daily rollup can keep. Calendar
time, because a customer on two channels lives on no single business calendar.
"""

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import NamedTuple

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from realdesk.accounts.models import User
from realdesk.reports.figures import Distribution, tally_distribution
from realdesk.reports.filters import ReportFilter
from realdesk.reports.models import DailyRollup, RolledDay
from realdesk.reports.selectors.rollups import day_start, hour_start, report_split, rollup_rows
from realdesk.reports.selectors.scope import tickets_q
from realdesk.reports.tallies import seconds_decode, tally_merge
from realdesk.tickets.choices import OPEN_STATUSES, Direction
from realdesk.tickets.models import Message, Ticket

#: How far back a still-unanswered first message is looked for: a ticket opened earlier
#: and answered later is an outlier the backlog shows, and looking further back would read
#: every ticket answered since.
FIRST_WAIT_LOOKBACK = timedelta(days=7)


@dataclass(frozen=True)
class CustomerWaits:
    #: Per customer and day, the sum of their waits that day.
    overall: Distribution
    #: Seconds waited in the period, by the channel of the ticket.
    by_channel: dict[str, float]


@dataclass(frozen=True)
class Waited:
    """Part of one wait, inside one local day."""

    customer_id: int
    team_id: int | None
    channel: str
    day: date
    seconds: float


def waits_between(tickets: QuerySet[Ticket], since: datetime, until: datetime) -> list[Waited]:
    """A wait runs from a customer's message that found no agent reply pending to the next
    agent reply on that ticket; the part of it inside [since, until) counts (a wait still
    running at `until` counts up to then), cut at local midnights."""
    return waits_upto(tickets, since, [until])[0]


def waits_upto(
    tickets: QuerySet[Ticket], since: datetime, bounds: list[datetime]
) -> list[list[Waited]]:
    """`waits_between(tickets, since, bound)` for each of the ascending `bounds`, from one
    read of the messages: the rollup of a day keeps every prefix of it (midnight to 1:00,
    to 2:00, ...), each exactly as a live read of that stretch would count it.

    The tickets a wait in [since, bound) may run on: a message in it, a customer still
    waiting, or a first answer after it to a ticket opened before it. Missed: a later wait
    spanning a whole day with no message in it and answered since, and the part of a first
    wait beyond FIRST_WAIT_LOOKBACK (docs/reports.md)."""
    found: list[list[Waited]] = [[] for _ in bounds]
    for ticket, spoke, pieces in _walked(tickets, since, bounds[-1]):
        who = (ticket.customer_id, ticket.team_id, ticket.channel)
        for waits, bound in zip(found, bounds, strict=True):
            if _active(ticket, since, bound, spoke):
                waits += [
                    Waited(*who, day, (min(stop, bound) - start).total_seconds())
                    for day, start, stop in pieces
                    if start < bound
                ]
    return found


#: A team and a channel.
Key = tuple[int | None, str]


@dataclass(frozen=True)
class Waits:
    """{customer: seconds} waited in one stretch: per team and channel, and across them."""

    by_key: dict[Key, dict[int, float]]
    across: dict[int, float]


def waited_upto(tickets: QuerySet[Ticket], since: datetime, bounds: list[datetime]) -> list[Waits]:
    """For the rollup of one day (`since` its midnight, `bounds` in it), per bound: each
    customer's seconds of `waits_upto`'s waits, per team and channel and across them.
    Summed with numpy in whole microseconds rather than as a Waited per piece and bound: a
    day of 10,000 tickets has some 17,000 tickets to walk and 24 bounds."""
    import numpy as np

    walked = list(_walked(tickets, since, bounds[-1]))
    if not walked:
        return [Waits(by_key={}, across={}) for _ in bounds]
    edges = np.array([_us(bound - since) for bound in bounds])
    piece_of, starts, stops = [], [], []
    for i, (_, _, pieces) in enumerate(walked):
        for _, start, stop in pieces:
            piece_of.append(i)
            starts.append(_us(start - since))
            stops.append(_us(stop - since))
    start = np.array(starts)[:, None]
    # Each piece's part before each bound, summed per ticket, where the ticket is active.
    before = np.clip(edges - start, 0, np.array(stops)[:, None] - start)
    waited = np.zeros((len(walked), len(bounds)), dtype=np.int64)
    np.add.at(waited, piece_of, before)
    # `_active` for every ticket and bound, from each ticket's two instants.
    no_after, no_through = np.iinfo(np.int64).max, np.iinfo(np.int64).min
    when = [_active_when(ticket, since, spoke) for ticket, spoke, _ in walked]
    after = np.array([no_after if a is None else _us(a - since) for a, _ in when])[:, None]
    through = np.array([no_through if t is None else _us(t - since) for _, t in when])[:, None]
    waited = np.where((edges > after) | (edges <= through), waited, 0)
    customers = np.array([ticket.customer_id for ticket, _, _ in walked])
    keys = [(ticket.team_id, ticket.channel) for ticket, _, _ in walked]
    by_key = [{} for _ in bounds]
    for key in set(keys):
        theirs = np.array([k == key for k in keys])
        for b, seconds in enumerate(_per_customer(customers[theirs], waited[theirs])):
            if seconds:
                by_key[b][key] = seconds
    across = _per_customer(customers, waited)
    return [Waits(by_key=k, across=a) for k, a in zip(by_key, across, strict=True)]


def _us(span: timedelta) -> int:
    return (span.days * 86_400 + span.seconds) * 1_000_000 + span.microseconds


def _per_customer(customers, waited) -> list[dict[int, float]]:
    """Per bound (column of `waited`, microseconds per ticket), {customer: seconds} of the
    customers who waited before it."""
    import numpy as np

    ids, where = np.unique(customers, return_inverse=True)
    summed = np.zeros((len(ids), waited.shape[1]), dtype=np.int64)
    np.add.at(summed, where, waited)
    found = []
    for column in summed.T:
        waited_some = column > 0
        found.append(
            dict(zip(ids[waited_some].tolist(), (column[waited_some] / 1e6).tolist(), strict=True))
        )
    return found


class _Who(NamedTuple):
    """What `_walked` reads of a ticket waiting throughout: who waited. Active from the
    stretch's start, it needs none of `_About`'s instants (three datetimes to parse for
    each of the thousands a live hour finds)."""

    pk: int
    customer_id: int
    team_id: int | None
    channel: str


class _About(NamedTuple):
    """What `_walked` reads of each other ticket: who waited, and what `_active` asks."""

    pk: int
    customer_id: int
    team_id: int | None
    channel: str
    status: str
    awaiting_reply_since: datetime | None
    created_at: datetime
    first_response_at: datetime | None


def _walked(
    tickets: QuerySet[Ticket], since: datetime, last: datetime
) -> Iterator[tuple[_Who | _About, datetime | None, list[tuple[date, datetime, datetime]]]]:
    """Each candidate ticket with a wait in [since, last): the ticket, its first message at
    or after `since` (`since` itself for a ticket waiting throughout, active from the
    start), and its waits cut at local midnights (day, from, to), in order.

    A ticket waiting now since before the stretch (its `awaiting_reply_since`, the time the
    desk itself shows) waited all of it and needs no message read: the live hour of a
    report finds thousands of those. Of the others only the messages of the stretch are
    read, and whether the customer was waiting when it began; a customer's reopening
    without a message starts a wait too, from the desk's time."""
    # Most waits end before the first midnight after `since` (all of them in a rollup of a
    # day): one piece of that day, with no time zone arithmetic of its own.
    first_day = timezone.localdate(since)
    first_cut = day_start(first_day + timedelta(days=1))

    def cut(start: datetime, stop: datetime) -> list[tuple[date, datetime, datetime]]:
        if stop <= first_cut:
            return [(first_day, start, stop)] if start < stop else []
        return _cuts(start, stop)

    waiting_throughout = tickets.filter(
        status__in=OPEN_STATUSES, awaiting_reply_since__lt=since
    ).values_list(*_Who._fields)
    throughout, done = cut(since, last), set()
    for row in waiting_throughout.order_by("pk"):
        done.add(row[0])
        yield _Who(*row), since, throughout
    candidates = sorted(_candidates(tickets, since, last) - done)
    about: dict[int, _About] = {}
    streams: dict[int, list[tuple[str, datetime]]] = defaultdict(list)
    waiting_at_since: set[int] = set()
    for chunk in range(0, len(candidates), CHUNK):
        ids = candidates[chunk : chunk + CHUNK]
        rows = Ticket.objects.filter(pk__any_of=ids).values_list(*_About._fields)
        about.update((row[0], _About(*row)) for row in rows)
        waiting_at_since.update(_waiting_at(ids, since))
        messages = (
            Message.objects.filter(
                ticket_id__any_of=ids, created_at__gte=since, created_at__lt=last
            )
            .order_by("ticket_id", "created_at", "pk")
            .values_list("ticket_id", "direction", "created_at")
        )
        for ticket_id, direction, at in messages:
            streams[ticket_id].append((direction, at))
    for ticket_id in candidates:
        ticket, stream = about[ticket_id], streams.get(ticket_id, [])
        spans = _spans(stream, waiting=since if ticket_id in waiting_at_since else None)
        reopened = not spans or spans[-1][1] is not None  # by the customer, no message
        if reopened and ticket.status in OPEN_STATUSES and ticket.awaiting_reply_since:
            spans.append((ticket.awaiting_reply_since, None))
        # Each wait cut at midnights once; every bound then only trims the pieces.
        pieces = [
            piece
            for start, stop in spans
            for piece in cut(start, last if stop is None else min(stop, last))
        ]
        if pieces:  # a ticket with no wait in the stretch counts nowhere
            yield ticket, stream[0][1] if stream else None, pieces


#: Tickets whose messages are read at once: well under any database's limit of parameters.
CHUNK = 5_000


def _waiting_at(ids: list[int], since: datetime) -> list[int]:
    """The tickets among `ids` whose customer was waiting at `since`: their last message
    before it is the customer's (internal notes aside). One message a ticket, however long
    its history."""
    last_before = (
        Message.objects.filter(ticket=OuterRef("pk"), created_at__lt=since)
        .exclude(direction=Direction.NOTE)
        .order_by("-created_at", "-pk")
        .values("direction")[:1]
    )
    return list(
        Ticket.objects.filter(pk__any_of=ids)
        .annotate(last_before=Subquery(last_before))
        .filter(last_before=Direction.INBOUND)
        .values_list("pk", flat=True)
    )


def _spans(
    stream: list[tuple[str, datetime]], *, waiting: datetime | None = None
) -> list[tuple[datetime, datetime | None]]:
    """The waits of one ticket's messages: from a customer message with no reply pending
    (or from `waiting`, when the customer was already waiting then) to the next agent
    reply (None: still waiting after the last message)."""
    spans: list[tuple[datetime, datetime | None]] = []
    for direction, at in stream:
        if direction == Direction.INBOUND and waiting is None:
            waiting = at
        elif direction == Direction.OUTBOUND and waiting is not None:
            spans.append((waiting, at))
            waiting = None
    if waiting is not None:
        spans.append((waiting, None))
    return spans


def _candidates(tickets: QuerySet[Ticket], since: datetime, until: datetime) -> set[int]:
    """Every ticket `_active` may count up to `until` but those waiting since before
    `since`: three indexed reads of ids, which the database plans far better than one OR
    of three subqueries over the messages."""
    spoke = tickets.filter(
        messages__created_at__gte=since, messages__created_at__lt=until
    ).values_list("pk", flat=True)
    waiting = tickets.filter(  # since before `since`: `_walked` reads those apart
        status__in=OPEN_STATUSES, awaiting_reply_since__gte=since, awaiting_reply_since__lt=until
    )
    unanswered = tickets.filter(
        created_at__gte=since - FIRST_WAIT_LOOKBACK,
        created_at__lt=since,
        first_response_at__gte=since,
    )
    return {
        *spoke,
        *waiting.values_list("pk", flat=True),
        *unanswered.values_list("pk", flat=True),
    }


def _active(
    ticket: _Who | _About, since: datetime, until: datetime, spoke: datetime | None
) -> bool:
    """Whether a wait in [since, until) may run on `ticket` (`spoke`: its first message
    at or after `since`, or `since` for a ticket waiting throughout)."""
    after, through = _active_when(ticket, since, spoke)
    return (after is not None and after < until) or (through is not None and until <= through)


def _active_when(
    ticket: _Who | _About, since: datetime, spoke: datetime | None
) -> tuple[datetime | None, datetime | None]:
    """For which ends `until` `_active` holds: every one after the first instant (it
    spoke, or its customer is waiting now, by then) and every one up to the second (its
    first answer, for a ticket opened within FIRST_WAIT_LOOKBACK before `since`); None:
    no such end."""
    if isinstance(ticket, _Who):  # waiting throughout, so active from `since` on only
        return spoke, None
    after, waiting = spoke, ticket.awaiting_reply_since
    if ticket.status in OPEN_STATUSES and waiting is not None:
        after = waiting if after is None else min(after, waiting)
    first = ticket.first_response_at
    opened_before = since - FIRST_WAIT_LOOKBACK <= ticket.created_at < since
    return after, first if opened_before and first is not None else None


def _cuts(start: datetime, stop: datetime) -> list[tuple[date, datetime, datetime]]:
    """[start, stop) cut at local midnights: (day, from, to) of each piece."""
    pieces = []
    zone = timezone.get_current_timezone()
    while start < stop:
        day = start.astimezone(zone).date()
        cut = min(stop, day_start(day + timedelta(days=1)))
        pieces.append((day, start, cut))
        start = cut
    return pieces


def customer_day_totals(waits: list[Waited]) -> Counter:
    """{(customer, day): seconds} of the waits."""
    totals: Counter = Counter()
    for wait in waits:
        totals[wait.customer_id, wait.day] += wait.seconds
    return totals


def customer_waits(*, actor: User, flt: ReportFilter) -> CustomerWaits:
    """Per customer and day, the time spent waiting for a person, summed over all their
    tickets and channels (within the team and channel chosen, if any)."""
    split = report_split(actor=actor, flt=flt)
    rows = rollup_rows(split=split, flt=flt)
    by_channel: dict[str, float] = defaultdict(float)
    for channel, seconds in rows.values_list("channel", "wait_seconds"):
        by_channel[channel] += seconds
    if flt.team_id is None and not flt.channel:  # across teams and channels: the day's tally
        days = RolledDay.objects.filter(split.rows_q())
    else:
        days = rows
    tally = Counter(tally_merge(days.values_list("customer_days", flat=True)))
    for gap in split.gaps:
        tickets = Ticket.objects.filter(tickets_q(actor=actor, flt=gap))
        waits = waits_between(tickets, gap.since, gap.until)
        for wait in waits:
            by_channel[wait.channel] += wait.seconds
        totals = customer_day_totals(waits)
        prefixed = [
            (day, hours) for day, hours in split.prefixes if hour_start(day, hours) == gap.since
        ]
        if prefixed:
            per_row = flt.team_id is not None or bool(flt.channel)
            day, hours = prefixed[0]
            kept = _kept_seconds(day, hours, rows if per_row else None)
            if kept is None:
                totals = _rejoined(tickets, day, gap, totals, tally, per_row=per_row)
            else:
                totals = _joined(day, totals, tally, kept)
        tally.update(totals.values())
    return CustomerWaits(overall=tally_distribution(+tally), by_channel=dict(by_channel))


def _kept_seconds(
    day: date, hours: int, rows: QuerySet[DailyRollup] | None
) -> dict[int | tuple[int, int | None, str], float] | None:
    """The seconds each customer waited in the rolled-up prefix of `day` to `hours`
    o'clock, as the rollup keeps them for a day not over yet: per customer (`rows` None,
    across teams and channels) or per customer, team and channel of the `rows` read. None
    if the prefix does not keep them (a day rolled up whole)."""
    marker = RolledDay.objects.filter(day=day, hours=hours).values_list(
        "customer_seconds", flat=True
    )
    found = next(iter(marker), None)
    if found is None:
        return None
    if rows is None:
        return seconds_decode(found)
    kept: dict[int | tuple[int, int | None, str], float] = {}
    theirs = rows.filter(day=day, hours=hours).values_list("team", "channel", "customer_seconds")
    for team_id, channel, blob in theirs:
        kept.update(
            ((customer, team_id, channel), s) for customer, s in seconds_decode(blob).items()
        )
    return kept


def _joined(
    day: date, totals: Counter, tally: Counter, kept: dict[int | tuple[int, int | None, str], float]
) -> Counter:
    """As `_rejoined`, from the seconds the rollup kept: a customer who waited both in the
    rolled-up prefix of `day` and in the live stretch after it has their prefix entries
    taken out of `tally` (in whole minutes, as the rollup keeps them) and their seconds
    added to the stretch's, with no second read."""
    customers = {customer for customer, waited_on in totals if waited_on == day}
    joined = Counter(totals)
    for key, seconds in kept.items():
        customer = key[0] if isinstance(key, tuple) else key
        if customer in customers:
            tally[60.0 * round(seconds / 60)] -= 1
            joined[customer, day] += seconds
    return joined


def _rejoined(
    tickets: QuerySet[Ticket],
    day: date,
    gap: ReportFilter,
    totals: Counter,
    tally: Counter,
    *,
    per_row: bool,
) -> Counter:
    """A customer who waited both in the rolled-up prefix of `day` and in the live stretch
    after it waited one customer-day, not two: their prefix entry is taken out of `tally`
    (in whole minutes, as the rollup keeps it; per team and channel when the rollup rows
    were read) and their day to the stretch's end is counted whole, as a live read of it
    would. Only those customers are read again."""
    customers = {customer for customer, waited_on in totals if waited_on == day}
    theirs = tickets.filter(customer_id__any_of=customers)
    prefix, whole = waits_upto(theirs, day_start(day), [gap.since, gap.until])
    taken: Counter = Counter()
    for wait in prefix:
        taken[(wait.customer_id, wait.team_id, wait.channel) if per_row else wait.customer_id] += (
            wait.seconds
        )
    tally.subtract(60.0 * round(seconds / 60) for seconds in taken.values())
    joined = Counter({key: n for key, n in totals.items() if key[1] != day})
    joined.update(customer_day_totals([wait for wait in whole if wait.day == day]))
    return joined
