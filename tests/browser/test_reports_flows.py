"""A lead reads the report: changes range and team, follows a drill-down, downloads the
CSV and the XLSX and reads them back."""

import csv
import io
import re
from datetime import timedelta
from pathlib import Path

import openpyxl
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from factories import TeamFactory, open_ticket
from realdesk.tickets.actions import message_send

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_lead_filters_drills_down_and_downloads(sign_in, lead, team, live_server):
    now = timezone.now()
    ours = open_ticket(team=team, subject="Printer on fire", at=now - timedelta(hours=3))
    message_send(ticket=ours, agent=lead, body_text="On it.", at=now - timedelta(hours=2))
    theirs = open_ticket(
        team=TeamFactory(name="Billing"), subject="Invoice twice", at=now - timedelta(hours=3)
    )
    message_send(ticket=theirs, agent=lead, body_text="Refunded.", at=now - timedelta(hours=1))
    page = sign_in(lead)

    page.goto(f"{live_server.url}/agent/reports/")
    expect(page.locator("h1")).to_have_text("Reports")
    today = timezone.localdate()
    page.select_option("select[name=range]", "custom")  # yesterday and today: never empty
    page.fill("input[name=since]", (today - timedelta(days=1)).isoformat())
    page.fill("input[name=until]", today.isoformat())
    page.select_option("select[name=team]", label="Support")
    page.select_option("select[name=hours]", "calendar")
    page.click("button:text-is('Show')")
    expect(page).to_have_url(
        re.compile(
            rf"\?range=custom&since={today - timedelta(days=1)}&.*team={team.pk}&.*hours=calendar"
        )
    )
    expect(page.locator("#table-arrivals_by_channel")).to_contain_text("Email")
    page.locator("#figure-first_response").get_by_role("link", name="The tickets").click()
    expect(page.locator("h1")).to_contain_text("Tickets first answered")
    expect(page.locator("main")).to_contain_text(f"#{ours.number}")
    expect(page.locator("main")).not_to_contain_text(f"#{theirs.number}")
    page.go_back()

    with page.expect_download() as csv_download:
        page.get_by_role("link", name="Headline figures as CSV").click()
    rows = list(csv.reader(io.StringIO(Path(csv_download.value.path()).read_text())))
    first_response = next(row for row in rows if row[0] == "first_response")
    assert float(first_response[1]) == pytest.approx(3600, abs=60)  # seconds, calendar time

    with page.expect_download() as xlsx_download:
        page.get_by_role("link", name="The whole report as XLSX").click()
    book = openpyxl.load_workbook(io.BytesIO(Path(xlsx_download.value.path()).read_bytes()))
    assert "arrivals_heatmap" in book.sheetnames
    headline = {row[0]: row[1] for row in book["headline"].iter_rows(values_only=True)}
    assert headline["first_response"] == pytest.approx(3600, abs=60)
