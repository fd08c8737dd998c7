"""Was it solved in one go, and did the customer have to come back about it?"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Q, QuerySet, Sum

from realdesk.accounts.models import User
from realdesk.reports.figures import rate, same_issue
from realdesk.reports.filters import ReportFilter
from realdesk.reports.selectors.rollups import report_split, rollup_rows
from realdesk.reports.selectors.scope import tickets_q
from realdesk.tickets.choices import Direction
from realdesk.tickets.models import Ticket

#: A customer back about the same thing within a week was not helped the first time.
RECONTACT_WINDOW = timedelta(days=7)


@dataclass(frozen=True)
class Share:
    whole: int
    part: int

    @property
    def rate(self) -> float | None:
        return rate(self.part, self.whole)


def solved_in(*, actor: User, flt: ReportFilter) -> QuerySet[Ticket]:
    """The tickets solved in the period and still solved, as `resolution` counts them."""
    return Ticket.objects.filter(
        tickets_q(actor=actor, flt=flt), solved_at__gte=flt.since, solved_at__lt=flt.until
    )


def one_touch(*, actor: User, flt: ReportFilter) -> Share:
    """Of the tickets solved in the period (as `resolution` counts them), those solved with
    exactly one agent reply: the customer asked once and was answered once."""
    split = report_split(actor=actor, flt=flt)
    rolled = rollup_rows(split=split, flt=flt).aggregate(whole=Sum("solved"), part=Sum("one_touch"))
    whole, part = rolled["whole"] or 0, rolled["part"] or 0
    for gap in split.gaps:
        counts = (
            solved_in(actor=actor, flt=gap)
            .annotate(replies=Count("messages", filter=Q(messages__direction=Direction.OUTBOUND)))
            .aggregate(whole=Count("pk"), part=Count("pk", filter=Q(replies=1)))
        )
        whole += counts["whole"]
        part += counts["part"]
    return Share(whole=whole, part=part)


def recontacts(*, actor: User, flt: ReportFilter) -> Share:
    """Of the tickets solved in the period, those whose customer opened another ticket on
    any channel within 7 days about the same issue (`figures.same_issue` of the subjects);
    follow-ups to a closed ticket are reopens and counted there."""
    split = report_split(actor=actor, flt=flt)
    rolled = rollup_rows(split=split, flt=flt).aggregate(
        whole=Sum("solved"), part=Sum("recontacted")
    )
    whole, part = rolled["whole"] or 0, rolled["part"] or 0
    for gap in split.gaps:
        solved = solved_in(actor=actor, flt=gap)
        whole += solved.count()
        part += len(recontacted(solved))
    return Share(whole=whole, part=part)


def recontacted(solved: QuerySet[Ticket]) -> list[tuple[int, int | None, str]]:
    """(id, team, channel) of the `solved` tickets whose customer came back within the
    window about the same issue: the drill-down lists them, the rollup counts them."""
    rows = list(
        solved.values_list("pk", "team_id", "channel", "customer_id", "subject", "solved_at")
    )
    if not rows:
        return []
    later = Ticket.objects.filter(
        customer_id__any_of={row[3] for row in rows},
        created_at__gt=min(row[5] for row in rows),
        created_at__lte=max(row[5] for row in rows) + RECONTACT_WINDOW,
        follow_up_of=None,
    ).values_list("pk", "customer_id", "subject", "created_at")
    by_customer: dict[int, list] = defaultdict(list)
    for other, customer, subject, opened in later:
        by_customer[customer].append((other, subject, opened))
    return [
        (pk, team, channel)
        for pk, team, channel, customer, subject, at in rows
        if any(
            other != pk and at < opened <= at + RECONTACT_WINDOW and same_issue(subject, theirs)
            for other, theirs, opened in by_customer[customer]
        )
    ]
