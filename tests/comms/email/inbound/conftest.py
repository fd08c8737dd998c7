"""A failing attachment store (the SMTP server, our addresses and a ticket opened by email
are in tests/comms/conftest.py)."""

import pytest

from realdesk.comms.email.inbound import filters, pipeline, plan
from realdesk.core.registry import Registry


@pytest.fixture
def attachments_fail_for(monkeypatch):
    """Storing the attachments of the email with this subject fails (a full disk, say):
    a failure inside its delivery, after its ticket was opened."""

    def fail_for(subject: str) -> None:
        real_files = plan._attachment_files

        def failing(message, parsed):
            if parsed.subject == subject:
                raise OSError("disk full")
            return real_files(message, parsed)

        monkeypatch.setattr(plan, "_attachment_files", failing)

    return fail_for


@pytest.fixture
def parsed_here(monkeypatch):
    """The bytes of every email parsed in this process (not ahead, in the second one)."""
    parsed = []
    real_parse = pipeline.parse_message
    monkeypatch.setattr(
        pipeline, "parse_message", lambda raw, **kw: parsed.append(raw) or real_parse(raw, **kw)
    )
    return parsed


@pytest.fixture
def filters_instead(monkeypatch):
    """The pipeline runs these filters (a list of (name, filter)) instead of the registered
    ones, for the rest of the test."""

    def instead(checks) -> None:
        registry = Registry("inbound email filters")
        for name, check in checks:
            registry.register(name, check)
        monkeypatch.setattr(filters, "inbound_filters", registry)

    return instead
