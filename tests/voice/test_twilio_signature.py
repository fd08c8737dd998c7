"""The provider signs the URL it was configured with; behind a proxy the request arrives
at another host and scheme, and RealDesk checks against REALDESK_BASE_URL, not them."""

import pytest

from realdesk.voice.models import Call

pytestmark = pytest.mark.django_db

PUBLIC = "https://help.example.com"
BEHIND_PROXY = {
    "Host": "realdesk.internal:8000",
    "X-Forwarded-Proto": "https",
    "X-Forwarded-Host": "help.example.com",
    "X-Forwarded-For": "54.172.60.1",
}


@pytest.fixture(autouse=True)
def public_address(settings):
    settings.BASE_URL = PUBLIC
    settings.ALLOWED_HOSTS = ["help.example.com", "realdesk.internal", "testserver"]


def test_a_request_through_the_proxy_is_checked_against_the_public_url(phone):
    response = phone("+14155550100").post("incoming", headers=BEHIND_PROXY)
    assert response.status_code == 200, response.content
    # The TwiML names the public webhooks, as the provider must call them.
    assert f'action="{PUBLIC}/voice/twilio/menu"' in response.content.decode()


def test_the_provider_may_sign_the_url_with_its_default_port(phone):
    signed = "https://help.example.com:443/voice/twilio/incoming"
    response = phone("+14155550100").post("incoming", signed_url=signed, headers=BEHIND_PROXY)
    assert response.status_code == 200, response.content


def test_a_signature_over_the_inner_url_is_refused(phone, caplog):
    inner = "http://realdesk.internal:8000/voice/twilio/incoming"
    response = phone("+14155550100").post("incoming", signed_url=inner, headers=BEHIND_PROXY)
    assert response.status_code == 403
    assert f"refused a badly signed webhook to {PUBLIC}/voice/twilio/incoming" in caplog.text
    assert not Call.objects.exists()


def test_the_query_string_is_part_of_what_is_signed(phone):
    caller = phone("+14155550100")
    assert caller.post("incoming").status_code == 200
    signed_without_query = f"{PUBLIC}/voice/twilio/menu"
    response = caller.post("menu?step=number", signed_url=signed_without_query, Digits="1")
    assert response.status_code == 403


def test_no_token_configured_refuses_everything(phone, settings):
    settings.REALDESK_TWILIO_AUTH_TOKEN = ""
    assert phone("+14155550100").post("incoming").status_code == 403
