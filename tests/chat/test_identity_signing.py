"""Identity signing: a chat started with the host site's signed user id belongs to that
user's customer, chat after chat; a bad or unexpected signature is refused with nothing
written."""

import pytest

from realdesk.accounts.choices import IdentityKind
from realdesk.accounts.models import Customer, CustomerIdentity
from realdesk.chat.identity import check_identity_signature, identity_sign
from realdesk.chat.models import ChatSession
from realdesk.core.errors import ApplicationError
from realdesk.tickets.models import Ticket

pytestmark = pytest.mark.django_db

SECRET = "s3cret-of-the-shop"


@pytest.fixture
def secret(settings):
    settings.REALDESK_CHAT_IDENTITY_SECRET = SECRET
    return SECRET


def test_the_signature_is_the_hex_hmac_sha256_of_the_id():
    # The value an integrator gets from: echo -n 42 | openssl dgst -sha256 -hmac key
    assert identity_sign(user_id="42", secret="key") == (
        "f2991b7ce981d0b5adc5e6a0f31acaeb407bfc21354bbcc31a0c43eaffa83d65"
    )
    check_identity_signature(
        user_id="42", user_hash=identity_sign(user_id="42", secret="key").upper(), secret="key"
    )


@pytest.mark.parametrize(
    ("user_id", "user_hash", "secret"),
    [
        ("42", "00" * 32, SECRET),  # wrong hash
        ("43", identity_sign(user_id="42", secret=SECRET), SECRET),  # another id's hash
        ("42", "", SECRET),  # half of it
        ("", identity_sign(user_id="42", secret=SECRET), SECRET),
        ("42", identity_sign(user_id="42", secret=""), ""),  # the desk accepts none
    ],
)
def test_anything_but_the_right_signature_is_refused(user_id, user_hash, secret):
    with pytest.raises(ApplicationError) as raised:
        check_identity_signature(user_id=user_id, user_hash=user_hash, secret=secret)
    assert raised.value.code == "identity_refused"


def test_a_signed_user_keeps_one_thread_whatever_email_they_type(start, online, secret):
    signed = {"user_id": "u-42", "user_hash": identity_sign(user_id="u-42", secret=secret)}
    first = start(email="ana@example.com", **signed)
    assert first.status_code == 201, first.content
    second = start(email="ana.ruiz@work.example", question="And another thing", **signed)
    assert second.status_code == 201, second.content
    sessions = ChatSession.objects.order_by("pk")
    assert sessions[0].customer == sessions[1].customer
    identity = CustomerIdentity.objects.get(kind=IdentityKind.EXTERNAL)
    assert (identity.value, identity.customer) == ("u-42", sessions[0].customer)
    assert identity.verified_at is not None, "the host site vouched for it"
    typed = CustomerIdentity.objects.get(kind=IdentityKind.EMAIL, value="ana@example.com")
    assert typed.verified_at is None, "the signature covers the id, not the address"


def test_a_signed_user_never_takes_another_customers_address(start, online, secret):
    start(email="bo@example.com")  # Bo's own chat, by email
    bo = Customer.objects.get()
    signed = {"user_id": "u-7", "user_hash": identity_sign(user_id="u-7", secret=secret)}
    assert start(email="bo@example.com", **signed).status_code == 201
    signed_customer = ChatSession.objects.latest("pk").customer
    assert signed_customer != bo
    assert CustomerIdentity.objects.get(kind=IdentityKind.EMAIL).customer == bo


def test_a_bad_signature_is_403_and_writes_nothing(start, online, secret):
    response = start(user_id="u-42", user_hash="0" * 64)
    assert response.status_code == 403
    assert response.json()["error"] == "identity_refused"
    assert "HMAC-SHA256" in response.json()["message"]
    assert not Customer.objects.exists()
    assert not Ticket.objects.exists()
    assert not ChatSession.objects.exists()


def test_without_a_secret_no_identity_is_accepted(start, online, settings):
    settings.REALDESK_CHAT_IDENTITY_SECRET = ""
    response = start(user_id="u-42", user_hash=identity_sign(user_id="u-42", secret=""))
    assert response.status_code == 403
    assert not ChatSession.objects.exists()


def test_the_widget_passes_the_signed_identity_in_the_fragment(client):
    script = client.get("/chat/widget.js").text
    assert "document.currentScript" in script
    assert "tag.dataset.userHash" in script
