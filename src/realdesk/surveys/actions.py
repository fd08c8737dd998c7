"""Asking how it went, and hearing the answer: once per solve, changeable for a week."""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from realdesk.accounts.notify import leads_of
from realdesk.comms.choices import OutboundKind
from realdesk.comms.outbound import (
    AgentNotice,
    customer_email_address,
    customer_mail,
    notify_agents,
    ticket_mail_text,
)
from realdesk.core.errors import ApplicationError
from realdesk.core.notices import notice_render
from realdesk.sla.reasons import reasons
from realdesk.surveys.choices import Score
from realdesk.surveys.escalation import RATED_SOLUTION_BAD
from realdesk.surveys.models import NpsSurvey, Rating
from realdesk.tickets.choices import EventKind, Status
from realdesk.tickets.events import Escalated, Rated, escalated, rated, record_events
from realdesk.tickets.language import mail_language
from realdesk.tickets.models import Event, Ticket

RATING_SIGNER = signing.Signer(salt="realdesk.surveys.rating")
NPS_SIGNER = signing.Signer(salt="realdesk.surveys.nps")
CHANGEABLE_FOR = timedelta(days=7)
NPS_INTERVAL = timedelta(days=90)


def rating_value(rating: Rating) -> str:
    """What a rating link carries: the rating's id, signed, so no other can be reached."""
    return RATING_SIGNER.sign(str(rating.pk))


def rating_link(rating: Rating, *, score: str) -> str:
    path = reverse("portal:rate", kwargs={"value": rating_value(rating)})
    return f"{settings.BASE_URL}{path}?score={score}"


def _rating_request_text(rating: Rating, *, language: str) -> str:
    return ticket_mail_text(
        "surveys/rating_request",
        ticket=rating.ticket,
        language=language,
        good_link=rating_link(rating, score=Score.GOOD),
        bad_link=rating_link(rating, score=Score.BAD),
    )


def rating_ask(*, solve_event: Event) -> Rating | None:
    """Ask the customer to rate this solve, once; None if it is not a solve or not mailable."""
    if solve_event.kind != EventKind.STATUS_CHANGED or solve_event.after != Status.SOLVED:
        return None
    ticket = solve_event.ticket
    with transaction.atomic():
        rating, created = Rating.objects.get_or_create(
            solve_event=solve_event,
            defaults={
                "ticket": ticket,
                "customer_id": ticket.customer_id,
                "asked_at": solve_event.created_at,
            },
        )
        if created:  # mailed when the customer has an address (see `customer_mail`)
            language = mail_language(ticket.customer, ticket=ticket)
            with translation.override(language):
                subject = _("How did we do?") + f" [#{ticket.number}] {ticket.subject}"
            body_text = _rating_request_text(rating, language=language)
            customer_mail(
                kind=OutboundKind.NOTIFICATION, ticket=ticket, subject=subject, body_text=body_text
            )
    return rating


def rating_from_link(*, value: str) -> Rating:
    """The rating a signed link is for; ApplicationError for a forged or altered link."""
    try:
        pk = int(RATING_SIGNER.unsign(value))
    except (signing.BadSignature, ValueError):
        raise ApplicationError(_("This rating link is not valid."), code="link_invalid") from None
    rating = Rating.objects.select_related("ticket", "customer").filter(pk=pk).first()
    if rating is None:
        raise ApplicationError(_("This rating link is not valid."), code="link_invalid")
    return rating


def rating_is_open(rating: Rating) -> bool:
    return timezone.now() - rating.asked_at <= CHANGEABLE_FOR


def rating_record(*, rating: Rating, score: str, comment: str = "") -> Rating:
    """Record or change the verdict; turning bad escalates to the leads of the ticket's team."""
    if score not in Score.values:
        raise ApplicationError(_("Choose good or bad."), code="invalid_score")
    now = timezone.now()
    with transaction.atomic():
        rating = Rating.objects.select_for_update().select_related("ticket").get(pk=rating.pk)
        if not rating_is_open(rating):
            raise ApplicationError(
                _(
                    "Ratings can be changed for seven days after a request is solved; "
                    "this one can no longer be changed."
                ),
                code="rating_closed",
            )
        turned_bad = score == Score.BAD and rating.score != Score.BAD
        event = rated(
            ticket=rating.ticket,
            actor_customer=rating.customer,
            before=rating.score or None,
            after=score,
            payload=Rated(rating=rating.pk, comment=comment.strip()[:500]),
            at=now,
        )
        record_events([event])
        rating.score = score
        rating.comment = comment.strip()[:4000]
        rating.rated_at = now
        rating.save(update_fields=["score", "comment", "rated_at"])
        if turned_bad:
            _escalate_bad_rating(rating)
    return rating


def _escalate_bad_rating(rating: Rating) -> None:
    """The lead hears of an unhappy customer at once, and the ticket shows why."""
    ticket = rating.ticket
    leads = leads_of(ticket.team_id)
    payload = Escalated(
        reason=reasons.english(RATED_SOLUTION_BAD),
        facts=RATED_SOLUTION_BAD.as_data(),
        rating=rating.pk,
        comment=rating.comment[:500],
        notified=[lead.email for lead in leads],
    )
    record_events(
        [
            escalated(
                ticket=ticket, after="bad_rating", payload=payload, actor_customer=rating.customer
            )
        ]
    )

    def notice() -> AgentNotice:
        facts = {
            "number": ticket.number,
            "subject": ticket.subject,
            "customer": ticket.customer,
            "owner": ticket.owner.full_name if ticket.owner else _("nobody"),
            "comment": rating.comment or _("(none)"),
        }
        return AgentNotice(
            subject=_("Bad rating on #%(number)s: %(subject)s") % facts,
            body=_(
                "%(customer)s rated the solution of #%(number)s bad (owner: %(owner)s)."
                "\n\nTheir comment: %(comment)s"
            )
            % facts,
        )

    notify_agents(
        agents=leads,
        notice=notice,
        ticket_number=ticket.number,
    )


def nps_ask_due(*, now=None, limit: int = 200) -> int:
    """Ask "how likely are you to recommend us?" of customers whose request was solved
    in the last day, at most once per customer per 90 days. Returns how many were asked."""
    now = now or timezone.now()
    recently_asked = NpsSurvey.objects.filter(asked_at__gte=now - NPS_INTERVAL).values(
        "customer_id"
    )
    solved = (
        Ticket.objects.filter(status=Status.SOLVED, solved_at__gte=now - timedelta(days=1))
        .exclude(customer_id__in=recently_asked)
        .order_by("customer_id", "-solved_at")
    )
    asked: set[int] = set()
    for ticket in solved[:limit]:
        if ticket.customer_id not in asked and _nps_ask(ticket, now=now):
            asked.add(ticket.customer_id)
    return len(asked)


def _nps_ask(ticket: Ticket, *, now) -> bool:
    address = customer_email_address(ticket)
    if not address:
        return False
    with transaction.atomic():
        survey = NpsSurvey.objects.create(
            customer_id=ticket.customer_id, ticket=ticket, asked_at=now
        )
        path = reverse("portal:nps", kwargs={"value": NPS_SIGNER.sign(str(survey.pk))})
        language = mail_language(ticket.customer, ticket=ticket)
        with translation.override(language):
            subject = _("How likely are you to recommend us?")
        link = f"{settings.BASE_URL}{path}"
        body_text = (
            notice_render(
                "surveys/nps_request", language=language, context=lambda _: {"link": link}
            )
            + "\n"
        )
        customer_mail(
            kind=OutboundKind.NOTIFICATION,
            ticket=ticket,
            to_address=address,
            subject=subject,
            body_text=body_text,
        )
    return True


def nps_from_link(*, value: str) -> NpsSurvey:
    try:
        return NpsSurvey.objects.get(pk=int(NPS_SIGNER.unsign(value)))
    except (signing.BadSignature, ValueError, NpsSurvey.DoesNotExist):
        raise ApplicationError(_("This survey link is not valid."), code="link_invalid") from None


def nps_record(*, survey: NpsSurvey, score: int, comment: str = "") -> NpsSurvey:
    if not 0 <= score <= 10:
        raise ApplicationError(_("Choose a number from 0 to 10."), code="invalid_score")
    if timezone.now() - survey.asked_at > CHANGEABLE_FOR:
        raise ApplicationError(_("This survey has closed."), code="survey_closed")
    NpsSurvey.objects.filter(pk=survey.pk).update(
        score=score, comment=comment.strip()[:4000], answered_at=timezone.now()
    )
    survey.refresh_from_db()
    return survey
