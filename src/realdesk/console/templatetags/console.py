from datetime import datetime

from django import template
from django.utils.timesince import timesince

from realdesk.comms.email.inbound.reply.extract import extract_reply

register = template.Library()


@register.filter
def new_text(body: str) -> str:
    """What the customer wrote this time, without the quoted history below it; the full
    body stays one click away in the template."""
    return extract_reply(body, strip_signature=False) or body


@register.filter
def has_quoted(body: str) -> bool:
    return new_text(body) != body.strip()


@register.filter
def since_short(value: datetime | None) -> str:
    """ "3 hours" rather than "3 hours, 12 minutes": the inbox row has one line to spare."""
    return timesince(value, depth=1) if value else ""
