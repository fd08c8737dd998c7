"""Double opt-in and one-click unsubscribe, read back from the SMTP test server."""

import email
import re

import pytest

from realdesk.incidents.actions import incident_update_post, status_subscribe
from realdesk.incidents.actions.subscriptions import unsubscribe_url
from realdesk.incidents.models import StatusSubscriber
from realdesk.incidents.tasks import incident_update_mail_subscribers, status_confirmation_send
from support.queue import run_queued

pytestmark = pytest.mark.django_db(transaction=True)


def _mail(raw: bytes) -> email.message.Message:
    return email.message_from_bytes(raw)


def _link(raw: bytes, path: str) -> str:
    body = _mail(raw).get_payload(decode=True).decode()
    return re.search(rf"https?://[^/\s]+({path}\S+)", body).group(1)


def test_subscribe_confirm_receive_and_unsubscribe_in_one_click(
    client, smtp_server, incident, lead
):
    client.post("/status/subscribe/", {"email": "Fan@Example.org"})
    run_queued(status_confirmation_send)
    run_queued(incident_update_mail_subscribers)  # the incident's first update: nobody confirmed
    (confirmation,) = smtp_server.messages
    assert confirmation[1] == ["fan@example.org"]

    assert client.get(_link(confirmation[2], "/status/subscribe/")).status_code == 200
    assert StatusSubscriber.objects.get().confirmed_at is not None

    incident_update_post(actor=lead, incident=incident, status="identified", body="Found it.")
    assert run_queued(incident_update_mail_subscribers) == [1]
    update = _mail(smtp_server.messages[-1][2])
    assert "Found it." in update.get_payload(decode=True).decode()
    assert update["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = re.fullmatch(
        r"<https?://[^/]+(/\S+)>", "".join(update["List-Unsubscribe"].split())
    ).group(1)

    response = client.post(unsubscribe, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not StatusSubscriber.objects.exists()
    assert client.post(unsubscribe).status_code == 200  # twice is fine


def test_a_second_request_within_the_hour_mails_nothing(db):
    status_subscribe(email="fan@example.org", language="en")
    status_subscribe(email="fan@example.org", language="en")
    assert len(run_queued(status_confirmation_send)) == 1


def test_bad_links_and_addresses_are_refused(client, db):
    assert client.get("/status/subscribe/forged/").status_code == 400
    assert client.post("/status/unsubscribe/forged/").status_code == 400
    response = client.post("/status/subscribe/", {"email": "not an address"})
    assert response.status_code == 400
    assert not StatusSubscriber.objects.exists()


def test_the_unsubscribe_page_asks_before_unsubscribing(client, db):
    subscriber = status_subscribe(email="fan@example.org", language="en")
    path = re.sub(r"^https?://[^/]+", "", unsubscribe_url(subscriber))
    page = client.get(path).content.decode()
    assert f'<form method="post" action="{path}">' in page
    assert StatusSubscriber.objects.exists()
