"""What the database already holds of an email's Message-IDs, read once per email.

Why: the loop check (our own mail came back), the duplicate check and threading each
asked about the same few Message-IDs; one look at our sent mail and one at received
messages serve all three (two statements of about nineteen per email in a bulk import).
"""

from dataclasses import dataclass

from realdesk.comms.email.parse import ParsedEmail
from realdesk.comms.models import OutboundEmail
from realdesk.tickets.models import Message, Ticket


@dataclass(frozen=True)
class SeenIds:
    sent_by_us: bool = False  # its own Message-ID is one of ours: our mail came back
    received: bool = False  # its own Message-ID arrived before: a duplicate
    answered: Ticket | None = None  # the ticket of a message it answers, ours first


def seen_ids(parsed: ParsedEmail) -> SeenIds:
    own = parsed.message_id
    answers = [i for i in (parsed.in_reply_to, *parsed.references) if i]
    ids = {*answers, *([own] if own else [])}
    if not ids:
        return SeenIds()
    # The ids and the tickets they belong to, in one read of each table: never the bodies.
    sent = OutboundEmail.objects.filter(rfc_message_id__in=ids).order_by("pk")
    received = Message.objects.filter(external_id__in=ids).order_by("created_at", "pk")
    sent_rows = [
        (row.rfc_message_id, row.ticket)
        for row in sent.select_related("ticket").only("rfc_message_id", "ticket")
    ]
    received_rows = [
        (row.external_id, row.ticket)
        for row in received.select_related("ticket").only("external_id", "ticket")
    ]
    answered = [ticket for message_id, ticket in sent_rows + received_rows if message_id in answers]
    return SeenIds(
        sent_by_us=any(message_id == own for message_id, _ in sent_rows),
        received=any(message_id == own for message_id, _ in received_rows),
        answered=answered[0] if answered else None,
    )
