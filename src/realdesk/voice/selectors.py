"""Reads for the phone channel. Caller look-ups act for the phone line itself (the caller
identified by their number); anything an agent reads takes `actor=`."""

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncHour
from django.utils import timezone
from django.utils.translation import gettext

from realdesk.accounts.choices import IdentityKind, Role
from realdesk.accounts.models import Customer, CustomerIdentity, User
from realdesk.core.errors import PermissionDeniedError
from realdesk.knowledge.models import ArticleTranslation
from realdesk.knowledge.selectors import published_translations
from realdesk.sla.models import BusinessCalendar
from realdesk.sla.policies import calendar_of
from realdesk.tickets.choices import OPEN_STATUSES
from realdesk.tickets.models import Message, Ticket
from realdesk.tickets.permissions import visible_tickets_q
from realdesk.voice.choices import CallStatus
from realdesk.voice.models import Call, Callback, QueueEntry
from realdesk.voice.slots import open_slots
from realdesk.voice.staffing import (
    StaffingHour,
    agents_by_hour,
    arrivals_by_hour,
    staffing_week,
)


def caller_customer(*, number: str) -> Customer | None:
    identity = (
        CustomerIdentity.objects.select_related("customer")
        .filter(kind=IdentityKind.PHONE, value=number)
        .first()
    )
    return identity.customer if identity else None


def caller_open_ticket(*, customer: Customer | None) -> Ticket | None:
    """The caller's most recently active open request: the one they most likely call about."""
    if customer is None:
        return None
    return (
        Ticket.objects.filter(customer=customer, status__in=OPEN_STATUSES)
        .order_by("-updated_at", "-pk")
        .first()
    )


def faq_spoken(*, language: str, limit: int = 3) -> list[ArticleTranslation]:
    """The week's most helpful answers that have a short spoken version, at most `limit`."""
    week_ago = timezone.now() - timedelta(days=7)
    return list(
        published_translations(language=language)
        .exclude(spoken_text="")
        .annotate(
            helped=Count(
                "article__feedback",
                filter=Q(
                    article__feedback__helpful=True,
                    article__feedback__created_at__gte=week_ago,
                ),
            )
        )
        .order_by("-helped", "pk")[:limit]
    )


def phone_agents() -> QuerySet[User]:
    return User.objects.filter(is_active=True, role__in=[Role.AGENT, Role.LEAD, Role.ADMIN])


def phone_agent_by_email(*, email: str) -> User | None:
    """The agent a dequeue webhook names (the provider knows agents only by what the
    desk configured on their phone)."""
    return phone_agents().filter(email__iexact=email.strip()).first() if email.strip() else None


def call_waited_seconds(*, call: Call) -> int:
    """The wait measured so far (the provider's QueueTime, as last reported)."""
    entry = QueueEntry.objects.filter(call=call).first()
    return entry.wait_seconds if entry else 0


def agents_free() -> int:
    """Agents not on a call right now: who could pick up the next caller. The provider
    does not say which agent took a call, so calls in progress are counted, not named."""
    on_calls = Call.objects.filter(status=CallStatus.ANSWERED).count()
    return max(0, phone_agents().count() - on_calls)


def callers_waiting() -> int:
    return Call.objects.filter(status=CallStatus.QUEUED).count()


def callback_list(*, actor: User, status: str = "") -> QuerySet[Callback]:
    """The callbacks on tickets the actor may see, the earliest window first."""
    callbacks = Callback.objects.filter(
        ticket__in=Ticket.objects.filter(visible_tickets_q(actor))
    ).select_related("ticket", "customer")
    return callbacks.filter(status=status) if status else callbacks


def callback_get(*, actor: User, pk: int) -> Callback:
    return callback_list(actor=actor).get(pk=pk)


def _desk_calendar():
    """The first business calendar (the support team's; always open when none is set up)."""
    return calendar_of(BusinessCalendar.objects.order_by("pk").first())


def callbacks_offered() -> bool:
    """Whether a channel other than the phone itself (the chat widget) offers a call back:
    the desk's choice (REALDESK_CALLBACKS_ENABLED), so a desk nobody phones from never
    promises a call."""
    return settings.REALDESK_CALLBACKS_ENABLED


def callback_windows(*, now: datetime) -> list[tuple[datetime, datetime]]:
    """The windows a customer may pick: the desk calendar's open hours."""
    return open_slots(_desk_calendar(), now=now)


HISTORY_WEEKS = 4


def staffing_plan(*, actor: User, now: datetime) -> list[StaffingHour]:
    """The coming week per hour, for leads: calls expected from the last four weeks,
    agents on, agents who were really there in that hour of the week (they wrote a reply
    or a note), agents the target (REALDESK_VOICE_TARGET_*) needs."""
    if actor.role not in (Role.LEAD, Role.ADMIN):
        raise PermissionDeniedError(gettext("Staffing is for leads."))
    calendar = _desk_calendar()
    since = now - timedelta(weeks=HISTORY_WEEKS)
    started = Call.objects.filter(started_at__gte=since, started_at__lt=now).values_list(
        "started_at", flat=True
    )
    # Distinct (hour, agent) pairs in the database: at most 672 hours x the agents.
    worked = (
        Message.objects.filter(
            created_at__gte=since, created_at__lt=now, author_agent__isnull=False
        )
        .annotate(hour=TruncHour("created_at", tzinfo=UTC))
        .values_list("hour", "author_agent_id")
        .order_by()
        .distinct()
    )
    return staffing_week(
        start=now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1),
        arrivals=arrivals_by_hour(list(started), weeks=HISTORY_WEEKS, tz=calendar.tz),
        available=agents_by_hour(list(worked), weeks=HISTORY_WEEKS, tz=calendar.tz),
        calendar=calendar,
        agents=phone_agents().count(),
        handle_seconds=settings.REALDESK_VOICE_HANDLE_SECONDS,
        target=settings.REALDESK_VOICE_TARGET_PERCENT / 100,
        answer_within_seconds=settings.REALDESK_VOICE_TARGET_SECONDS,
    )
