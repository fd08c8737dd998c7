from realdesk.reports.models.daily import DailyRollup
from realdesk.reports.models.digest_sent import DigestSent
from realdesk.reports.models.rolled_day import RolledDay

__all__ = ["DailyRollup", "DigestSent", "RolledDay"]
