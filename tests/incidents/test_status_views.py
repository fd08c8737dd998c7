"""The public status page, its feed, and the support center's banner."""

import xml.etree.ElementTree as ET

import pytest

from realdesk.incidents.actions import incident_update_post
from realdesk.sla.phrasing import describe_instant

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def test_status_page_shows_components_and_the_current_incident(client, incident):
    page = client.get("/status/").content.decode()
    assert "Sign-in fails" in page
    assert "Partial outage" in page  # the Login component under a major incident
    assert "We are looking into failed sign-ins." in page


def test_status_page_in_german(client, incident):
    page = client.get("/status/", headers={"accept-language": "de"}).content.decode()
    assert "Anmeldung schlägt fehl" in page
    assert "Wir untersuchen fehlgeschlagene Anmeldungen." in page
    assert "Dienststatus" in page


def test_resolved_incidents_are_past(client, incident, lead):
    incident_update_post(actor=lead, incident=incident, status="resolved", body="Fixed.")
    page = client.get("/status/").content.decode()
    assert "All systems operational." in page
    assert "Past incidents" in page
    assert "Fixed." in page


def test_feed_lists_every_update(client, incident, lead):
    incident_update_post(actor=lead, incident=incident, status="monitoring", body="Fix out.")
    response = client.get("/status/feed.atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314 (our own feed, not untrusted input)
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == [
        "Sign-in fails: Monitoring",
        "Sign-in fails: Investigating",
    ]


def test_banner_in_the_support_center_while_open(client, incident, lead):
    assert "incident-banner" in client.get("/support/").content.decode()
    incident_update_post(actor=lead, incident=incident, status="resolved", body="Fixed.")
    assert "incident-banner" not in client.get("/support/").content.decode()


def test_unknown_incident_is_404(client, db):
    assert client.get("/status/incidents/999/").status_code == 404


def test_update_times_carry_the_readers_zone(client, incident):
    """#16.3: a time a customer reads has its zone, on their browser's clock."""
    client.cookies["realdesk_tz"] = "Asia/Tokyo"
    page = client.get("/status/").content.decode()
    update = incident.updates.get()
    shown = describe_instant(update.created_at, timezone="Asia/Tokyo")
    assert shown.endswith(" JST")
    assert f">{shown}</time>" in page
