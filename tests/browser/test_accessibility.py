"""axe-core (vendored for tests only, tests/browser/vendor/axe-core) on every console and
support-center page: no serious or critical violation."""

from pathlib import Path

import pytest

from browser import site_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
RUN_AXE = """async () => {
    const result = await axe.run(document, {resultTypes: ['violations']});
    return result.violations
        .filter(v => v.impact === 'serious' || v.impact === 'critical')
        .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '));
}"""


def violations(page, url: str) -> list[str]:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.add_script_tag(path=str(AXE))
    return [f"{url} {found}" for found in page.evaluate(RUN_AXE)]


def test_no_serious_or_critical_violations(browser, live_server, settings, agent):
    settings.BASE_URL = live_server.url
    pages = site_pages.site(agent)
    base = live_server.url
    found = []
    customer = browser.new_context(viewport=site_pages.LAPTOP, bypass_csp=True).new_page()
    for path in pages.support_public:
        found += violations(customer, base + path)
    site_pages.customer_signs_in(customer, base, pages.sign_in_path)
    for path in pages.support_signed_in:
        found += violations(customer, base + path)
    console = browser.new_context(viewport=site_pages.LAPTOP, bypass_csp=True).new_page()
    found += violations(console, f"{base}/agent/login/")
    site_pages.agent_signs_in(console, base, agent)
    for path in pages.console:
        found += violations(console, base + path)
    assert found == [], "\n".join(found)
