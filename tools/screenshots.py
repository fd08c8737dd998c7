"""Regenerate the screenshots in docs/screenshots/ (`make screenshots`).

    .venv/bin/python tools/screenshots.py              # own demo database under var/screenshots
    .venv/bin/python tools/screenshots.py http://127.0.0.1:8000   # a running `make run`

Every main page at 1280x800 ("wide") and 390x844 ("phone"), in English and German (the
console through the browser's language, the support center through its language switch).
With no address the tool loads the demo data into its own database and serves it itself,
so a newcomer's database is left alone.
"""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
SIZES = {"wide": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
LANGUAGES = ("en", "de")
DEMO_AGENT = ("agent@example.com", "demo")
# A sign-in link for a demo customer who has requests, issued as the portal would.
SIGN_IN_LINK = """
from realdesk.accounts.models import CustomerIdentity
from realdesk.portal_access.actions import signin_token_issue, signin_token_value
identity = (CustomerIdentity.objects.filter(kind="email", verified_at__isnull=False,
            customer__tickets__isnull=False).order_by("pk").first())
token = signin_token_issue(address=identity.value, next_path="/support/requests/")
print(signin_token_value(token))
"""


def launch(playwright):
    """Debian's Chromium, quiet: no sandbox (containers), no background traffic."""
    return playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)


def shoot(page: Page, name: str, size: str) -> None:
    page.wait_for_load_state("networkidle")
    page.screenshot(path=OUT / f"{name}-{size}.png")


def console_pages(page: Page, base: str, size: str, language: str) -> None:
    page.goto(f"{base}/agent/login/")
    shoot(page, f"console-login-{language}", size)
    page.fill("input[name=username]", DEMO_AGENT[0])
    page.fill("input[name=password]", DEMO_AGENT[1])
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/agent/")
    page.wait_for_selector("#view-nav[hx-trigger='every 30s']")  # the live counts
    page.goto(f"{base}/agent/views/team/")
    shoot(page, f"console-inbox-{language}", size)
    if size == "wide":
        page.keyboard.press("?")
        page.wait_for_selector("dialog#shortcuts[open]")
        shoot(page, f"console-shortcuts-{language}", size)
        page.keyboard.press("Escape")
    page.click("table.tickets tbody tr:nth-child(3) td.subject a")
    page.wait_for_selector("#actions-h")
    shoot(page, f"console-ticket-{language}", size)
    for name, path in (
        ("chats", "/agent/chats/"),
        ("callbacks", "/agent/callbacks/"),
        ("incidents", "/agent/incidents/"),
        ("reports", "/agent/reports/"),
        ("knowledge", "/agent/knowledge/"),
        ("not-found", "/agent/no-such-page/"),
    ):
        page.goto(base + path)
        shoot(page, f"console-{name}-{language}", size)


def support_pages(page: Page, base: str, size: str, language: str, sign_in: str) -> None:
    page.goto(f"{base}/support/language/{language}/")
    page.goto(f"{base}/support/")
    shoot(page, f"support-home-{language}", size)
    page.goto(f"{base}/support/search/?q=password")
    shoot(page, f"support-search-{language}", size)
    page.click("ol.results li:first-child a")
    shoot(page, f"support-article-{language}", size)
    page.goto(f"{base}/support/requests/new/")
    shoot(page, f"support-request-form-{language}", size)
    page.goto(f"{base}/status/")
    shoot(page, f"status-{language}", size)
    page.goto(f"{base}/support/callback/")
    shoot(page, f"support-callback-{language}", size)
    page.goto(f"{base}/support/no-such-page/")
    shoot(page, f"support-not-found-{language}", size)
    page.goto(base + sign_in)
    page.click("#confirm-sign-in")
    page.wait_for_url(f"{base}/support/requests/")
    shoot(page, f"support-my-requests-{language}", size)
    page.click("table.requests tbody tr:first-child td:nth-child(2) a")
    shoot(page, f"support-request-{language}", size)


def take_all(base: str, env: dict[str, str]) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = launch(playwright)
        for size, viewport in SIZES.items():
            for language in LANGUAGES:
                # The demo agent chose no language, so the browser's decides the console's.
                context = browser.new_context(viewport=viewport, locale=language)
                console_pages(context.new_page(), base, size, language)
                context.close()
                context = browser.new_context(viewport=viewport, locale="en-US")
                said = realdesk(env, "manage", "shell", "-c", SIGN_IN_LINK)
                sign_in = said.strip().splitlines()[-1]  # after the shell's own banner
                support_pages(
                    context.new_page(), base, size, language, f"/support/sign-in/{sign_in}/"
                )
                context.close()
        browser.close()


def realdesk(env: dict[str, str], *args: str) -> str:
    command = [str(Path(sys.executable).with_name("realdesk")), *args]
    return subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main(argv: list[str]) -> None:
    env = dict(os.environ)
    if argv:
        take_all(argv[0].rstrip("/"), env)
        return
    env.setdefault("REALDESK_VAR_DIR", str(ROOT / "var" / "screenshots"))
    realdesk(env, "demo", "--first-run")
    port = free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("realdesk")), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):  # the server is up once it accepts a connection
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.2)
        take_all(f"http://127.0.0.1:{port}", env)
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main(sys.argv[1:])
