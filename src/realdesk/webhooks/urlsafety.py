"""Where a webhook may go: never this machine, the internal network or cloud metadata.

A subscription URL is typed by an admin but fetched by the server, so an unchecked one
would let anyone with the admin role probe the inside of the network (SSRF). The host
is resolved once, every address it resolves to is checked, and the sender connects to
the checked address itself, so a name cannot resolve to a public address for the check
and to a private one for the connection (DNS rebinding).

IPv6 has several ways of carrying an IPv4 address (IPv4-mapped and -compatible, 6to4,
Teredo, NAT64); a relay or translator on the way delivers to that IPv4 address, so it is
checked as well: 2002:7f00:1:: is loopback by another name.

REALDESK_WEBHOOK_ALLOWED_HOSTS lets on-premises receivers through: host names, or
addresses and networks in CIDR form. Metadata addresses are refused even then.
"""

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext

from realdesk.core.errors import ApplicationError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

METADATA_ADDRESSES = frozenset(
    {ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254")}
)
DEFAULT_PORTS = {"http": 80, "https": 443}
# Translators from IPv6 to IPv4 that take the IPv4 address from the last 32 bits: the
# well-known prefix (RFC 6052) and the local-use /48 (RFC 8215) in its usual /96 layout.
NAT64_NETWORKS = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))

# Checked in order, so the reason given is the most telling one.
_FORBIDDEN = (
    ("is_loopback", "a loopback address"),
    ("is_link_local", "a link-local address"),
    ("is_multicast", "a multicast address"),
    ("is_unspecified", "the unspecified address"),
    ("is_reserved", "a reserved address"),
    ("is_private", "a private address"),
)


class UnsafeTargetError(ApplicationError):
    """The URL points somewhere a webhook must not go."""

    def __init__(self, message: str):
        super().__init__(message, code="unsafe_target")


@dataclass(frozen=True)
class Target:
    """A checked URL: connect to `address`, but speak to `host` (Host header, TLS name)."""

    scheme: str
    host: str
    port: int
    path: str
    address: str


def resolve(host: str, port: int) -> list[IPAddress]:
    """Every address the host resolves to; tests replace this to avoid real DNS."""
    found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    addresses = [ipaddress.ip_address(info[4][0].partition("%")[0]) for info in found]
    return list(dict.fromkeys(addresses))


def embedded_ipv4(address: IPAddress) -> tuple[ipaddress.IPv4Address, str] | None:
    """The IPv4 address an IPv6 address carries, with the name of its form; or None."""
    if isinstance(address, ipaddress.IPv4Address):
        return None
    low32 = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    if address.ipv4_mapped:
        return address.ipv4_mapped, "IPv4-mapped"
    if address.sixtofour:
        return address.sixtofour, "6to4"
    if address.teredo:  # (server, client): the tunnel ends at the client
        return address.teredo[1], "Teredo"
    if any(address in network for network in NAT64_NETWORKS):
        return low32, "NAT64"
    if int(address) >> 32 == 0 and int(address) > 1:  # ::a.b.c.d, but not :: or ::1
        return low32, "IPv4-compatible"
    return None


def carried(address: IPAddress) -> list[IPAddress]:
    """The address and the IPv4 address inside it: wherever a packet may end up."""
    embedded = embedded_ipv4(address)
    return [address, embedded[0]] if embedded else [address]


def _own_reason(address: IPAddress) -> str | None:
    if address in METADATA_ADDRESSES:
        return "a cloud metadata address"
    for flag, reason in _FORBIDDEN:
        if getattr(address, flag):
            return reason
    if not address.is_global:
        return "not a public address"
    return None


def forbidden_reason(address: IPAddress) -> str | None:
    """Why a webhook may not go to this address, or None if it is public.

    A carried IPv4 address is checked first, as it names the real destination; an
    IPv4-mapped address is nothing but its IPv4 address, the other forms must also pass
    as IPv6 addresses themselves.
    """
    embedded = embedded_ipv4(address)
    if embedded:
        inner, form = embedded
        reason = _own_reason(inner)
        if reason:
            return f"{reason} ({inner}, carried in {form} form)"
        if form == "IPv4-mapped":
            return None
    return _own_reason(address)


def _allow_list() -> tuple[set[str], list[IPNetwork]]:
    names, networks = set(), []
    for entry in settings.REALDESK_WEBHOOK_ALLOWED_HOSTS:
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            names.add(entry.lower().rstrip("."))
    return names, networks


def _parse(url: str) -> tuple[str, str, int, str]:
    parts = urlsplit(url.strip())
    if parts.scheme not in DEFAULT_PORTS:
        raise UnsafeTargetError(gettext("A webhook URL must start with http:// or https://."))
    if not parts.hostname:
        raise UnsafeTargetError(gettext("A webhook URL needs a host name."))
    if parts.username or parts.password:
        raise UnsafeTargetError(
            gettext("Leave user names and passwords out of the URL; receivers check the signature.")
        )
    try:
        port = parts.port or DEFAULT_PORTS[parts.scheme]
    except ValueError:
        raise UnsafeTargetError(gettext("The port in the webhook URL is not a number.")) from None
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return parts.scheme, parts.hostname.lower().rstrip("."), port, path


def target_check(url: str) -> Target:
    """Parse, resolve and check a webhook URL; UnsafeTargetError says what is wrong."""
    scheme, host, port, path = _parse(url)
    try:
        addresses = resolve(host, port)
    except (OSError, UnicodeError):
        raise UnsafeTargetError(
            gettext("The host %(host)s cannot be resolved.") % {"host": host}
        ) from None
    if not addresses:
        raise UnsafeTargetError(gettext("The host %(host)s cannot be resolved.") % {"host": host})
    names, networks = _allow_list()
    for address in addresses:
        allowed = host in names or any(address in network for network in networks)
        reason = forbidden_reason(address)
        metadata = any(inside in METADATA_ADDRESSES for inside in carried(address))
        if reason and (not allowed or metadata):
            raise UnsafeTargetError(
                gettext(
                    "%(host)s is %(address)s, %(reason)s: webhooks go only to public addresses "
                    "(see REALDESK_WEBHOOK_ALLOWED_HOSTS for receivers on your own network)."
                )
                % {"host": host, "address": address, "reason": reason}
            )
    return Target(scheme=scheme, host=host, port=port, path=path, address=str(addresses[0]))
