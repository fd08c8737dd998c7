import re

import pytest
from playwright.sync_api import expect

from factories import AgentFactory, open_ticket
from realdesk.tickets.choices import Direction
from realdesk.tickets.models import Ticket

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_work_the_unanswered_view_reply_transfer_promise_and_merge(sign_in, agent, team, customer):
    colleague = AgentFactory(full_name="Mei Chen", teams=[team])
    first = open_ticket(customer=customer, team=team, subject="Cannot log in")
    duplicate = open_ticket(
        customer=customer, team=team, subject="Locked out", body_text="Second try, still locked"
    )
    page = sign_in(agent)

    expect(page.locator("h1")).to_have_text("Unanswered")
    page.keyboard.press("?")
    expect(page.locator("dialog#shortcuts")).to_be_visible()
    page.keyboard.press("Escape")
    page.keyboard.press("j")
    expect(page.locator("tr.selected")).to_contain_text(f"#{first.number}")
    page.keyboard.press("Enter")
    expect(page.locator("#ticket-title")).to_have_text("Cannot log in")

    page.keyboard.press("r")
    page.keyboard.type("Your account is unlocked now.")
    page.keyboard.press("Control+Enter")
    expect(page.locator(".flash")).to_contain_text("Reply sent.")
    expect(page.locator(".facts")).to_contain_text(f"Owner: {agent.full_name}")

    page.click("summary:has-text('Transfer')")
    page.select_option("select[name=transfer-owner]", label="Mei Chen")
    page.fill("textarea[name=transfer-note]", "Customer uses SSO; check the IdP logs.")
    page.click("button:has-text('Transfer with this note')")
    expect(page.locator(".handoff")).to_contain_text("check the IdP logs")
    expect(page.locator(".timeline")).to_contain_text("now looked after by Mei Chen")

    page.click("summary:has-text('Promise an update')")
    page.fill("input[name=promise-what]", "the SSO fix")
    page.fill("input[name=promise-due_at]", "2099-01-15T10:00")
    page.click("button:text-is('Promise')")
    expect(page.locator(".flash")).to_contain_text("Promise recorded")
    expect(page.locator(".sla .promises")).to_contain_text("the SSO fix")

    page.goto(page.url.replace(str(first.number), str(duplicate.number)))
    page.click("summary:has-text('Merge a duplicate')")
    page.fill("input[name=merge-target]", str(first.number))
    page.click("button:text-is('Merge')")
    expect(page).to_have_url(re.compile(rf"/agent/tickets/{first.number}/$"))
    expect(page.locator(".timeline")).to_contain_text("Second try, still locked")

    first.refresh_from_db()
    assert first.owner == colleague
    assert first.messages.filter(direction=Direction.OUTBOUND, author_agent=agent).count() == 1
    assert Ticket.objects.get(pk=duplicate.pk).merged_into == first


def test_collision_warning_between_two_agents(sign_in, agent, team, ticket):
    colleague = AgentFactory(full_name="Mei Chen", teams=[team])
    url = f"/agent/tickets/{ticket.number}/"
    mine = sign_in(agent)
    mine.goto(mine.url.replace("/agent/", url))
    theirs = sign_in(colleague)
    theirs.goto(theirs.url.replace("/agent/", url))
    theirs.fill("textarea[name=reply-body]", "Looking into it")
    theirs.keyboard.type("...")

    expect(mine.locator("#presence")).to_contain_text("Mei Chen is typing a reply", timeout=15_000)
    expect(theirs.locator("#presence")).to_contain_text(agent.full_name, timeout=10_000)
