"""A callback asked for on the portal, kept from the console: its window is shown, two
tries go unanswered, the third reaches the customer."""

import pytest
from playwright.sync_api import expect

from realdesk.voice.choices import CallbackStatus
from realdesk.voice.models import Callback

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_portal_callback_is_tried_twice_then_reached(browser, live_server, sign_in, lead):
    customer_page = browser.new_context(locale="en-US").new_page()
    customer_page.goto(f"{live_server.url}/support/callback/?tz=Europe/Berlin")
    customer_page.fill("input[name=name]", "Bo Berg")
    customer_page.fill("input[name=phone]", "+49 30 1234567")
    window = customer_page.locator("select[name=window] option").nth(1)
    label = window.inner_text()
    customer_page.select_option("select[name=window]", window.get_attribute("value"))
    customer_page.click("button:has-text('Call me back')")
    expect(customer_page.locator("h1")).to_have_text("We will call you back")
    expect(customer_page.locator(".confirmation")).to_contain_text(label)

    callback = Callback.objects.get()
    page = sign_in(lead)
    page.click("nav[aria-label=Main] a:has-text('Callbacks')")
    row = page.locator(f"tr[data-callback='{callback.pk}']")
    expect(row.locator("time").first).to_have_attribute(
        "datetime", callback.window_start.isoformat()
    )
    for attempts in ("1", "2"):
        row.locator("button[value=no_answer]").click()
        expect(row.locator("[data-attempts]")).to_have_text(attempts)
    row.locator("button[value=reached]").click()
    expect(page.locator("table[data-callbacks]")).to_contain_text("No callback to make.")
    callback.refresh_from_db()
    assert callback.status == CallbackStatus.REACHED
    assert callback.attempts == 3
