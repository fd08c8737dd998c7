"""chat.closed fires however a chat that never reached an agent ends: the customer leaves
the question with us, asks for a callback, or nobody accepted it in time. (Started,
accepted and closed by an agent: tests/chat/test_agent_actions.py.)"""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from realdesk.chat.actions import chat_callback, chat_leave, chat_start, chats_check
from realdesk.webhooks.models import WebhookDelivery, WebhookSubscription

pytestmark = pytest.mark.django_db

ENDINGS = {
    "left with us": lambda session: chat_leave(session=session),
    "callback": lambda session: chat_callback(session=session, phone="+14155550100"),
    "nobody in time": lambda session: chats_check(now=session.started_at + timedelta(seconds=301)),
}


@pytest.mark.parametrize("ending", ENDINGS)
def test_a_chat_ended_without_an_agent_is_a_closed_event(ending, online, lead, settings):
    settings.REALDESK_CHAT_GIVE_UP_SECONDS = 300
    settings.REALDESK_CHAT_ALERT_SECONDS = 3600  # only the ending under test
    WebhookSubscription.objects.create(
        name="CRM",
        url="https://hooks.example.com/in",
        event_types=["chat.started", "chat.closed"],
        secret="s3cret",
        created_by=lead,
        created_at=timezone.now(),
    )
    session = chat_start(name="Ana", email="ana@example.com", question="Refund?").session
    ENDINGS[ending](session)
    deliveries = WebhookDelivery.objects.order_by("pk")
    assert [d.event_type for d in deliveries] == ["chat.started", "chat.closed"]
    chat = json.loads(deliveries.last().body)["data"]["chat"]
    assert (chat["id"], chat["status"], chat["agent_id"]) == (session.pk, "closed", None)
    assert chat["ended_at"]
