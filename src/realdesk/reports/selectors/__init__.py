"""Reads for reports: aggregations only, each taking `actor=` and a ReportFilter."""

from realdesk.reports.selectors.backlog import Backlog, backlog
from realdesk.reports.selectors.durations import Durations, first_response, resolution
from realdesk.reports.selectors.outcomes import Csat, Reopens, csat, nps, reopen_rate
from realdesk.reports.selectors.scope import report_teams, team_check
from realdesk.reports.selectors.service import (
    Attainment,
    EtaHonesty,
    PromiseOutcomes,
    eta_met_rate,
    promises_kept_rate,
    sla_attainment,
)
from realdesk.reports.selectors.summary import Summary, report_summary

__all__ = [
    "Attainment",
    "Backlog",
    "Csat",
    "Durations",
    "EtaHonesty",
    "PromiseOutcomes",
    "Reopens",
    "Summary",
    "backlog",
    "csat",
    "eta_met_rate",
    "first_response",
    "nps",
    "promises_kept_rate",
    "reopen_rate",
    "report_summary",
    "report_teams",
    "resolution",
    "sla_attainment",
    "team_check",
]
