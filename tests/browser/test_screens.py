"""The console and the support center at the sizes agents and customers use: a laptop
(1280x800) and a phone (390x844)."""

import pytest
from playwright.sync_api import expect

from browser import site_pages
from factories import AgentFactory, open_ticket
from realdesk.accounts.choices import Role
from realdesk.tickets.choices import Status
from realdesk.tickets.models import Ticket

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VISIBLE_ROWS = """() => [...document.querySelectorAll('[data-list] [data-row]')]
    .filter(row => { const box = row.getBoundingClientRect();
                     return box.top >= 0 && box.bottom <= window.innerHeight; })
    .map(row => row.getBoundingClientRect().height)"""


def test_inbox_shows_fifteen_one_line_rows_and_bulk_changes_by_keyboard(sign_in, agent, team):
    tickets = [
        open_ticket(team=team, subject=f"Ticket {n}: the export keeps failing " * 4)
        for n in range(20)
    ]
    page = sign_in(agent)
    page.goto(page.url + "views/team/")
    heights = page.evaluate(VISIBLE_ROWS)
    assert len(heights) >= 15
    assert max(heights) < 40  # one line each: the long subjects are cut, not wrapped

    page.keyboard.press("j")
    page.keyboard.press("x")
    page.keyboard.press("j")
    page.keyboard.press("x")
    expect(page.locator("[data-selected-count]")).to_have_text("2 selected")
    page.select_option("#bulk-action", "status")
    expect(page.locator("#bulk-owner")).to_be_hidden()
    page.select_option("#bulk-status", Status.OPEN)
    page.click("#bulk button[type=submit]")
    expect(page.locator(".flash")).to_contain_text("Set status: done on 2")
    assert Ticket.objects.filter(pk__in=[t.pk for t in tickets], status=Status.OPEN).count() == 2


HTMX_IDLE = "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"


def test_properties_save_on_change_and_undo_restores_them(sign_in, agent, ticket):
    page = sign_in(agent)
    page.goto(f"{page.url}tickets/{ticket.number}/")
    page.select_option("#id_priority-priority", "urgent")
    expect(page.locator("#facts")).to_contain_text("Urgent")
    expect(page.locator("#history")).to_contain_text("Priority")
    page.click("[data-undo] button")
    expect(page.locator("#facts")).to_contain_text("Normal")
    expect(page.locator("#id_priority-priority")).to_have_value("normal")
    ticket.refresh_from_db()
    assert ticket.priority == "normal"
    assert ticket.events.filter(kind="priority_changed").count() == 2

    # The undo swapped the form in anew; htmx wires its change trigger while settling, so
    # a change made before that (no person is that fast, a loaded CI is) sends nothing.
    page.wait_for_function(HTMX_IDLE)
    page.select_option("#id_priority-priority", "low")
    expect(page.locator("[data-undo]")).to_be_visible()
    expect(page.locator("[data-undo]")).to_have_count(0, timeout=7_000)  # gone after 5 s


# Controls a finger must hit: buttons, fields, disclosure toggles and navigation links
# (a radio button or a checkbox is hit through its label).
SMALL_TARGETS = """() => [...document.querySelectorAll(
    'button, select, input:not([type=hidden]):not([type=radio]):not([type=checkbox]), ' +
    'textarea, summary, nav a, .pick-box, label:has(> input[type=radio])')]
    .filter(e => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden')
    .filter(e => !e.closest('.pick-box') || e.matches('.pick-box'))
    .filter(e => e.getBoundingClientRect().height < 44 || e.getBoundingClientRect().width < 24)
    .map(e => e.outerHTML.slice(0, 80))"""


def phone_problems(page, url) -> list[str]:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    problems = []
    scroll, client = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    if scroll > client:
        problems.append(f"{url} scrolls sideways: {scroll} > {client}")
    problems += [f"{url} small target: {target}" for target in page.evaluate(SMALL_TARGETS)]
    return problems


def test_every_support_page_and_the_console_fit_a_phone(browser, live_server, settings, agent):
    settings.BASE_URL = live_server.url
    pages = site_pages.site(agent)
    base = live_server.url
    problems = []
    customer = browser.new_context(viewport=site_pages.PHONE).new_page()
    for path in pages.support_public:
        problems += phone_problems(customer, base + path)
    site_pages.customer_signs_in(customer, base, pages.sign_in_path)
    for path in pages.support_signed_in:
        problems += phone_problems(customer, base + path)

    console = browser.new_context(viewport=site_pages.PHONE).new_page()
    problems += phone_problems(console, f"{base}/agent/login/")
    site_pages.agent_signs_in(console, base, agent)
    for path in pages.console_main:
        problems += phone_problems(console, base + path)
    assert problems == [], "\n".join(problems)


# Every top-bar item's box, and whether it lies inside the bar (the bar's dark background
# is what its white text is readable on).
TOP_BAR_OVERFLOW = """() => {
    const bar = document.querySelector('.topbar').getBoundingClientRect();
    return [...document.querySelectorAll('.topbar a, .topbar button, .topbar input')]
        .filter(e => e.getClientRects().length)
        .filter(e => {
            const box = e.getBoundingClientRect();
            return box.right > Math.min(bar.right, window.innerWidth) || box.bottom > bar.bottom;
        })
        .map(e => e.outerHTML.slice(0, 60));
}"""


@pytest.mark.parametrize("width", [1024, 1280])
def test_the_console_top_bar_keeps_every_item_inside_it(browser, live_server, width):
    """An admin has the longest bar (Staffing, Admin); at a small desktop width it wraps
    rather than pushing 'Sign out' off the dark bar."""
    admin = AgentFactory(role=Role.ADMIN)
    console = browser.new_context(viewport={"width": width, "height": 800}).new_page()
    site_pages.agent_signs_in(console, live_server.url, admin)
    console.goto(f"{live_server.url}/agent/")
    assert console.get_by_role("button", name="Sign out").is_visible()
    assert console.evaluate(TOP_BAR_OVERFLOW) == []


# The rows the top bar's items sit on: one number per distinct line (items whose boxes
# share vertical space are on one line).
TOP_BAR_LINES = """() => {
    const boxes = [...document.querySelectorAll(
        '.topbar .brand, .topbar nav a, .topbar-search, .topbar button, .topbar select, .me span'
    )].filter(e => e.getClientRects().length).map(e => e.getBoundingClientRect());
    const lines = [];
    for (const box of boxes.sort((a, b) => a.top - b.top)) {
        const middle = (box.top + box.bottom) / 2;
        if (!lines.some(([top, bottom]) => middle > top && middle < bottom)) {
            lines.push([box.top, box.bottom]);
        }
    }
    return lines.length;
}"""


@pytest.mark.parametrize("language", ["en", "de", "fr", "es"])
def test_the_console_top_bar_is_one_line_at_1280_in_every_language(browser, live_server, language):
    """German words are long: at 1280x800 the admin's bar (the longest) wrapped to two
    lines, pushing every page down. Each language must fit it on one."""
    admin = AgentFactory(role=Role.ADMIN, language=language, full_name="Maximiliane Oberhauser")
    console = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    site_pages.agent_signs_in(console, live_server.url, admin)
    console.goto(f"{live_server.url}/agent/")
    console.wait_for_load_state("networkidle")  # the chat availability switch loads in
    assert console.evaluate("document.documentElement.lang") == language
    assert console.evaluate(TOP_BAR_LINES) == 1
    assert console.evaluate(TOP_BAR_OVERFLOW) == []
