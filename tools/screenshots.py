"""Take the README's screenshots from a running RealDesk (`make run`) in Debian's Chromium.

    .venv/bin/python tools/screenshots.py [http://127.0.0.1:8000]

Needs the demo data (`realdesk demo`): it signs in as the demo agent.
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"


def launch(playwright):
    """Debian's Chromium, quiet: no sandbox (containers), no background traffic."""
    return playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)


def main(base: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(f"{base}/agent/login/")
        page.screenshot(path=OUT / "login.png")
        page.fill("input[name=username]", "agent@example.com")
        page.fill("input[name=password]", "demo")
        page.click("button[type=submit]")
        page.wait_for_url(f"{base}/agent/")
        page.wait_for_selector("#view-nav[hx-trigger='every 30s']")  # the live counts
        page.screenshot(path=OUT / "tickets.png")
        page.keyboard.press("?")
        page.wait_for_selector("dialog#shortcuts[open]")
        page.screenshot(path=OUT / "shortcuts.png")
        page.keyboard.press("Escape")
        page.click("table.tickets tbody tr:nth-child(3) td.num a")
        page.wait_for_selector("#actions-h")
        page.screenshot(path=OUT / "ticket.png", full_page=False)
        page.set_viewport_size({"width": 820, "height": 1180})
        page.goto(f"{base}/agent/views/team/")
        page.wait_for_selector("#view-nav[hx-trigger='every 30s']")
        page.screenshot(path=OUT / "tablet.png")
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000")
