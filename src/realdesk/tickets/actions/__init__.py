"""Every change to a ticket goes through one of these functions.

Each runs in one transaction with the ticket row locked, checks what the actor may
do, changes state and records its Event, so history and state never disagree.
"""

from realdesk.tickets.actions.cc import ticket_cc_add
from realdesk.tickets.actions.customer import ticket_customer_reopen, ticket_customer_solve
from realdesk.tickets.actions.escalation import ticket_escalate
from realdesk.tickets.actions.fields import (
    ticket_assign,
    ticket_set_priority,
    ticket_set_tags,
    ticket_set_team,
)
from realdesk.tickets.actions.merge import ticket_merge
from realdesk.tickets.actions.messages import message_receive, message_send, note_add
from realdesk.tickets.actions.opening import ticket_open, ticket_open_message
from realdesk.tickets.actions.status import ticket_set_status
from realdesk.tickets.actions.transfer import ticket_transfer
from realdesk.tickets.actions.update import TicketChanges, ticket_update
from realdesk.tickets.actions.workaround import ticket_workaround_give

__all__ = [
    "TicketChanges",
    "message_receive",
    "message_send",
    "note_add",
    "ticket_assign",
    "ticket_cc_add",
    "ticket_customer_reopen",
    "ticket_customer_solve",
    "ticket_escalate",
    "ticket_merge",
    "ticket_open",
    "ticket_open_message",
    "ticket_set_priority",
    "ticket_set_status",
    "ticket_set_tags",
    "ticket_set_team",
    "ticket_transfer",
    "ticket_update",
    "ticket_workaround_give",
]
