import pytest
from twilio.request_validator import RequestValidator

TOKEN = "test-auth-token"


class Phone:
    """Posts what Twilio posts, signed as Twilio signs it (the auth token over URL + form)."""

    def __init__(self, client, settings, sid: str, number: str):
        self.client, self.settings, self.sid, self.number = client, settings, sid, number

    def post(self, path: str, token: str = TOKEN, signed_url: str = "", headers=None, **params):
        """`path` may carry a query string (the provider signs it too); `signed_url` is
        the URL the provider signs when it is not the desk's REALDESK_BASE_URL."""
        form = {"CallSid": self.sid, "From": self.number, "To": "+15550001111", **params}
        url = signed_url or f"{self.settings.BASE_URL}/voice/twilio/{path}"
        signature = RequestValidator(token).compute_signature(url, form)
        return self.client.post(
            f"/voice/twilio/{path}",
            form,
            headers={"X-Twilio-Signature": signature, **(headers or {})},
        )


@pytest.fixture(autouse=True)
def twilio_token(settings):
    settings.REALDESK_TWILIO_AUTH_TOKEN = TOKEN


@pytest.fixture
def phone(client, settings, db):
    def dial(number: str, sid: str = "CA0001") -> Phone:
        return Phone(client, settings, sid, number)

    return dial
