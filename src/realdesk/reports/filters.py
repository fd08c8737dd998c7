"""What a report is asked about: one value the page, the API and exports all pass down."""

from dataclasses import dataclass, replace
from datetime import datetime

from realdesk.reports.periods import Period


@dataclass(frozen=True)
class ReportFilter:
    """A period, optionally one team and one channel, and whether durations count only
    open business hours (each ticket by its SLA policy's calendar) or plain elapsed time."""

    period: Period
    team_id: int | None = None
    channel: str | None = None
    business_hours: bool = True

    @property
    def since(self) -> datetime:
        return self.period.since

    @property
    def until(self) -> datetime:
        return self.period.until

    def previous(self) -> "ReportFilter":
        """The same question about the comparison period."""
        p = self.period
        return replace(self, period=Period.between(p.previous_since, p.previous_until))
