"""Callbacks kept like promises: confirmed, reminded before every try, retried per policy,
then an email with the ETA; a window that passes unkept is escalated once."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation

from realdesk.comms.choices import OutboundKind
from realdesk.comms.models import OutboundEmail
from realdesk.core.phrases import moment_words
from realdesk.voice.actions import callback_create, callback_record_outcome, callbacks_check
from realdesk.voice.choices import CallbackSource, CallbackStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def owned(ticket, agent):
    ticket.owner = agent
    ticket.save(update_fields=["owner"])
    return ticket


def _reminders(agent) -> list[str]:
    return list(
        OutboundEmail.objects.filter(
            kind=OutboundKind.AGENT_NOTICE, to_address=agent.email, subject__contains="due"
        ).values_list("body_text", flat=True)
    )


def test_the_window_is_confirmed_by_email(owned):
    start = timezone.now().replace(microsecond=0) + timedelta(hours=2)
    callback_create(
        ticket=owned,
        phone="+14155550100",
        source=CallbackSource.WEB,
        window=(start, start + timedelta(hours=1)),
    )
    mail = OutboundEmail.objects.get(subject__contains="We will call you back")
    assert mail.to_address == owned.customer.identities.get(kind="email").value
    assert f"between {moment_words(start)} and " in mail.body_text
    assert "up to 3 times" in mail.body_text


def test_the_window_is_told_in_the_customers_language_and_zone(owned):
    """A German customer in Berlin reads the window as Berlin's clock shows it, in German
    (the desk's own zone is UTC here)."""
    owned.customer.language, owned.customer.timezone = "de", "Europe/Berlin"
    owned.customer.save(update_fields=["language", "timezone"])
    start = timezone.now().replace(second=0, microsecond=0) + timedelta(days=2)
    callback_create(
        ticket=owned,
        phone="+14155550100",
        source=CallbackSource.WEB,
        window=(start, start + timedelta(hours=1)),
    )
    body = OutboundEmail.objects.get(kind=OutboundKind.NOTIFICATION).body_text
    berlin = ZoneInfo("Europe/Berlin")
    with translation.override("de"):
        said = moment_words(start, berlin)
    end = (start + timedelta(hours=1)).astimezone(berlin)
    assert f"zwischen {said} und {end:%H:%M %Z}" in body
    assert said.split()[0].rstrip(".,") in {"Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"}
    assert f"{start.astimezone(berlin):%H:%M}" in said


def test_the_owner_is_reminded_before_every_try_15_minutes_apart(owned, agent):
    callback = callback_create(ticket=owned, phone="+14155550100", source=CallbackSource.PHONE)
    callbacks_check(now=callback.window_start)
    callbacks_check(now=callback.window_start + timedelta(minutes=1))
    assert _reminders(agent) == [_reminders(agent)[0]]
    assert "Try 1 of 3" in _reminders(agent)[0]

    before = timezone.now()
    callback = callback_record_outcome(callback=callback, agent=agent, outcome="no_answer")
    assert before + timedelta(minutes=15) <= callback.next_try_at
    assert callback.next_try_at <= timezone.now() + timedelta(minutes=15)
    callbacks_check(now=callback.next_try_at - timedelta(minutes=6))
    assert len(_reminders(agent)) == 1  # not yet: reminded five minutes ahead
    callbacks_check(now=callback.next_try_at - timedelta(minutes=5))
    assert len(_reminders(agent)) == 2
    assert "Try 2 of 3" in _reminders(agent)[1]


def test_after_the_last_try_the_customer_is_mailed_when_a_person_answers(owned, agent):
    callback = callback_create(ticket=owned, phone="+14155550100", source=CallbackSource.PHONE)
    for outcome in ("no_answer", "voicemail", "no_answer"):
        callback = callback_record_outcome(callback=callback, agent=agent, outcome=outcome)
    assert callback.status == CallbackStatus.GAVE_UP
    mail = OutboundEmail.objects.get(subject__contains="could not reach you")
    assert "We tried to call you on +14155550100 3 times" in mail.body_text
    told = mail.body_text.split("A person will answer your request by email ", 1)[1]
    assert told.rstrip(".").strip()  # the honest ETA, in words
    notes = list(owned.messages.filter(direction="note").values_list("body_text", flat=True))
    assert notes == [
        "Callback try 1 to +14155550100: no answer.",
        "Callback try 2 to +14155550100: voicemail.",
        "Callback try 3 to +14155550100: no answer.",
    ]


def test_a_missed_window_is_escalated_to_the_leads_and_the_owner_once(owned, agent, lead):
    callback = callback_create(ticket=owned, phone="+14155550100", source=CallbackSource.PHONE)
    assert callbacks_check(now=callback.window_end) == 1
    escalations = OutboundEmail.objects.filter(subject__contains="escalated: callback window")
    assert sorted(escalations.values_list("to_address", flat=True)) == sorted(
        [agent.email, lead.email]
    )
    assert callbacks_check(now=callback.window_end + timedelta(minutes=5)) == 0
    assert owned.events.filter(kind="promise_changed", after="missed").count() == 1


def test_a_try_is_noted_in_the_language_of_the_agent_who_made_it(owned, agent):
    callback = callback_create(ticket=owned, phone="+14155550100", source=CallbackSource.PHONE)
    with translation.override("de"):  # the German agent's console request
        callback_record_outcome(callback=callback, agent=agent, outcome="voicemail")
    note = owned.messages.get(direction="note")
    assert note.body_text == "Rückrufversuch 1 an +14155550100: mailbox."
