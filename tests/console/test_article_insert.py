"""Inserting an article into a reply: the answer in the customer's language, editable,
published articles only, and nothing is sent by inserting."""

import pytest

from factories import write_article
from realdesk.tickets.models import Ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def german(ticket) -> Ticket:
    Ticket.objects.filter(pk=ticket.pk).update(language="de")
    return Ticket.objects.get(pk=ticket.pk)


def test_the_picker_offers_published_articles_in_the_customer_language(client, agent, german):
    write_article(
        "refunds", en=("Refunds", "Within a week."), de=("Erstattungen", "Binnen einer Woche.")
    )
    write_article("login", en=("Log in", "Use the link."))
    write_article("secret", published=False, en=("Unfinished", "Draft."))
    client.force_login(agent)
    page = client.get(f"/agent/tickets/{german.number}/").text
    assert "Insert an article" in page
    assert "?article=refunds" in page
    assert "Erstattungen" in page
    assert "?article=login" in page
    assert 'Log in</a> <small class="muted">en</small>' in page
    assert "Unfinished" not in page


def test_inserting_gives_an_editable_draft_and_sends_nothing(client, agent, german):
    write_article(
        "refunds", en=("Refunds", "Within a week."), de=("Erstattungen", "Binnen einer Woche.")
    )
    client.force_login(agent)
    fragment = client.get(
        f"/agent/tickets/{german.number}/", {"article": "refunds"}, HTTP_HX_REQUEST="true"
    ).text
    assert fragment.strip().startswith('<div id="reply-editor">')
    assert "Erstattungen\n\nBinnen einer Woche.\n\n" in fragment
    assert "/support/articles/refunds/?lang=de\n</textarea>" in fragment
    assert german.messages.count() == 1
    full = client.get(f"/agent/tickets/{german.number}/", {"article": "refunds"}).text
    assert "Binnen einer Woche." in full


def test_drafts_and_unknown_articles_cannot_be_inserted(client, agent, ticket):
    write_article("secret", published=False, en=("Unfinished", "Draft."))
    client.force_login(agent)
    for slug in ["secret", "nothing"]:
        response = client.get(f"/agent/tickets/{ticket.number}/", {"article": slug})
        assert response.status_code == 404, slug
    assert ticket.messages.count() == 1


def test_no_picker_without_published_articles(client, agent, ticket):
    client.force_login(agent)
    assert "Insert an article" not in client.get(f"/agent/tickets/{ticket.number}/").text
