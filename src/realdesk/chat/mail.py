"""What a chat's customer receives by email, in their language: the transcript when the
chat closes, and the apology when nobody took it in time."""

from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from realdesk.chat.models import ChatSession
from realdesk.chat.selectors import session_messages
from realdesk.comms.choices import OutboundKind
from realdesk.comms.outbound import customer_mail, follow_url, hello
from realdesk.sla.eta import eta_tell
from realdesk.tickets.choices import Direction
from realdesk.tickets.language import mail_language


def _send(session: ChatSession, subject: str, body: str) -> None:
    ticket = session.ticket
    customer_mail(
        kind=OutboundKind.NOTIFICATION,
        ticket=ticket,
        subject=f"[#{ticket.number}] {subject}",
        body_text=body,
    )


def transcript_mail(session: ChatSession) -> None:
    """The whole conversation, as the customer saw it, with the link to go on by email."""
    ticket = session.ticket
    with translation.override(mail_language(session.customer, ticket=ticket)):
        lines = []
        for message in session_messages(session=session):
            local = timezone.localtime(message.created_at).strftime("%H:%M")
            if message.direction == Direction.INBOUND:
                who = _("You")
            else:
                who = message.author_agent.first_name if message.author_agent else "RealDesk"
            lines.append(f"[{local}] {who}: {message.body_text}")
        body = (
            hello(session.customer)
            + _("Here is the transcript of your chat with us:")
            + "\n\n"
            + "\n".join(lines)
            + "\n\n"
            + _("To add anything, reply to this email or open %(url)s")
            % {"url": follow_url(ticket)}
        )
        _send(session, _("Your chat transcript"), body)


def _by_email_mail(session: ChatSession, *, subject: Promise, text: Promise) -> str:
    """A mail saying when a person will answer by email: the ETA told in the customer's
    language, on their clock, and remembered. Returns that phrase."""
    ticket = session.ticket
    told = eta_tell(ticket)
    with translation.override(told.language):  # the lazy words translate here
        body = hello(session.customer) + str(text) % {
            "when": told.phrase,
            "url": follow_url(ticket),
        }
        _send(session, str(subject), body)
    return told.phrase


def apology_mail(session: ChatSession) -> None:
    """Nobody took the chat in time: say sorry, say when a person will answer by email."""
    _by_email_mail(
        session,
        subject=gettext_lazy("We could not take your chat in time"),
        text=gettext_lazy(
            "We are sorry: nobody could take your chat in time. We kept your question, and "
            "a person will answer it by email %(when)s.\n\nYou can add to it here: %(url)s"
        ),
    )


def left_mail(session: ChatSession) -> str:
    """The customer left their question with us rather than wait: confirm it, and when a
    person will answer by email. Returns that promise, for the widget to say too."""
    return _by_email_mail(
        session,
        subject=gettext_lazy("We will answer your question by email"),
        text=gettext_lazy(
            "Thank you for leaving your question with us. A person will answer it by email "
            "%(when)s.\n\nYou can add to it here: %(url)s"
        ),
    )
