from django import template

from realdesk.comms.email.reply import extract_reply

register = template.Library()


@register.filter
def new_text(body: str) -> str:
    """What the customer wrote this time, without the quoted history below it; the full
    body stays one click away in the template."""
    return extract_reply(body, strip_signature=False) or body


@register.filter
def has_quoted(body: str) -> bool:
    return new_text(body) != body.strip()
