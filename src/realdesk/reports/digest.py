"""The weekly digest: last week's headline figures mailed to each lead, in their language,
with inline SVG charts and links to the report (docs/reports.md, "Weekly digest").

Last week means Monday to Monday in REALDESK_TIME_ZONE, compared with the week before;
the figures are the report's own (the same selectors, the lead's own scope), so the mail
and the page never disagree.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from realdesk.accounts.choices import Role
from realdesk.accounts.models import User
from realdesk.comms.outbound import AgentNotice, notify_agents
from realdesk.reports.charts import table_chart
from realdesk.reports.definitions import DEFINITIONS
from realdesk.reports.filters import ReportFilter
from realdesk.reports.models import DigestSent
from realdesk.reports.periods import Period
from realdesk.reports.selectors import report_summary, report_teams
from realdesk.reports.selectors.rollups import day_start
from realdesk.reports.tables import report_tables

#: The figures a digest leads with, in this order: outcomes first.
HEADLINE = (
    "first_response",
    "resolution",
    "sla_attainment",
    "eta_met_rate",
    "promises_kept_rate",
    "callbacks_kept_rate",
    "human_wait",
    "reopen_rate",
    "csat",
    "nps",
)
#: Figures left out of a digest when neither week had any: a desk without phone callbacks
#: should not read "Callbacks kept: —" every Monday.
WHEN_ANY = {"callbacks_kept_rate"}
#: Charts in the mail: few, so it reads on a phone.
CHARTS = {"first_response": 1, "sla_by_team": 3}
#: The digest goes out from Monday this hour (local time), once per lead and week.
SEND_FROM_HOUR = 7


@dataclass(frozen=True)
class Digest:
    subject: str
    text: str
    html: str


def last_week(today: date) -> Period:
    """The Monday-to-Monday week before `today`'s, compared with the week before it."""
    monday = today - timedelta(days=today.weekday())
    return Period.between(day_start(monday - timedelta(days=7)), day_start(monday))


def digest_compose(*, lead: User, now: datetime) -> Digest:
    period = last_week(timezone.localdate(now))
    summary = report_summary(actor=lead, flt=ReportFilter(period=period), now=now)
    teams = dict(report_teams(actor=lead).values_list("pk", "name"))
    first_day = timezone.localdate(period.since)
    last_day = timezone.localdate(period.until - timedelta(seconds=1))
    query = f"range=custom&since={first_day.isoformat()}&until={last_day.isoformat()}"
    link = f"{settings.BASE_URL}{reverse('console:reports')}?{query}"
    trends = summary.trends()
    with translation.override(lead.language or settings.LANGUAGE_CODE):
        tables = report_tables(summary, teams=teams)  # their titles are the lead's to read
        context = {
            "lead": lead,
            "first_day": first_day,
            "last_day": last_day,
            "figures": [
                (name, DEFINITIONS[name], trends[name])
                for name in HEADLINE
                if name not in WHEN_ANY or {trends[name].current, trends[name].previous} != {None}
            ],
            "backlog": summary.backlog,
            "charts": [table_chart(tables[name], column=c) for name, c in CHARTS.items()],
            "link": link,
            "drill": f"{settings.BASE_URL}{reverse('console:report_tickets', args=['sla_missed'])}"
            f"?{query}",
        }
        subject = _("Support last week, %(first)s to %(last)s") % {
            "first": first_day.isoformat(),
            "last": last_day.isoformat(),
        }
        return Digest(
            subject=subject,
            text=render_to_string("reports/digest.txt", context),
            html=render_to_string("reports/digest.html", context),
        )


def digests_send_due(*, now: datetime) -> int:
    """Mail last week's digest to every active lead who has not had it yet, from Monday
    07:00 local time; returns how many were sent. Safe to run any number of times."""
    local = timezone.localtime(now)
    if local.weekday() == 0 and local.hour < SEND_FROM_HOUR:
        return 0
    week = timezone.localdate(last_week(local.date()).since)
    sent = 0
    for lead in User.objects.filter(role=Role.LEAD, is_active=True):
        try:
            with transaction.atomic():
                DigestSent.objects.create(user=lead, week=week, sent_at=now)
                digest = digest_compose(lead=lead, now=now)
                notify_agents(
                    agents=[lead],
                    notice=lambda digest=digest: AgentNotice(
                        subject=digest.subject, body=digest.text, html=digest.html
                    ),
                )
        except IntegrityError:
            continue  # another worker sent this one
        sent += 1
    return sent
