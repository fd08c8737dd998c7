import pytest

from comms.conftest import smtp_server, support_address  # noqa: F401
from realdesk.incidents.actions import incident_open
from realdesk.incidents.models import Component


@pytest.fixture
def login_component(db):
    return Component.objects.create(name="Login", name_translations={"de": "Anmeldung"})


@pytest.fixture
def incident(lead, login_component):
    return incident_open(
        actor=lead,
        title="Sign-in fails",
        title_translations={"de": "Anmeldung schlägt fehl"},
        body="We are looking into failed sign-ins.",
        body_translations={"de": "Wir untersuchen fehlgeschlagene Anmeldungen."},
        impact="major",
        components=[login_component],
        keywords="cannot log in\nlogin error",
    )
