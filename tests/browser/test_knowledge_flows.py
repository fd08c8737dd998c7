"""A lead sees a repeated question among the FAQ candidates, drafts the article from the
best agent answer and publishes it; an agent inserts a similar solved ticket's reply from
the suggestions beside a ticket."""

import pytest
from playwright.sync_api import expect

from factories import open_ticket
from realdesk.knowledge.choices import ArticleStatus
from realdesk.knowledge.models import ArticleTranslation
from realdesk.knowledge.questions.clusters import question_cluster
from realdesk.knowledge.questions.vectors import question_embedder, question_record
from realdesk.tickets.actions import message_send
from realdesk.tickets.choices import Status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUESTION = "Can I change the delivery address of my order"
ANSWER = "Yes: open the order, choose Change address, and save it before it ships."


@pytest.fixture(autouse=True)
def words_only(settings):
    settings.REALDESK_SEARCH_EMBEDDER = ""


def _asked(times: int, *, team=None) -> list:
    model = question_embedder()
    tickets = [open_ticket(subject="Address", body_text=QUESTION, team=team) for _ in range(times)]
    for ticket in tickets:
        question_cluster(question=question_record(ticket_id=ticket.pk, model=model), model=model)
    return tickets


def test_a_lead_publishes_the_article_drafted_from_a_candidate(sign_in, lead, live_server):
    first, *_ = _asked(5)
    message_send(ticket=first, agent=lead, body_text=ANSWER, status_after=Status.SOLVED)
    page = sign_in(lead)
    page.goto(f"{live_server.url}/agent/knowledge/")
    page.get_by_role("link", name="FAQ candidates").click()
    candidate = page.locator("section.candidate")
    expect(candidate).to_contain_text(QUESTION)
    expect(candidate).to_contain_text("asked 5 times in 14 days")
    expect(candidate.locator("blockquote")).to_contain_text(ANSWER)
    candidate.get_by_role("button", name="Draft article").click()
    expect(page.locator("h1")).to_contain_text(QUESTION)
    expect(page.locator("textarea[name=body]")).to_have_value(ANSWER)
    expect(page.locator("#live-preview")).to_contain_text(ANSWER)
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".flash")).to_contain_text("Published.")
    assert ArticleTranslation.objects.get().status == ArticleStatus.PUBLISHED
    page.goto(f"{live_server.url}/agent/knowledge/candidates/")
    expect(page.locator("#followed-h")).to_have_text("After publishing")
    expect(page.locator("main")).not_to_contain_text("Draft article")


def test_an_agent_inserts_a_similar_solved_reply(sign_in, agent, team, live_server):
    solved, new = _asked(2, team=team)
    message_send(ticket=solved, agent=agent, body_text=ANSWER, status_after=Status.SOLVED)
    page = sign_in(agent)
    page.goto(f"{live_server.url}/agent/tickets/{new.number}/")
    suggestions = page.locator("section#suggestions")
    expect(suggestions).to_contain_text(f"#{solved.number}")
    suggestions.get_by_role("button", name="Insert reply as draft").click()
    expect(page.locator("#reply-editor textarea")).to_have_value(f"{ANSWER}\n")
    assert new.messages.count() == 1


def test_the_preview_follows_the_markdown_as_it_is_typed(sign_in, agent, live_server):
    page = sign_in(agent)
    page.goto(f"{live_server.url}/agent/knowledge/new/")
    page.fill("textarea[name=body]", "# Steps\n\n1. Open **Cards**")
    preview = page.locator("#live-preview")
    expect(preview.locator("h2")).to_have_text("Steps")
    expect(preview.locator("ol li strong")).to_have_text("Cards")
