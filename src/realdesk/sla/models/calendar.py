from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext

from realdesk.sla import calendars

DEFAULT_WEEK = {day: [["09:00", "17:00"]] for day in ("mon", "tue", "wed", "thu", "fri")}


def default_week() -> dict:
    return {day: [list(pair) for pair in pairs] for day, pairs in DEFAULT_WEEK.items()}


class BusinessCalendar(models.Model):
    """Opening hours as an admin configures them; `build()` gives the exact arithmetic.

    Stored as plain settings (JSON hours, a holiday country) rather than expanded
    days, so a calendar stays correct for years without anyone re-entering holidays.
    """

    name = models.CharField(max_length=100, unique=True)
    timezone = models.CharField(max_length=64, default="UTC", help_text="e.g. Europe/Berlin")
    always_open = models.BooleanField(
        default=False, help_text="24/7: targets count plain elapsed time; hours are ignored."
    )
    weekly_hours = models.JSONField(
        default=default_week,
        blank=True,
        help_text='Per weekday, local (start, end) pairs: {"mon": [["09:00", "17:00"]], ...}. '
        "An end at or before its start runs past midnight.",
    )
    holiday_country = models.CharField(
        max_length=2, blank=True, help_text="ISO country code for public holidays, e.g. DE."
    )
    holiday_subdivision = models.CharField(
        max_length=10, blank=True, help_text="State or region, e.g. BY."
    )
    custom_holidays = models.JSONField(
        default=list, blank=True, help_text='Company closing days: ["2026-12-24", ...]'
    )
    exceptions = models.JSONField(
        default=dict,
        blank=True,
        help_text='Partial days replacing the normal hours: {"2026-12-31": [["09:00", "12:00"]]}',
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def build(self) -> calendars.BusinessCalendar:
        if self.always_open:
            return calendars.BusinessCalendar.always_open(self.timezone)
        return calendars.BusinessCalendar.from_settings(
            self.timezone,
            self.weekly_hours or {},
            country=self.holiday_country or None,
            subdivision=self.holiday_subdivision or None,
            extra_holidays=self.custom_holidays or (),
            exceptions=self.exceptions or {},
        )

    def clean(self) -> None:
        """Refuse settings the arithmetic cannot use, with the reason, before they are saved."""
        try:
            built = self.build()
        except (TypeError, ValueError, AttributeError) as exc:
            raise ValidationError(str(exc)) from exc
        if not built.weekly_total:
            raise ValidationError(gettext("The calendar has no opening hours in a normal week."))
