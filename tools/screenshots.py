"""Take the README's screenshots from a running RealDesk (`make run`) in Debian's Chromium.

.venv/bin/python tools/screenshots.py [http://127.0.0.1:8000]
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


def main(base: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(f"{base}/agent/login/")
        page.screenshot(path=OUT / "login.png")
        page.fill("input[name=username]", "agent@example.com")
        page.fill("input[name=password]", "demo")
        page.click("button[type=submit]")
        page.wait_for_url(f"{base}/agent/")
        page.screenshot(path=OUT / "tickets.png")
        page.click("table.tickets tbody tr:nth-child(3) td.num a")
        page.wait_for_load_state()
        page.screenshot(path=OUT / "ticket.png", full_page=False)
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000")
