"""Webhook URLs: internal addresses are refused before any connection is made."""

import ipaddress

import pytest

from factories import open_ticket
from realdesk.webhooks import urlsafety
from realdesk.webhooks.choices import DeliveryStatus, WebhookEvent
from realdesk.webhooks.models import WebhookDelivery
from realdesk.webhooks.outbox import delivery_send
from realdesk.webhooks.urlsafety import UnsafeTargetError, target_check

# Names tests may resolve without DNS; "localhost" comes from /etc/hosts.
FAKE_DNS = {
    "intranet.example": ["10.1.2.3"],
    "mixed.example": ["93.184.215.14", "192.168.1.1"],
    "public.example": ["93.184.215.14"],
    "crm.corp.example": ["10.9.9.9"],
}


@pytest.fixture(autouse=True)
def fake_dns(monkeypatch, settings):
    settings.REALDESK_WEBHOOK_ALLOWED_HOSTS = []
    real = urlsafety.resolve

    def resolve(host, port):
        if host in FAKE_DNS:
            return [ipaddress.ip_address(a) for a in FAKE_DNS[host]]
        if host == "localhost" or host[0].isdigit() or ":" in host:
            return real(host, port)  # literals and /etc/hosts: no network
        raise OSError("no such host")

    monkeypatch.setattr(urlsafety, "resolve", resolve)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://10.0.0.8/hook", "a private address"),
        ("http://172.16.4.1/hook", "a private address"),
        ("http://192.168.0.10:8080/hook", "a private address"),
        ("http://127.0.0.1/hook", "a loopback address"),
        ("http://127.5.5.5/hook", "a loopback address"),
        ("http://[::1]/hook", "a loopback address"),
        ("http://[fe80::1]/hook", "a link-local address"),
        ("http://[::ffff:10.0.0.1]/hook", "a private address"),
        ("http://169.254.169.254/latest/meta-data/", "a cloud metadata address"),
        ("http://[fd00:ec2::254]/", "a cloud metadata address"),
        ("http://224.0.0.1/", "a multicast address"),
        ("http://0.0.0.0/", "the unspecified address"),
        ("http://100.64.0.1/", "not a public address"),
        ("http://localhost:8000/hook", "a loopback address"),
        ("https://intranet.example/hook", "a private address"),
        ("https://mixed.example/hook", "a private address"),
        ("http://[2002:7f00:1::]/", "a loopback address (127.0.0.1, carried in 6to4 form)"),
        ("http://[2002:a00:1::5]/", "a private address (10.0.0.1, carried in 6to4 form)"),
        # Teredo stores the client's address inverted: f5ff:fffe is 10.0.0.1.
        ("http://[2001:0:4136:e378:8000:63bf:f5ff:fffe]/", "(10.0.0.1, carried in Teredo form)"),
        ("http://[64:ff9b::7f00:1]/", "a loopback address (127.0.0.1, carried in NAT64 form)"),
        ("http://[64:ff9b:1::c0a8:1]/", "a private address (192.168.0.1, carried in NAT64 form)"),
        ("http://[::10.0.0.1]/", "a private address (10.0.0.1, carried in IPv4-compatible form)"),
        ("http://[::ffff:7f00:1]/", "a loopback address (127.0.0.1, carried in IPv4-mapped form)"),
    ],
)
def test_internal_addresses_are_refused(url, reason, no_dialling):
    with pytest.raises(UnsafeTargetError) as refused:
        target_check(url)
    assert reason in refused.value.message
    assert refused.value.code == "unsafe_target"
    assert no_dialling == []


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://public.example/", "must start with http:// or https://"),
        ("file:///etc/passwd", "must start with http:// or https://"),
        ("https:///nohost", "needs a host name"),
        ("https://user:pw@public.example/", "Leave user names and passwords out"),
        ("https://public.example:http/", "port in the webhook URL is not a number"),
        ("https://nowhere.example/", "cannot be resolved"),
    ],
)
def test_malformed_urls_are_refused_with_a_clear_message(url, message):
    with pytest.raises(UnsafeTargetError, match=message):
        target_check(url)


def test_public_host_is_pinned_to_its_checked_address():
    target = target_check("https://Public.Example./in?x=1")
    assert (target.scheme, target.host, target.port) == ("https", "public.example", 443)
    assert (target.path, target.address) == ("/in?x=1", "93.184.215.14")


@pytest.mark.parametrize(
    ("allowed", "url"),
    [
        (["crm.corp.example"], "https://crm.corp.example/hook"),
        (["10.0.0.0/8"], "https://crm.corp.example/hook"),
        (["127.0.0.1"], "http://127.0.0.1:9000/hook"),
    ],
)
def test_the_allow_list_lets_on_premises_receivers_through(settings, allowed, url):
    settings.REALDESK_WEBHOOK_ALLOWED_HOSTS = allowed
    assert target_check(url).address in {"10.9.9.9", "127.0.0.1"}


def test_the_allow_list_never_opens_the_metadata_address(settings):
    settings.REALDESK_WEBHOOK_ALLOWED_HOSTS = ["169.254.0.0/16", "0.0.0.0/0"]
    with pytest.raises(UnsafeTargetError, match="cloud metadata"):
        target_check("http://169.254.169.254/")


def test_allowing_one_address_does_not_allow_a_name_that_is_not_it(settings):
    settings.REALDESK_WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1"]
    with pytest.raises(UnsafeTargetError, match="private"):
        target_check("https://intranet.example/")


@pytest.mark.django_db
def test_a_url_that_turned_private_fails_the_attempt_without_connecting(
    settings, subscribe, no_dialling
):
    """DNS can change after the subscription was saved: every attempt checks again."""
    subscription = subscribe(WebhookEvent.TICKET_CREATED)
    settings.REALDESK_WEBHOOK_ALLOWED_HOSTS = []
    open_ticket()
    delivery = WebhookDelivery.objects.get(subscription=subscription)
    assert delivery_send(delivery_id=delivery.pk) == DeliveryStatus.PENDING
    assert "a loopback address" in delivery.attempt_log.get().error
    assert no_dialling == []


def test_a_public_ipv4_inside_6to4_passes_and_mapped_is_its_ipv4():
    assert target_check("http://[2002:5db8:d70e::1]/").address == "2002:5db8:d70e::1"
    assert target_check("http://[::ffff:93.184.215.14]/").address == "::ffff:5db8:d70e"


def test_the_allow_list_never_opens_a_metadata_address_inside_ipv6(settings):
    settings.REALDESK_WEBHOOK_ALLOWED_HOSTS = ["2002::/16", "169.254.0.0/16"]
    with pytest.raises(UnsafeTargetError, match="cloud metadata"):
        target_check("http://[2002:a9fe:a9fe::]/")
