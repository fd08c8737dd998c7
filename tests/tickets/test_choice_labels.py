"""A ticket's status, priority and channel as the reader's language names them: the inbox
asks for them on every row, so they are looked up, not rebuilt per call as Django does."""

from django.utils import translation

from realdesk.tickets.choices import Channel, Priority, Status
from realdesk.tickets.models import Ticket


def test_labels_follow_the_active_language():
    ticket = Ticket(status=Status.PENDING, priority=Priority.URGENT, channel=Channel.PHONE)
    assert (
        ticket.get_status_display(),
        ticket.get_priority_display(),
        ticket.get_channel_display(),
    ) == ("Pending customer", "Urgent", "Phone")
    with translation.override("de"):
        german = (ticket.get_status_display(), ticket.get_priority_display())
    assert german != ("Pending customer", "Urgent")
    assert all(isinstance(label, str) and label for label in german)


def test_a_value_no_choice_knows_is_shown_as_stored():
    """As Django's own: a row written by an older or newer version still shows something."""
    ticket = Ticket(status="archived", priority="p9", channel="fax")
    assert ticket.get_status_display() == "archived"
    assert ticket.get_priority_display() == "p9"
    assert ticket.get_channel_display() == "fax"
