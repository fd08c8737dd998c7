from realdesk.tickets.models.cc import TicketCC
from realdesk.tickets.models.event import Event
from realdesk.tickets.models.message import Attachment, Message
from realdesk.tickets.models.ticket import Tag, Ticket, TicketCounter

__all__ = ["Attachment", "Event", "Message", "Tag", "Ticket", "TicketCC", "TicketCounter"]
