"""Settings from the environment: a wrong word stops the start and says what would do."""

from email.utils import parseaddr
from urllib.parse import urlsplit

import pytest
from django.core.exceptions import ImproperlyConfigured

from realdesk.config.env import env_choice, env_choices, env_networks, mail_domain

CHOICES = ("new_ticket", "cc")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(None, "new_ticket"), ("", "new_ticket"), ("cc", "cc"), (" CC ", "cc")],
)
def test_env_choice_reads_one_of_the_words(monkeypatch, raw, expected):
    if raw is None:
        monkeypatch.delenv("REALDESK_TEST_CHOICE", raising=False)
    else:
        monkeypatch.setenv("REALDESK_TEST_CHOICE", raw)
    assert env_choice("REALDESK_TEST_CHOICE", CHOICES, "new_ticket") == expected


def test_env_choice_refuses_anything_else_naming_the_setting_and_the_words(monkeypatch):
    monkeypatch.setenv("REALDESK_TEST_CHOICE", "copy")
    with pytest.raises(ImproperlyConfigured) as error:
        env_choice("REALDESK_TEST_CHOICE", CHOICES, "new_ticket")
    assert str(error.value) == "REALDESK_TEST_CHOICE must be one of new_ticket, cc; got 'copy'"


def test_env_networks_checks_every_entry(monkeypatch):
    monkeypatch.setenv("REALDESK_TEST_NETS", "10.0.0.5, 10.1.0.0/16 ,fd00::/8")
    assert env_networks("REALDESK_TEST_NETS") == ["10.0.0.5/32", "10.1.0.0/16", "fd00::/8"]
    monkeypatch.setenv("REALDESK_TEST_NETS", "10.0.0.5,proxy.internal")
    with pytest.raises(ImproperlyConfigured, match=r"got 'proxy\.internal'"):
        env_networks("REALDESK_TEST_NETS")


def test_role_lists_refuse_an_unknown_role(monkeypatch):
    monkeypatch.setenv("REALDESK_KNOWLEDGE_PUBLISH_ROLES", "lead, Agent")
    assert env_choices("REALDESK_KNOWLEDGE_PUBLISH_ROLES", ("lead", "agent"), []) == {
        "lead",
        "agent",
    }
    monkeypatch.setenv("REALDESK_KNOWLEDGE_PUBLISH_ROLES", "lead,boss")
    with pytest.raises(ImproperlyConfigured, match="boss"):
        env_choices("REALDESK_KNOWLEDGE_PUBLISH_ROLES", ("lead", "agent"), [])


@pytest.mark.parametrize(
    ("host", "domain"),
    [
        ("127.0.0.1", "example.com"),  # the demo: never support@127.0.0.1
        ("::1", "example.com"),
        ("localhost", "example.com"),
        ("help.acme.test", "help.acme.test"),
        ("", "example.com"),
    ],
)
def test_mail_domain_is_never_an_address_or_localhost(host, domain):
    assert mail_domain(host) == domain


def test_the_demos_mail_is_from_a_named_support_address(settings):
    """#16.8: 'Support <support@example.com>' on the demo's base URL, the address the
    desk receives at (so its own mail is never a stranger's)."""
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    assert name == settings.REALDESK_FROM_NAME != ""
    host = urlsplit(settings.BASE_URL).hostname
    assert address.partition("@")[2] == mail_domain(host)  # example.com for 127.0.0.1
    assert address == settings.REALDESK_SUPPORT_ADDRESS
