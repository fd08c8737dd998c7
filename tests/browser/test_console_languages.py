"""The console in German, whose labels are the longest of the four languages: the top bar
must still hold every item on a laptop screen."""

import pytest
from playwright.sync_api import expect

from browser import site_pages
from browser.test_screens import TOP_BAR_OVERFLOW
from factories import AgentFactory, open_ticket
from realdesk.accounts.choices import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1024, 1280])
def test_the_german_inbox_keeps_the_top_bar_whole(browser, live_server, width):
    admin = AgentFactory(role=Role.ADMIN, language="de")  # the longest bar: Staffing, Admin
    open_ticket(subject="Der Export bricht ab")
    page = browser.new_context(viewport={"width": width, "height": 800}).new_page()
    site_pages.agent_signs_in(page, live_server.url, admin)
    page.goto(f"{live_server.url}/agent/")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("link", name="Wissen")).to_be_visible()  # the bar's short label
    assert page.get_by_role("button", name="Abmelden").is_visible()
    assert page.evaluate(TOP_BAR_OVERFLOW) == []


def test_the_language_switch_changes_the_console_at_once(browser, live_server, agent):
    page = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-US").new_page()
    site_pages.agent_signs_in(page, live_server.url, agent)
    page.goto(f"{live_server.url}/agent/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.click(".me-menu summary")  # the language is in the menu under the name
    page.select_option(".language-switch select", "fr")
    expect(page.locator("html")).to_have_attribute("lang", "fr")  # htmx reloaded the page
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()
    agent.refresh_from_db()
    assert agent.language == "fr"
