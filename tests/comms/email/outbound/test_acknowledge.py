"""The acknowledgement points to the knowledge base when it may already answer the request,
and is neither slower nor lost when the knowledge base is empty or its search fails."""

import logging

import pytest
from django.utils import timezone

from factories import write_article
from realdesk.accounts.actions import customer_identify
from realdesk.accounts.choices import IdentityKind
from realdesk.comms.email.inbound.record import email_receive
from realdesk.comms.email.outbound.acknowledge import (
    acknowledge_created,
    acknowledgement_text,
    acknowledgements_queue,
)
from realdesk.comms.models import AddressFlag, OutboundEmail
from realdesk.core.batch_cache import batch_scope
from realdesk.knowledge import search
from realdesk.knowledge.selectors import ArticleSuggestion
from realdesk.portal_access.requests import web_request_submit
from realdesk.sla.reactions import follow_tickets
from realdesk.tickets import reactions
from realdesk.tickets.actions import ticket_open
from support.mail import make_email

pytestmark = pytest.mark.django_db

CLOSING = "it goes straight to your ticket.\n"
HEADING = "While you wait, these articles may already answer your question:"
PRINTER_URL = "https://help.example.com/support/articles/printer-fire/?lang=en"


@pytest.fixture(autouse=True)
def base_url(settings):
    settings.BASE_URL = "https://help.example.com"
    settings.LANGUAGE_CODE = "en"


def acknowledgement(**email) -> OutboundEmail:
    ticket = email_receive(data=make_email(**email), source="test")[0].ticket
    return OutboundEmail.objects.get(ticket=ticket, kind="ack")


def printer_article(**texts) -> None:
    texts = texts or {"en": ("My printer is on fire", "Unplug it and call the fire brigade.")}
    write_article("printer-fire", keywords="smoke flames", **texts)


def test_a_matching_published_article_is_linked():
    printer_article()
    write_article("password", en=("Reset your password", "Use the reset link."))
    body = acknowledgement().body_text
    assert f"{HEADING}\n- My printer is on fire\n  {PRINTER_URL}\n\n" in body
    assert "password" not in body
    # The rest of the acknowledgement is as it was, the links before the closing line.
    assert body.index("You will hear from a person") < body.index(HEADING)
    assert body.endswith(f"{PRINTER_URL}\n\nReply to this email to add anything; {CLOSING}")


def test_the_first_message_is_searched_not_only_the_subject():
    printer_article()
    body = acknowledgement(subject="Help", body="Flames and smoke everywhere!").body_text
    assert PRINTER_URL in body


def test_at_most_three_links():
    for number in range(5):
        write_article(f"printer-{number}", en=(f"Printer fire {number}", "Printers on fire."))
    body = acknowledgement().body_text
    assert body.count("https://help.example.com/support/articles/") == 3


def test_drafts_are_never_linked():
    write_article("printer-fire", en=("My printer is on fire", "Not ready."), published=False)
    assert HEADING not in acknowledgement().body_text


def test_articles_in_another_language_only_are_not_linked():
    printer_article(de=("Mein Drucker brennt", "printer fire: Stecker ziehen."))
    assert HEADING not in acknowledgement().body_text


def test_the_customers_language_when_the_knowledge_base_speaks_it():
    printer_article(
        en=("My printer is on fire", "Unplug it."),
        de=("Mein Drucker brennt", "Ziehen Sie den Stecker."),
    )
    customer_identify(kind=IdentityKind.EMAIL, value="jane@example.org", language="de")
    body = acknowledgement(subject="Drucker brennt", body="Mein Drucker brennt!").body_text
    assert (
        "- Mein Drucker brennt\n  https://help.example.com/support/articles/printer-fire/?lang=de"
        in body
    )


def test_the_default_language_when_it_does_not():
    printer_article()
    customer_identify(kind=IdentityKind.EMAIL, value="jane@example.org", language="fr")
    assert PRINTER_URL in acknowledgement().body_text


def test_no_articles_no_section_and_no_search(customer, django_assert_max_num_queries):
    write_article("printer-fire", en=("My printer is on fire", "Not ready."), published=False)
    ticket = ticket_open(
        customer=customer, subject="Printer on fire", body_text="Help", channel="email"
    )
    # Bounce flag, caps, SLA and queue ETA with its recorded prediction, the outbox row
    # (its thread is the request's own Message-ID, not read back): seven, and one small
    # query more for the knowledge base; within a batch none for it, nor for the SLA
    # policies, which the batch remembers too.
    request = ticket.messages.get()
    with django_assert_max_num_queries(8) as outside_batch:
        acknowledgements_queue([(request, "jane@example.org")])
    with batch_scope():
        acknowledgements_queue([(request, "jane@example.org")])  # warms the batch
        with django_assert_max_num_queries(6) as within_batch:
            (ack,) = acknowledgements_queue([(request, "jane@example.org")])
    assert HEADING not in ack.body_text
    knowledge = [q["sql"] for q in outside_batch.captured_queries if "knowledge_" in q["sql"]]
    assert len(knowledge) == 1
    assert "knowledge_search" not in knowledge[0]
    # Within a batch (a bulk import) nothing asks the knowledge base, nor reads the request.
    for query in within_batch.captured_queries:
        assert "knowledge_" not in query["sql"]
        assert '"tickets_message"."body_text"' not in query["sql"]


def test_a_failing_search_still_queues_the_acknowledgement(monkeypatch, caplog):
    printer_article()

    class BrokenBackend:
        def query(self, terms, *, language, limit):
            raise ConnectionError("search backend unreachable")

    monkeypatch.setattr(search, "backend", BrokenBackend)
    with caplog.at_level(logging.ERROR):
        ack = acknowledgement()
    assert ack.to_address == "jane@example.org"
    assert "You will hear from a person" in ack.body_text
    assert HEADING not in ack.body_text
    assert "suggesting knowledge-base articles failed" in caplog.text


def test_the_text_without_and_with_articles(customer):
    ticket = ticket_open(customer=customer, subject="Printer", body_text="Help", channel="email")
    plain = acknowledgement_text(ticket, eta_phrase="within 4 hours")
    assert HEADING not in plain
    articles = [ArticleSuggestion(title="A", url="https://a"), ArticleSuggestion("B", "https://b")]
    linked = acknowledgement_text(ticket, eta_phrase="within 4 hours", articles=articles)
    closing = "Reply to this email"
    assert linked == plain.replace(
        closing, f"{HEADING}\n- A\n  https://a\n- B\n  https://b\n\n{closing}"
    )


def test_the_acknowledgement_answers_the_request_in_its_thread():
    ack = acknowledgement(message_id="<first-request@example.org>")
    assert (ack.in_reply_to, ack.references) == ("first-request@example.org",) * 2
    without_id = acknowledgement(message_id=None, subject="No id")
    assert (without_id.in_reply_to, without_id.references) == ("", "")


def web_request(**form) -> OutboundEmail:
    form = {"name": "Jane Roe", "email": "jane@example.org", "subject": "Printer on fire",
            "description": "My printer is on fire.", "language": "en"} | form  # fmt: skip
    ticket = web_request_submit(**form).ticket
    return OutboundEmail.objects.filter(ticket=ticket, kind="ack").first()


def test_one_acknowledgement_for_every_channel_each_adding_only_its_extras():
    """The form's confirmation and the email acknowledgement are one text: the same words
    around the channel's extras (the request's page for the form, articles for email)."""
    by_email, by_form = acknowledgement(), web_request()

    def before_extras(ack: OutboundEmail) -> str:
        head, _, _ = ack.body_text.partition("You will hear from a person")
        return head.replace(f"#{ack.ticket.number}", "#N")

    assert before_extras(by_form) == before_extras(by_email)
    assert by_email.body_text.endswith(f"Reply to this email to add anything; {CLOSING}")
    assert by_form.body_text.endswith(f"You can also reply to this email; {CLOSING}")
    page = f"Follow your request, add files or reply: https://help.example.com/support/requests/{by_form.ticket.number}/"
    assert page in by_form.body_text
    assert "/support/requests/" not in by_email.body_text


def test_the_form_acknowledges_no_address_that_bounced_for_good():
    """As for email: a flagged address gets no acknowledgement queued at all, and the page
    still tells when a person answers."""
    AddressFlag.objects.create(
        address="jane@example.org", reason="550 user unknown", flagged_at=timezone.now()
    )
    assert web_request() is None
    submitted = web_request_submit(
        name="Jane", email="jane@example.org", subject="Again", description="Still on fire.",
        language="en",
    )  # fmt: skip
    assert submitted.eta_text


def test_the_acknowledgement_reacts_after_the_sla_clocks_start():
    """It tells the time the first-response clock gives, so the clock must run first."""
    order = [handler for handler, _ in reactions._in_transaction_all.items()]
    assert order.index(follow_tickets) < order.index(acknowledge_created)
