"""Signatures as the Standard Webhooks libraries compute and check them."""

import base64
import hashlib
import hmac

from realdesk.webhooks.signing import secret_generate, signature, signature_valid

SECRET = "whsec_" + base64.b64encode(b"k" * 32).decode()


def test_signature_is_hmac_sha256_over_id_timestamp_and_body():
    expected = hmac.new(b"k" * 32, b'msg_1.1700000000.{"a":1}', hashlib.sha256).digest()
    assert (
        signature(secret=SECRET, webhook_id="msg_1", timestamp=1_700_000_000, body='{"a":1}')
        == "v1," + base64.b64encode(expected).decode()
    )


def test_any_changed_part_fails_the_check():
    header = signature(secret=SECRET, webhook_id="msg_1", timestamp=1, body="{}")
    good = {"secret": SECRET, "webhook_id": "msg_1", "timestamp": 1, "body": "{}"}
    assert signature_valid(**good, header=header)
    assert signature_valid(**good, header=f"v1,bm9wZQ== {header}")  # one of several
    for change in ({"webhook_id": "msg_2"}, {"timestamp": 2}, {"body": "{ }"}):
        assert not signature_valid(**{**good, **change}, header=header)
    assert not signature_valid(**{**good, "secret": secret_generate()}, header=header)


def test_generated_secrets_are_fresh_32_byte_keys():
    first, second = secret_generate(), secret_generate()
    assert first != second
    assert first.startswith("whsec_")
    assert len(base64.b64decode(first.removeprefix("whsec_"))) == 32
