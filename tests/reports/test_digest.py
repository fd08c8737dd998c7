"""The weekly digest: last week's figures to each lead, in their language, once."""

from datetime import UTC, datetime

import pytest

from factories import AgentFactory, open_ticket
from realdesk.accounts.choices import Role
from realdesk.reports.digest import digest_compose, digests_send_due, last_week
from realdesk.reports.models import DigestSent
from realdesk.tickets.actions import message_send
from realdesk.voice.choices import CallbackSource
from realdesk.voice.models import Callback
from reports.conftest import BERLIN, H, berlin
from support.mail import sent_mail

pytestmark = pytest.mark.django_db
#: Tuesday 8 December 2026, 09:00 in Berlin: "last week" is 30 November to 6 December.
NOW = datetime(2026, 12, 8, 9, tzinfo=BERLIN)


@pytest.fixture(autouse=True)
def berlin_days(settings):
    settings.TIME_ZONE = "Europe/Berlin"


@pytest.fixture
def answered(policy, lead):
    ticket = open_ticket(at=berlin(2026, 12, 1, 9))
    message_send(ticket=ticket, agent=lead, body_text="Hi", at=berlin(2026, 12, 1, 11))


def test_last_week_runs_monday_to_monday_across_the_dst_change():
    week = last_week(datetime(2026, 10, 27).date())  # the week of the change to winter time
    assert (week.since, week.until) == (berlin(2026, 10, 19), berlin(2026, 10, 26))
    elapsed = week.until.astimezone(UTC) - week.since.astimezone(UTC)
    assert elapsed == 7 * 24 * H + H  # 25 October had 25 hours
    assert week.previous_until == week.since


def test_the_digest_has_the_figures_charts_and_links(answered, lead):
    lead.full_name = "Lena Lead"
    digest = digest_compose(lead=lead, now=NOW)
    assert digest.subject == "Support last week, 2026-11-30 to 2026-12-06"
    assert "Hello Lena," in digest.text
    assert "First response: 2 h" in digest.text
    assert "range=custom&since=2026-11-30&until=2026-12-06" in digest.text
    assert digest.html.count("<svg") == 2
    assert "<title" in digest.html
    assert "<desc" in digest.html


def test_the_digest_is_in_the_lead_s_language(answered, lead):
    lead.language = "de"
    digest = digest_compose(lead=lead, now=NOW)
    assert digest.subject.startswith("Der Support letzte Woche")
    assert "Erste Antwort: 2 h" in digest.text


def test_each_lead_gets_it_once_a_week(
    answered, lead, mailoutbox, django_capture_on_commit_callbacks
):
    AgentFactory(role=Role.AGENT)  # agents get no digest
    with django_capture_on_commit_callbacks(execute=True):
        assert digests_send_due(now=NOW) == 1
        assert digests_send_due(now=NOW) == 0
    # as the worker sends the outbox; the tickets' own customer mail aside
    sent = [mail for mail in sent_mail() if mail.subject.startswith("Support last week")]
    assert [mail.to for mail in sent] == [[lead.email]]
    html, kind = sent[0].alternatives[0]
    assert kind == "text/html"
    assert "<svg" in html
    assert DigestSent.objects.get().week == datetime(2026, 11, 30).date()


def test_not_before_monday_morning(lead):
    assert digests_send_due(now=datetime(2026, 12, 7, 6, 30, tzinfo=BERLIN)) == 0
    assert not DigestSent.objects.exists()


def test_callbacks_kept_only_when_the_desk_had_callbacks(answered, lead):
    digest = digest_compose(lead=lead, now=NOW)
    assert "Wait for a person: 2 h" in digest.text
    assert "Callbacks kept" not in digest.text
    ticket = open_ticket(at=berlin(2026, 12, 2, 9))
    Callback.objects.create(
        customer=ticket.customer,
        ticket=ticket,
        phone="+4930123456",
        source=CallbackSource.WEB,
        window_start=berlin(2026, 12, 2, 14),
        window_end=berlin(2026, 12, 2, 16),
        next_try_at=berlin(2026, 12, 2, 14),
        created_at=berlin(2026, 12, 2, 9),
    )
    assert "Callbacks kept: 0 %" in digest_compose(lead=lead, now=NOW).text
    lead.language = "de"
    assert "Rückrufe gehalten: 0 %" in digest_compose(lead=lead, now=NOW).text
