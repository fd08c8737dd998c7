"""'My requests': only ever the signed-in customer's tickets; guessing finds nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from factories import CustomerFactory, open_ticket
from realdesk.accounts.models import Organization
from realdesk.portal_access.actions import organization_access_set
from realdesk.tickets.actions import message_send, note_add, ticket_set_status
from realdesk.tickets.attachments import attachment_store
from realdesk.tickets.choices import Channel, Direction, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(ticket, agent):
    message_send(ticket=ticket, agent=agent, body_text="Try turning it off and on.")
    note_add(ticket=ticket, agent=agent, body_text="INTERNAL: customer seems grumpy")
    return ticket


def test_signed_out_visitors_are_sent_to_sign_in(client, ticket):
    for url in ["/support/requests/", f"/support/requests/{ticket.number}/"]:
        assert client.get(url)["Location"].startswith("/support/sign-in/?next=")


def test_the_list_shows_status_owner_first_name_and_when(sign_in_as, answered, agent):
    page = sign_in_as(answered.customer).get("/support/requests/").content.decode()
    assert f"#{answered.number}" in page
    assert "Waiting for your reply" in page
    assert f'">{agent.first_name}</td>' in page
    assert agent.full_name not in page


def test_the_conversation_never_shows_internal_notes(sign_in_as, answered):
    page = sign_in_as(answered.customer).get(f"/support/requests/{answered.number}/")
    text = page.content.decode()
    assert "Try turning it off and on." in text
    assert "Something is broken." in text
    assert "INTERNAL" not in text


def test_other_customers_tickets_are_404_and_not_counted(sign_in_as, answered):
    stranger = CustomerFactory()
    client = sign_in_as(stranger)
    own = open_ticket(customer=stranger, subject="Mine")
    page = client.get("/support/requests/").content.decode()
    assert f"#{own.number}" in page
    assert f"#{answered.number}" not in page
    assert client.get(f"/support/requests/{answered.number}/").status_code == 404
    assert client.get("/support/requests/999999/").status_code == 404
    for action in ("reply", "solve", "reopen"):
        response = client.post(f"/support/requests/{answered.number}/{action}/", {"body": "hi"})
        assert response.status_code == 404
    assert answered.messages.count() == 3


def test_reply_with_files_reaches_the_ticket(sign_in_as, answered):
    client = sign_in_as(answered.customer)
    response = client.post(
        f"/support/requests/{answered.number}/reply/",
        {"body": "Did that, still broken.", "attachments": [SimpleUploadedFile("log.txt", b"x")]},
    )
    assert response["Location"] == f"/support/requests/{answered.number}/"
    message = answered.messages.filter(direction=Direction.INBOUND).latest("pk")
    assert (message.channel, message.body_text) == (Channel.WEB, "Did that, still broken.")
    assert [a.filename for a in message.attachments.all()] == ["log.txt"]
    answered.refresh_from_db()
    assert answered.status == Status.OPEN  # the customer wrote, so they wait for us again


def test_an_empty_reply_is_explained_and_nothing_is_added(sign_in_as, answered):
    response = sign_in_as(answered.customer).post(
        f"/support/requests/{answered.number}/reply/", {"body": "  "}
    )
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert answered.messages.count() == 3


def test_mark_solved_and_reopen(sign_in_as, answered):
    client = sign_in_as(answered.customer)
    client.post(f"/support/requests/{answered.number}/solve/")
    answered.refresh_from_db()
    assert answered.status == Status.SOLVED
    assert (
        "It is not solved: reopen"
        in client.get(f"/support/requests/{answered.number}/").content.decode()
    )
    client.post(f"/support/requests/{answered.number}/reopen/")
    answered.refresh_from_db()
    assert answered.status == Status.OPEN


def test_reopening_an_open_ticket_is_explained(sign_in_as, answered):
    response = sign_in_as(answered.customer).post(f"/support/requests/{answered.number}/reopen/")
    assert response.status_code == 400
    assert "nothing to reopen" in response.content.decode()


def test_html_in_messages_is_shown_as_text(sign_in_as, customer):
    ticket = open_ticket(
        customer=customer, body_text="<script>alert(1)</script><img src=x onerror=alert(2)>"
    )
    page = sign_in_as(customer).get(f"/support/requests/{ticket.number}/").content.decode()
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.parametrize(
    ("name", "payload", "served_as"),
    [
        ("evil.html", b"<html><script>alert(1)</script></html>", "application/octet-stream"),
        (
            "evil.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
            "application/octet-stream",
        ),
        ("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32, "image/png"),
    ],
)
def test_files_are_downloads_with_nosniff(sign_in_as, customer, name, payload, served_as):
    ticket = open_ticket(customer=customer)
    attachment = attachment_store(message=ticket.messages.get(), filename=name, payload=payload)
    response = sign_in_as(customer).get(f"/support/requests/{ticket.number}/files/{attachment.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == served_as
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")


def test_files_of_others_or_of_notes_are_404(sign_in_as, customer, agent, team):
    ticket = open_ticket(customer=customer, team=team)
    theirs = open_ticket(customer=CustomerFactory())
    other_file = attachment_store(message=theirs.messages.get(), filename="a.txt", payload=b"x")
    note = note_add(ticket=ticket, agent=agent, body_text="internal")
    note_file = attachment_store(message=note, filename="n.txt", payload=b"x")
    client = sign_in_as(customer)
    for number, pk in [
        (ticket.number, other_file.pk),  # another ticket's file under my number
        (theirs.number, other_file.pk),  # another customer's ticket
        (ticket.number, note_file.pk),  # an internal note's file
    ]:
        assert client.get(f"/support/requests/{number}/files/{pk}/").status_code == 404


def test_organisation_tickets_only_when_an_admin_allows(sign_in_as):
    org = Organization.objects.create(name="Acme")
    me, colleague = CustomerFactory(organization=org), CustomerFactory(organization=org)
    theirs = open_ticket(customer=colleague, subject="Colleague's")
    client = sign_in_as(me)
    assert client.get(f"/support/requests/{theirs.number}/").status_code == 404
    organization_access_set(organization=org, members_see_all=True)
    page = client.get(f"/support/requests/{theirs.number}/").content.decode()
    assert "Colleague&#x27;s" in page
    assert "My problem is solved" not in page  # seeing is not acting for a colleague
    assert client.post(f"/support/requests/{theirs.number}/solve/").status_code == 400


def test_a_closed_request_offers_no_reply(sign_in_as, answered, agent):
    ticket_set_status(ticket=answered, status=Status.SOLVED, actor=agent)
    ticket_set_status(ticket=answered, status=Status.CLOSED, actor=agent)
    page = (
        sign_in_as(answered.customer).get(f"/support/requests/{answered.number}/").content.decode()
    )
    assert "This request is closed" in page
    assert "Send reply" not in page
