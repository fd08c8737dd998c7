"""The demo is realistic enough to try the product and safe to load twice."""

import pytest
from django.core.management import call_command

from realdesk.accounts.choices import IdentityKind
from realdesk.accounts.models import CustomerIdentity, User
from realdesk.comms.email.addressing import is_own_address
from realdesk.portal_access.models import ContactBlock
from realdesk.sla.models import SLAPolicy
from realdesk.tickets.choices import Status
from realdesk.tickets.models import Event, Ticket, TicketCC

pytestmark = pytest.mark.django_db


def test_demo_loads_once_with_history_across_channels(settings):
    call_command("demo")
    tickets = Ticket.objects.count()
    assert 250 <= tickets <= 400
    assert set(Ticket.objects.values_list("channel", flat=True)) >= {
        "email",
        "web",
        "chat",
        "phone",
        "social",
    }
    statuses = set(Ticket.objects.values_list("status", flat=True))
    assert {Status.NEW, Status.PENDING, Status.SOLVED, Status.CLOSED} <= statuses
    assert Ticket.objects.filter(awaiting_reply_since__isnull=False).exists()
    span = Ticket.objects.order_by("created_at")
    assert (span.last().created_at - span.first().created_at).days >= 28
    assert User.objects.get(email="agent@example.com").check_password("demo")
    assert User.objects.get(email="admin@example.com").is_staff
    events = Event.objects.count()
    _our_addresses_are_ours()

    call_command("demo")
    assert Ticket.objects.count() == tickets
    assert Event.objects.count() == events


def test_first_run_leaves_existing_data_alone(agent):
    call_command("demo", "--first-run")
    assert Ticket.objects.count() == 0


def _our_addresses_are_ours() -> None:
    """#16.8: the demo's support addresses are the desk's own: never copied on a ticket,
    never a customer's identity; its contact hours are the clocks' calendar."""
    blocks = ContactBlock.objects.all()
    assert blocks
    assert all(is_own_address(block.email) for block in blocks)
    assert not [cc.address for cc in TicketCC.objects.all() if is_own_address(cc.address)]
    identities = CustomerIdentity.objects.filter(kind=IdentityKind.EMAIL)
    assert not [i.value for i in identities if is_own_address(i.value)]
    standard = SLAPolicy.objects.get(name="Standard, office hours")
    assert {block.calendar_id for block in blocks} == {standard.calendar_id}


def test_the_demos_past_mail_is_never_sent(mailoutbox):
    """Its history's mail went out in the story: a fresh `make run` wrote ~780 demo emails
    into var/sent-mail/ (the replies, then a survey for every past solve), burying the
    newcomer's own first one."""
    from realdesk.comms.choices import OutboundStatus
    from realdesk.comms.email.outbound.outbox import outbox_send_due
    from realdesk.comms.models import OutboundEmail
    from realdesk.surveys.models import Rating
    from realdesk.surveys.tasks import rating_ask_task
    from support.queue import run_queued

    call_command("demo", first_run=True)
    solved = Event.objects.filter(kind="status_changed", after=Status.SOLVED).count()
    assert solved > 0
    run_queued(rating_ask_task)  # what the worker does first: ask every solve for a rating
    assert outbox_send_due() == 0
    assert mailoutbox == []
    assert not OutboundEmail.objects.filter(status=OutboundStatus.QUEUED).exists()
    assert Rating.objects.count() == solved  # every solve asked, in the story
