"""Which clock a customer reads times on (pure, no ORM).

A time without a zone is a guess for whoever reads it, so every time we show a customer
is written in the first zone we know for them, most direct first: the zone their browser
reports right now, the one in their profile, the one their phone number's country
implies (only when the number points at one zone: "+1" alone spans five), else the zone of the
team's calendar, which is where the promise was computed.
"""

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

UNKNOWN = "Etc/Unknown"


def valid_zone(name: str) -> str:
    """The name if it is an IANA zone this machine knows, else ""."""
    if not name or ("/" not in name and name != "UTC"):
        return ""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ""
    return name


def zone_of_phone(number: str) -> str:
    """The zone a phone number's country implies, "" when unknown or ambiguous."""
    # Loaded for a customer with a phone number only: its tables cost 30 ms to load, and
    # most processes (a mail import of email customers) never need them.
    import phonenumbers
    from phonenumbers import timezone as phone_zones

    try:
        parsed = phonenumbers.parse(number, None)
    except phonenumbers.NumberParseException:
        return ""
    zones = [z for z in phone_zones.time_zones_for_number(parsed) if z != UNKNOWN]
    if len(zones) != 1:
        by_area = phone_zones.time_zones_for_geographical_number(parsed)
        zones = [z for z in by_area if z != UNKNOWN]
    return valid_zone(zones[0]) if len(zones) == 1 else ""


def customer_zone(*, browser: str = "", profile: str = "", phones: tuple[str, ...] = (),
                  fallback: str) -> str:  # fmt: skip
    """The first zone we know for the reader; `fallback` is the team calendar's."""
    for name in (browser, profile):
        if valid_zone(name):
            return name
    for number in phones:
        if zone := zone_of_phone(number):
            return zone
    return fallback
