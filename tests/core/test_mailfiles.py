"""Mail without a relay lands in var/sent-mail/ as one .eml per message, named by time,
recipient and subject, so a newcomer finds their sign-in link by eye (#16.8)."""

import re
from email import message_from_bytes

from django.core.mail import EmailMessage

from realdesk.core.mailfiles import EmailBackend


def test_each_message_is_a_file_named_by_time_recipient_and_subject(tmp_path, settings):
    settings.TIME_ZONE = "UTC"
    backend = EmailBackend(file_path=str(tmp_path))
    messages = [
        EmailMessage("Sign in to your requests", "link", to=["ana@example.org"]),
        EmailMessage("Sign in to your requests", "link", to=["ana@example.org"]),
        EmailMessage("Re: [#12] a/b: c?", "x", to=["bo@example.org"]),
    ]
    assert backend.send_messages(messages) == 3
    names = sorted(path.name for path in tmp_path.iterdir())
    assert len(names) == 3  # the same name twice in one second: both kept
    stamp = r"\d{4}-\d\d-\d\d_\d{6}"
    assert all(re.match(stamp, name) for name in names)
    assert any(name.endswith("_ana@example.org_Sign in to your requests.eml") for name in names)
    assert any(name.endswith("_ana@example.org_Sign in to your requests (1).eml") for name in names)
    assert any(name.endswith("_bo@example.org_Re_ [#12] a_b_ c_.eml") for name in names)
    sent = message_from_bytes((tmp_path / sorted(names)[0]).read_bytes())
    assert sent["From"] == settings.DEFAULT_FROM_EMAIL
