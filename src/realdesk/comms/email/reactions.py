"""Mail the customer hears of a ticket's changes by: queued through the outbound service
(comms/outbound.py) in the transaction of the change."""

from datetime import datetime

from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from realdesk.comms.outbound import customer_notice
from realdesk.tickets import reactions
from realdesk.tickets.choices import EventKind
from realdesk.tickets.language import mail_language
from realdesk.tickets.models import Event, Message


@reactions.in_transaction(EventKind.OWNER_CHANGED, EventKind.TEAM_CHANGED)
def email_handoff_notice(event: Event) -> None:
    """A transfer tells the customer who has their request now."""
    notice_id = event.data.get("customer_notice")
    if notice_id:
        message = Message.objects.get(pk=notice_id)
        customer_notice(ticket=event.ticket, text=message.body_text, message=message)


@reactions.in_transaction(EventKind.PROMISE_CHANGED)
def email_promise_notice(event: Event) -> None:
    """The customer hears of a promise when it is made, and honestly when it is missed or
    an agent lets it go."""
    if event.after == "made":
        due = timezone.localtime(datetime.fromisoformat(event.data["due_at"]))
        with translation.override(mail_language(event.ticket.customer, ticket=event.ticket)):
            text = _("We will update you about %(what)s by %(when)s (%(zone)s).") % {
                "what": event.data["what"],
                "when": date_format(due, "DATETIME_FORMAT"),
                "zone": due.tzname(),
            }
        customer_notice(ticket=event.ticket, text=text)
    elif event.after in {"missed", "released"} and event.data.get("customer_notice"):
        customer_notice(ticket=event.ticket, text=event.data["customer_notice"])
