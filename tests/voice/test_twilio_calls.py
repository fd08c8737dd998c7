"""Whole calls driven through the TwiML webhooks, signed as the provider signs them."""

import pytest
from django.utils import timezone

from factories import AgentFactory, CustomerFactory, IdentityFactory, open_ticket, write_article
from realdesk.accounts.choices import IdentityKind
from realdesk.accounts.models import Customer
from realdesk.comms.models import OutboundEmail
from realdesk.knowledge.models import ArticleTranslation
from realdesk.voice.actions import callbacks_check
from realdesk.voice.choices import CallbackStatus, CallStatus
from realdesk.voice.models import Call, Callback, QueueEntry

pytestmark = pytest.mark.django_db

KNOWN = "+4930123456"


@pytest.fixture
def known_caller():
    customer = CustomerFactory(name="Anna Schmidt")
    IdentityFactory(customer=customer, kind=IdentityKind.PHONE, value=KNOWN)
    return customer


def xml(response) -> str:
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/xml"
    return response.content.decode()


def test_a_badly_signed_request_is_refused_and_logged(phone, caplog):
    response = phone("+15550100").post("incoming", token="someone-else")
    assert response.status_code == 403
    assert "badly signed" in caplog.text
    assert not Call.objects.exists()


def test_an_unknown_caller_hears_a_plain_greeting_and_one_gather(phone):
    body = xml(phone("+1 415 555 0100").post("incoming"))
    assert body.count("<Gather") == 1
    assert 'numDigits="1"' in body
    assert "Hello, thank you for calling." in body
    assert 'language="en-US"' in body
    assert Call.objects.get().from_number == "+14155550100"


def test_a_known_caller_is_greeted_by_name_in_german_with_their_request_first(phone, known_caller):
    ticket = open_ticket(customer=known_caller)
    body = xml(phone("+49 30 123456").post("incoming"))
    assert "Guten Tag Anna" in body
    assert f"Anfrage {ticket.number}" in body
    assert 'language="de-DE"' in body
    AgentFactory()
    body = xml(phone(KNOWN).post("menu", Digits="1"))
    assert "<Enqueue" in body
    assert Call.objects.get().ticket == ticket


def test_the_menu_reads_the_spoken_faq_answer(phone):
    article = write_article("refunds", en=("Refunds", "Within a week."))
    ArticleTranslation.objects.filter(article=article).update(spoken_text="Refunds take a week.")
    caller = phone("+14155550100")
    assert "Press 1 for: Refunds." in xml(caller.post("incoming"))
    body = xml(caller.post("menu", Digits="1"))
    assert "Refunds take a week." in body
    assert "<Enqueue" not in body


def test_zero_with_an_agent_free_goes_to_the_queue(phone):
    AgentFactory()
    caller = phone("+14155550100")
    caller.post("incoming")
    assert "<Enqueue" in xml(caller.post("menu", Digits="0"))
    assert Call.objects.get().status == CallStatus.QUEUED


def test_silence_is_zero(phone, settings):
    AgentFactory()
    caller = phone("+14155550100")
    body = xml(caller.post("incoming"))
    # Twilio posts the empty choice (actionOnEmptyResult); a provider without it falls
    # through the gather to the redirect, which posts no Digits at all.
    assert 'actionOnEmptyResult="true"' in body
    assert body.endswith(
        f"</Gather><Redirect>{settings.BASE_URL}/voice/twilio/menu</Redirect></Response>"
    )
    assert "<Enqueue" in xml(caller.post("menu", Digits=""))
    assert "<Enqueue" in xml(caller.post("menu"))


def test_a_digit_that_is_no_option_is_zero(phone):
    AgentFactory()
    caller = phone("+14155550100")
    caller.post("incoming")
    assert "<Enqueue" in xml(caller.post("menu", Digits="9"))


def test_after_an_answer_silence_is_a_person_too(phone):
    AgentFactory()
    article = write_article("refunds", en=("Refunds", "Within a week."))
    ArticleTranslation.objects.filter(article=article).update(spoken_text="Refunds take a week.")
    caller = phone("+14155550100")
    caller.post("incoming")
    body = xml(caller.post("menu", Digits="1"))
    assert "Press 0 or stay on the line to talk to a person." in body
    assert "Goodbye" not in body
    assert "</Gather><Redirect>" in body
    assert "<Enqueue" in xml(caller.post("menu"))


def test_a_french_number_hears_french(phone):
    body = xml(phone("+33 1 42 68 53 00").post("incoming"))
    assert "Bonjour, merci de votre appel." in body
    assert 'language="fr-FR"' in body


def test_zero_with_nobody_free_is_a_callback(phone):
    caller = phone("+14155550100")
    caller.post("incoming")
    body = xml(caller.post("menu", Digits="0"))
    assert "<Enqueue" not in body
    assert "call you back" in body
    callback = Callback.objects.get()
    assert callback.phone == "+14155550100"
    assert callback.asap
    assert callback.ticket.channel == "phone"


def _queued(phone):
    AgentFactory()
    caller = phone("+14155550100")
    caller.post("incoming")
    caller.post("menu", Digits="0")
    return caller


def test_a_one_minute_wait_hears_position_and_wait_without_a_callback_offer(phone):
    body = xml(_queued(phone).post("wait", QueueTime="60", QueuePosition="2"))
    assert "number 2 in line" in body
    assert "about 10 minutes" in body  # 2 callers ahead of one agent, 5 minutes each
    assert "<Gather" not in body
    assert "<Leave" not in body
    assert QueueEntry.objects.get().wait_seconds == 60


def test_a_three_minute_wait_offers_a_callback_and_pressing_1_leaves(phone):
    caller = _queued(phone)
    body = xml(caller.post("wait", QueueTime="180", QueuePosition="1"))
    assert "Press 1 and we call you back" in body
    assert "<Gather" in body
    # Out of the line without a word: after-queue confirms, once, with the number.
    assert xml(caller.post("wait", Digits="1")).endswith("<Response><Leave /></Response>")
    body = xml(caller.post("after-queue", QueueResult="leave", QueueTime="185"))
    assert body.count("<Say") == 1
    assert "We will call you back on 4 1 5, 5 5 5, 0 1 0 0. Goodbye." in body
    callback = Callback.objects.get()
    assert callback.phone == "+14155550100"
    assert callback.call.queue_entry.wait_seconds == 185
    assert Call.objects.get().status == CallStatus.MISSED


def test_a_six_minute_wait_leaves_the_queue_into_a_callback(phone):
    caller = _queued(phone)
    body = xml(caller.post("wait", QueueTime="360", QueuePosition="1"))
    assert "<Leave" in body
    assert "sorry" in body
    body = xml(caller.post("after-queue", QueueResult="leave", QueueTime="360"))
    assert "We will call you back on 4 1 5, 5 5 5, 0 1 0 0. Goodbye." in body
    callback = Callback.objects.get()
    assert (
        "Inbound call from +14155550100, waited 360 s" in callback.ticket.messages.first().body_text
    )


def test_an_answered_call_is_a_message_in_the_thread_with_its_recording(phone):
    caller = _queued(phone)
    xml(
        caller.post(
            "after-queue",
            QueueResult="bridged",
            QueueTime="30",
            RecordingUrl="https://api.example.com/rec/RE1",
        )
    )
    assert not Callback.objects.exists()
    text = Call.objects.get().ticket.messages.first().body_text
    assert "answered" in text
    assert "Recording: https://api.example.com/rec/RE1" in text


def test_a_callback_kept_after_no_answer(phone, known_caller):
    from realdesk.voice.actions import callback_record_outcome

    lead = AgentFactory(role="lead")
    caller = phone(KNOWN)
    caller.post("incoming")
    caller.post("menu", Digits="0")
    caller.post("after-queue", QueueResult="hangup", QueueTime="40")  # a missed call
    callback = Callback.objects.get()
    callback = callback_record_outcome(callback=callback, agent=lead, outcome="no_answer")
    assert callback.status == CallbackStatus.PENDING
    assert callback.attempts == 1
    callback = callback_record_outcome(callback=callback, agent=lead, outcome="reached")
    assert callback.status == CallbackStatus.REACHED
    assert callbacks_check(now=timezone.now() + timezone.timedelta(days=1)) == 0


def test_a_missed_callback_window_is_escalated_with_an_honest_notice(phone, known_caller):
    AgentFactory(role="lead")
    caller = phone(KNOWN)
    caller.post("incoming")
    caller.post("menu", Digits="0")
    caller.post("after-queue", QueueResult="hangup", QueueTime="40")  # a missed call
    callback = Callback.objects.get()
    OutboundEmail.objects.all().delete()
    assert callbacks_check(now=callback.window_end + timezone.timedelta(minutes=1)) == 1
    notice = OutboundEmail.objects.get(to_address=known_caller.identities.get(kind="email").value)
    # The caller's number is German, and so is what they read.
    assert "Das haben wir nicht geschafft" in notice.body_text
    assert "Rückruf unter +4930123456" in notice.body_text
    assert callbacks_check(now=callback.window_end + timezone.timedelta(minutes=2)) == 0


def test_a_writer_keeps_the_spoken_version_on_the_article(client, phone):
    lead = AgentFactory(role="lead")
    write_article("refunds", en=("Refunds", "Within a week."))
    client.force_login(lead)
    response = client.post(
        "/agent/knowledge/refunds/en/",
        {
            "title": "Refunds",
            "body": "<p>Within a week.</p>",
            "body_format": "html",
            "spoken_text": "A week.",
        },
    )
    assert response.status_code == 302, response.content
    assert ArticleTranslation.objects.get().spoken_text == "A week."


def test_a_german_callers_confirmation_is_in_german(phone):
    customer = CustomerFactory(name="Anna Schmidt", language="de")
    IdentityFactory(customer=customer, kind=IdentityKind.PHONE, value=KNOWN)
    caller = phone(KNOWN)
    caller.post("incoming")
    caller.post("menu", Digits="0")  # nobody on the phone: straight to a callback
    mail = OutboundEmail.objects.get()
    assert mail.subject.endswith("Wir rufen Sie zurück")
    assert "Wir rufen Sie unter +4930123456 zurück, sobald jemand frei ist." in mail.body_text


def test_an_agent_on_a_call_is_busy_until_the_provider_says_it_ended(phone, settings):
    settings.REALDESK_VOICE_HANDLE_SECONDS = 600  # a busy agent frees up past the 5 minutes
    first = _queued(phone)  # one agent, free: the first caller is queued
    xml(first.post("after-queue", QueueResult="bridged", QueueTime="10"))
    second = phone("+14155550111", sid="CA0002")
    second.post("incoming")
    assert "call you back" in xml(second.post("menu", Digits="0"))  # the only agent is busy
    assert first.post("status", CallStatus="completed", CallDuration="95").status_code == 204
    call = Call.objects.get(provider_id="CA0001")
    assert call.status == CallStatus.ENDED
    assert call.duration_seconds == 95
    third = phone("+14155550122", sid="CA0003")
    third.post("incoming")
    assert "<Enqueue" in xml(third.post("menu", Digits="0"))


def test_another_digit_in_the_queue_keeps_the_callback_offer(phone):
    caller = _queued(phone)
    xml(caller.post("wait", QueueTime="150", QueuePosition="1"))
    body = xml(caller.post("wait", Digits="7"))  # a gather's answer: no QueueTime
    assert "Press 1 and we call you back instead." in body
    assert "<Leave" not in body


def test_silence_in_the_queue_keeps_the_caller_waiting(phone):
    body = xml(_queued(phone).post("wait", QueueTime="150", QueuePosition="1"))
    assert 'actionOnEmptyResult="false"' in body


def test_who_answered_and_how_long_are_in_the_thread(phone):
    agent = AgentFactory(full_name="Alex Meyer", email="alex@example.com")
    caller = _queued(phone)
    # The agent's phone dequeues with <Dial><Queue url=".../answered?agent=alex@...">.
    response = caller.post("answered?agent=ALEX@example.com", QueueTime="40")
    assert xml(response) == '<?xml version="1.0" encoding="UTF-8"?><Response />'
    xml(caller.post("after-queue", QueueResult="bridged", QueueTime="40"))
    call = Call.objects.get()
    assert call.answered_by == agent
    message = call.message
    assert "waited 40 s: answered by Alex Meyer." in message.body_text
    final = {"CallStatus": "completed", "CallDuration": "335"}
    recording = "https://api.example.com/rec/RE2"
    assert caller.post("status", RecordingUrl=recording, **final).status_code == 204
    assert caller.post("status", **final).status_code == 204  # the provider retried
    message.refresh_from_db()
    assert message.body_text.endswith(f"Call length: 5 min 35 s.\nRecording: {recording}")
    assert call.recordings.get().url == recording


def test_a_dequeue_naming_nobody_we_know_leaves_the_call_unattributed(phone):
    caller = _queued(phone)
    xml(caller.post("answered?agent=stranger@example.com"))
    xml(caller.post("after-queue", QueueResult="bridged", QueueTime="40"))
    assert Call.objects.get().answered_by is None
    assert "waited 40 s: answered." in Call.objects.get().message.body_text


def test_a_known_caller_asking_about_their_request_gets_the_callback_on_it(phone, known_caller):
    ticket = open_ticket(customer=known_caller)
    caller = phone(KNOWN)
    caller.post("incoming")
    body = xml(caller.post("menu", Digits="1"))  # about request N; nobody on the phone
    assert "Wir rufen Sie unter 0 3 0, 1 2 3 4 5 6 zurück." in body
    callback = Callback.objects.get()
    assert (callback.ticket, callback.customer) == (ticket, known_caller)
    assert "waited 0 s: missed, a callback is due." in ticket.messages.last().body_text
    assert Customer.objects.count() == 1


def test_a_german_callers_call_is_written_into_the_thread_in_german(phone):
    AgentFactory()
    caller = phone("+493012345678")
    caller.post("incoming")
    caller.post("menu", Digits="0")
    caller.post("after-queue", QueueResult="leave", QueueTime="360")
    ticket = Callback.objects.get().ticket
    assert ticket.subject.startswith("Anruf von ")
    assert ticket.messages.first().body_text == (
        "Eingehender Anruf von +493012345678, 360 s gewartet: verpasst, ein Rückruf steht an."
    )
