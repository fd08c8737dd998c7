"""One-touch, recontacts, the customer's total wait, arrivals and knowledge figures, on
hand-made histories with answers worked out by hand."""

import pytest
from django.utils import timezone

from factories import CustomerFactory, open_ticket, write_article
from realdesk.knowledge.actions import article_feedback_record, search_record
from realdesk.knowledge.choices import FeedbackSource
from realdesk.reports.figures import same_issue
from realdesk.reports.selectors.knowledge import knowledge_figures
from realdesk.reports.selectors.touches import one_touch, recontacts
from realdesk.reports.selectors.volume import arrivals
from realdesk.reports.selectors.waits import customer_waits
from realdesk.tickets.actions import message_send, ticket_set_status
from realdesk.tickets.choices import Status
from reports.conftest import H, berlin, between

pytestmark = pytest.mark.django_db
WEEK = (berlin(2026, 11, 30), berlin(2026, 12, 7))


@pytest.fixture(autouse=True)
def berlin_days(settings):
    """Weekdays and hours are local: the history happens in Berlin."""
    settings.TIME_ZONE = "Europe/Berlin"


def solved(*, lead, opened, replies, customer=None, subject="Refund for order 1234"):
    ticket = open_ticket(at=opened, customer=customer, subject=subject)
    for n in range(replies):
        message_send(ticket=ticket, agent=lead, body_text="Hi", at=opened + (n + 1) * H)
    ticket_set_status(
        ticket=ticket, status=Status.SOLVED, actor=lead, at=opened + (replies + 1) * H
    )
    return ticket


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Refund for order 1234", "Re: still no refund for my order", True),
        ("Refund", "Password reset", False),
        ("Re: hi", "Fwd: ok", False),
    ],
)
def test_same_issue(a, b, same):
    assert same_issue(a, b) is same


def test_one_touch_counts_solves_with_exactly_one_reply(lead):
    solved(lead=lead, opened=berlin(2026, 12, 1, 9), replies=1)
    solved(lead=lead, opened=berlin(2026, 12, 1, 9), replies=2)
    share = one_touch(actor=lead, flt=between(*WEEK))
    assert (share.whole, share.part, share.rate) == (2, 1, 0.5)


def test_recontact_about_the_same_issue_within_7_days_on_any_channel(lead):
    customer = CustomerFactory()
    solved(lead=lead, opened=berlin(2026, 12, 1, 9), replies=1, customer=customer)
    open_ticket(
        customer=customer,
        subject="Still no refund for order 1234",
        channel="phone",
        at=berlin(2026, 12, 5, 9),
    )
    other = CustomerFactory()
    solved(lead=lead, opened=berlin(2026, 12, 1, 9), replies=1, customer=other)
    open_ticket(customer=other, subject="Password reset", at=berlin(2026, 12, 2, 9))
    share = recontacts(actor=lead, flt=between(*WEEK))
    assert (share.whole, share.part) == (2, 1)


def test_the_customer_waits_sum_across_tickets_and_channels(lead):
    """Email at 09:00 answered at 11:00, then a chat at 14:00 answered at 14:30: 2.5 h."""
    customer = CustomerFactory()
    mail = open_ticket(customer=customer, at=berlin(2026, 12, 1, 9))
    message_send(ticket=mail, agent=lead, body_text="Hi", at=berlin(2026, 12, 1, 11))
    chat = open_ticket(customer=customer, channel="chat", at=berlin(2026, 12, 1, 14))
    message_send(ticket=chat, agent=lead, body_text="Hi", at=berlin(2026, 12, 1, 14, 30))
    waits = customer_waits(actor=lead, flt=between(*WEEK))
    assert waits.overall.count == 1
    assert waits.overall.median == 2.5 * H.total_seconds()
    assert waits.by_channel == {"email": 2 * 3600, "chat": 1800}


def test_arrivals_by_weekday_hour_and_channel(lead):
    open_ticket(at=berlin(2026, 12, 1, 9, 59))  # Tuesday
    open_ticket(at=berlin(2026, 12, 6, 23, 30), channel="web")  # Sunday
    volume = arrivals(actor=lead, flt=between(*WEEK))
    assert volume.heatmap[1][9] == 1
    assert volume.heatmap[6][23] == 1
    assert volume.by_channel == {"email": 1, "web": 1}


def test_knowledge_searches_and_deflections(lead):
    search_record(query="Refund ", language="en", results=2, source="portal")
    search_record(query="refund", language="en", results=0, source="public")
    search_record(query="  ", language="en", results=0, source="public")  # no search
    article = write_article("refunds")
    for source in (FeedbackSource.REQUEST_FORM, FeedbackSource.ARTICLE):  # only the first
        article_feedback_record(article=article, language="en", helpful=True, source=source)
    now = timezone.now()
    found = knowledge_figures(actor=lead, flt=between(now - 24 * H, now + H))
    assert (found.searches, found.no_result, found.no_result_rate) == (2, 1, 0.5)
    assert found.top_terms == [("refund", 2, 1)]
    assert found.missing == [("refund", 1)]
    assert found.deflected == 1


def test_a_wait_across_the_weekend_counts_on_each_day(lead):
    """Friday 16:00 to Monday 10:00: 8 h on Friday, 24 h on Saturday and Sunday, 10 h on
    Monday, four customer-days."""
    mail = open_ticket(at=berlin(2026, 11, 27, 16))
    message_send(ticket=mail, agent=lead, body_text="Hi", at=berlin(2026, 11, 30, 10))
    waits = customer_waits(actor=lead, flt=between(berlin(2026, 11, 23), berlin(2026, 12, 7)))
    assert waits.overall.count == 4
    assert waits.overall.median == 17 * H.total_seconds()  # of 8, 10, 24 and 24 h
    assert waits.by_channel == {"email": 66 * 3600}
