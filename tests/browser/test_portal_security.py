"""Hostile HTML in articles and messages never runs in Chromium: sanitized on save, and
even HTML that slipped past the sanitizer is stopped by the Content-Security-Policy."""

import pytest

from factories import open_ticket
from realdesk.knowledge.actions import article_create, translation_save
from realdesk.knowledge.models import ArticleTranslation
from realdesk.portal.session import SESSION_KEY
from realdesk.tickets.attachments import attachment_store

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAYLOADS = (
    "<script>window.__xss = 'script'</script>"
    "<img src=x onerror=\"window.__xss = 'onerror'\">"
    "<a id=js href=\"javascript:window.__xss='href'\">click</a>"
    "<svg><script>window.__xss = 'svg-script'</script></svg>"
    "<svg onload=\"window.__xss = 'svg-onload'\"></svg>"
    "<p>Plain words survive.</p>"
)


def watch(page) -> list[str]:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    return dialogs


def assert_nothing_ran(page, dialogs):
    if page.locator("#js").count():
        page.click("#js", no_wait_after=True)
    page.wait_for_timeout(200)
    assert page.evaluate("window.__xss === undefined")
    assert dialogs == []


def signed_in(page, client, customer, live_server) -> None:
    """The customer's portal session in the browser, as a redeemed link would leave it."""
    session = client.session
    session[SESSION_KEY] = customer.pk
    session.save()
    page.context.add_cookies(
        [{"name": "sessionid", "value": session.session_key, "url": live_server.url}]
    )


@pytest.fixture
def page(browser):
    context = browser.new_context()
    context.set_default_timeout(10_000)
    return context.new_page()


def test_article_payloads_are_sanitized_and_csp_stops_the_rest(page, live_server):
    article = article_create(slug="hostile", actor=None)
    saved = translation_save(
        article=article,
        language="en",
        title="Hostile",
        body_html=PAYLOADS,
        actor=None,
        publish=True,
    )
    dialogs = watch(page)
    response = page.goto(f"{live_server.url}/support/articles/hostile/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "Plain words survive." in page.content()
    assert_nothing_ran(page, dialogs)

    # Defence in depth: if the sanitizer ever let everything through, the CSP still holds.
    ArticleTranslation.objects.filter(pk=saved.pk).update(body_html=PAYLOADS)
    page.goto(f"{live_server.url}/support/articles/hostile/")
    assert page.locator("#js").count() == 1  # the raw payload really is on the page
    assert_nothing_ran(page, dialogs)


def test_message_payloads_show_as_text(page, live_server, customer, client):
    ticket = open_ticket(customer=customer, body_text=PAYLOADS)
    signed_in(page, client, customer, live_server)
    dialogs = watch(page)
    page.goto(f"{live_server.url}/support/requests/{ticket.number}/")
    assert "<script>window.__xss" in page.locator(".conversation").inner_text()
    assert_nothing_ran(page, dialogs)


@pytest.mark.parametrize(
    ("name", "payload"),
    [
        ("evil.html", b"<html><script>window.__xss = 1</script></html>"),
        ("evil.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="window.__xss=1"/>'),
    ],
)
def test_hostile_files_are_downloaded_never_rendered(
    page, live_server, customer, client, name, payload
):
    ticket = open_ticket(customer=customer)
    attachment_store(message=ticket.messages.get(), filename=name, payload=payload)
    signed_in(page, client, customer, live_server)
    page.goto(f"{live_server.url}/support/requests/{ticket.number}/")
    with page.expect_download() as download:
        page.click(f"a:has-text('{name}')")
    assert download.value.suggested_filename == name
    assert page.evaluate("window.__xss === undefined")
