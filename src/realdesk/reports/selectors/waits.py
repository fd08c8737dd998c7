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
from datetime import UTC, date, datetime, timedelta
from typing import NamedTuple

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from realdesk.accounts.models import User
from realdesk.reports.figures import Distribution, tally_distribution
from realdesk.reports.filters import ReportFilter
from realdesk.reports.models import DailyRollup, RolledDay
from realdesk.reports.selectors.rollups import (
    WHOLE_DAY,
    Split,
    day_start,
    hour_start,
    report_split,
    rollup_rows,
)
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
    # In UTC, as the pieces' cuts are: two instants in one zone subtract by wall clock,
    # an hour off across a DST change.
    since, bounds = since.astimezone(UTC), [bound.astimezone(UTC) for bound in bounds]
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


#: One piece of a wait (`wait_pieces`): who waited, from and to, and for which ends of a
#: stretch its ticket counts (`_active_when`: those after `after`, those up to `through`),
#: instants in microseconds after the stretch's start. No team: -1.
PIECE = [
    ("customer", "<i8"),
    ("team", "<i8"),
    ("channel", "S16"),
    ("after", "<i8"),
    ("through", "<i8"),
    ("start", "<i8"),
    ("stop", "<i8"),
]
NO_TEAM = -1
#: `after` and `through` of a ticket with no such instant.
NEVER_AFTER, NEVER_THROUGH = 2**63 - 1, -(2**63)


def wait_pieces(tickets: QuerySet[Ticket], since: datetime, last: datetime):
    """Every piece of `_walked`'s waits in [since, last) as a numpy row of PIECE: what the
    rollup sums per hourly bound, and keeps for a day a comparison period ends on, so any
    instant of that day is summed from them with no walk (`pieces_waited`)."""
    import numpy as np

    origin = since.astimezone(UTC)  # see `pieces_waited`
    rows = []
    for ticket, spoke, pieces in _walked(tickets, since, last):
        after, through = _active_when(ticket, since, spoke)
        who = (
            ticket.customer_id,
            NO_TEAM if ticket.team_id is None else ticket.team_id,
            ticket.channel,
            NEVER_AFTER if after is None else _us(after - origin),
            NEVER_THROUGH if through is None else _us(through - origin),
        )
        rows += [(*who, _us(start - origin), _us(stop - origin)) for _, start, stop in pieces]
    return np.array(rows, dtype=PIECE)


def pieces_waited(pieces, since: datetime, bounds: list[datetime]) -> list[Waits]:
    """Per bound, each customer's seconds of the `pieces` (of a stretch from `since`) that
    count before it, per team and channel and across them: `waits_upto`'s waits summed
    with numpy in whole microseconds rather than as a Waited per piece and bound (a day of
    10,000 tickets has some 20,000 pieces and 24 bounds)."""
    import numpy as np

    if not len(pieces):
        return [Waits(by_key={}, across={}) for _ in bounds]
    # From UTC: two instants in one zone subtract by wall clock, an hour off across DST.
    origin = since.astimezone(UTC)
    edges = np.array([_us(bound - origin) for bound in bounds])
    start = pieces["start"][:, None]
    before = np.clip(edges - start, 0, pieces["stop"][:, None] - start)
    counts = (edges > pieces["after"][:, None]) | (edges <= pieces["through"][:, None])
    waited = np.where(counts, before, 0)
    customers, teams, channels = pieces["customer"], pieces["team"], pieces["channel"]
    by_key = [{} for _ in bounds]
    for team, channel in set(zip(teams.tolist(), channels.tolist(), strict=True)):
        theirs = (teams == team) & (channels == channel)
        key = (None if team == NO_TEAM else team, channel.decode())
        for b, seconds in enumerate(_per_customer(customers[theirs], waited[theirs])):
            if seconds:
                by_key[b][key] = seconds
    across = _per_customer(customers, waited)
    return [Waits(by_key=k, across=a) for k, a in zip(by_key, across, strict=True)]


def pieces_encode(pieces) -> bytes:
    return pieces.tobytes()


def pieces_decode(blob: bytes | memoryview):
    import numpy as np

    return np.frombuffer(blob, dtype=PIECE)


def _us(span: timedelta) -> int:
    return (span.days * 86_400 + span.seconds) * 1_000_000 + span.microseconds


def _per_customer(customers, waited) -> list[dict[int, float]]:
    """Per bound (column of `waited`, microseconds per row of `customers`), {customer:
    seconds} of the customers who waited before it."""
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
    """[start, stop) cut at local midnights: (day, from, to) of each piece, the cuts in
    UTC (see `waits_upto`)."""
    pieces = []
    zone = timezone.get_current_timezone()
    while start < stop:
        day = start.astimezone(zone).date()
        cut = min(stop, day_start(day + timedelta(days=1)).astimezone(UTC))
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
    pieced = _pieced_days(actor, split)
    read = split.without(pieced)  # those days' prefixes: the pieces hold them
    rows = rollup_rows(split=read, flt=flt)
    by_channel: dict[str, float] = defaultdict(float)
    for channel, seconds in rows.values_list("channel", "wait_seconds"):
        by_channel[channel] += seconds
    if flt.team_id is None and not flt.channel:  # across teams and channels: the day's tally
        days = RolledDay.objects.filter(read.rows_q())
    else:
        days = rows
    tally = Counter(tally_merge(days.values_list("customer_days", flat=True)))
    for gap in split.gaps:
        day = timezone.localdate(gap.since)
        if day in pieced:  # the day from midnight to the gap's end, from its pieces
            waits = _pieces_until(pieced[day], day, gap.until, flt)
            for (_, channel), customers in waits.by_key.items():
                by_channel[channel] += sum(customers.values())
            tally.update(waits.across.values())
            continue
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


def _pieced_days(actor: User, split: Split) -> dict[date, bytes]:
    """The days a gap of `split` ends mid-day, read live from their midnight or from the
    end of their rolled-up prefix, which keep their wait pieces (a comparison period's last
    day), with the pieces. Only for a reader the rollups serve: the pieces are everyone's."""
    if not actor.sees_all_teams:
        return {}
    prefixed = dict(split.prefixes)
    days = set()
    for gap in split.gaps:
        day = timezone.localdate(gap.since)
        starts = hour_start(day, prefixed[day]) if day in prefixed else day_start(day)
        if gap.since == starts and gap.until <= day_start(day + timedelta(days=1)):
            days.add(day)
    if not days:
        return {}
    kept = RolledDay.objects.filter(day__in=days, hours=WHOLE_DAY, wait_pieces__isnull=False)
    return dict(kept.values_list("day", "wait_pieces"))


def _pieces_until(blob: bytes, day: date, until: datetime, flt: ReportFilter) -> Waits:
    """Each customer's seconds waited on `day` from midnight to `until`, from the day's
    wait pieces, within the team and channel chosen."""
    pieces = pieces_decode(blob)
    if flt.team_id is not None:
        pieces = pieces[pieces["team"] == flt.team_id]
    if flt.channel:
        pieces = pieces[pieces["channel"] == flt.channel.encode()]
    return pieces_waited(pieces, day_start(day), [until])[0]


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
