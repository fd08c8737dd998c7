"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Deselect with `-m "not browser"`; they run in `make test`.
"""

import importlib.util
import os
from pathlib import Path

import pytest
from django.db import connections
from playwright.sync_api import expect, sync_playwright
from pytest_django.live_server_helper import LiveServer

TOOL = Path(__file__).resolve().parents[2] / "tools" / "screenshots.py"
_spec = importlib.util.spec_from_file_location("realdesk_screenshots", TOOL)
screenshots = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(screenshots)  # the same Chromium launch as the screenshot tool
PASSWORD = "correct horse battery"
# An assertion waits as long as an action does (the contexts' default, 10 s), not
# Playwright's 5 s: the widget's file upload took longer than 5 s on CI's shared cores.
expect.set_options(timeout=10_000)


@pytest.fixture(scope="session")
def live_server(request):
    """pytest-django's live server, except that each request thread opens its own database
    connection, as the desk's threads do. For an in-memory SQLite database pytest-django
    lends the test thread's connection object to every request thread: a request still
    running (the widget's long poll, an upload) then shared one transaction state with the
    test and with the other requests, and CI saw an upload never shown and, after a browser
    test, the test thread's connection left out of autocommit outside any atomic block.
    The test database is a named shared-cache memory database, so a connection of another
    thread opens the same one (tests/conftest.py lets its readers read while one writes)."""
    addr = (
        request.config.getvalue("liveserver")
        or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost"
    )
    server = LiveServer(addr, start=False)
    server.thread.connections_override = {}
    server.start()
    yield server
    server.stop()


@pytest.fixture
def browser(monkeypatch):
    """One Chromium per test: Playwright's event loop must not outlive the test, or Django
    refuses ORM calls from the tests that follow."""
    # The test body queries the ORM while Playwright's loop runs in the same thread.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = screenshots.launch(playwright)
        yield chromium
        chromium.close()
        # The test's ORM calls ran while Playwright's loop ran in this thread, on database
        # connections of that context, which nothing else closes: left open, PostgreSQL
        # refused to drop the test database at the end of the run.
        connections.close_all()


@pytest.fixture
def sign_in(browser, live_server):
    """A fresh browser context signed in as the given agent, at 1280x800."""

    def open_as(agent):
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        context.set_default_timeout(10_000)
        page = context.new_page()
        page.goto(f"{live_server.url}/agent/login/")
        page.fill("input[name=username]", agent.email)
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/agent/")
        return page

    return open_as
