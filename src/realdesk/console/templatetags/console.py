from datetime import datetime

from django import template
from django.utils.functional import Promise
from django.utils.timesince import timesince
from django.utils.translation import gettext, pgettext_lazy

from realdesk.comms.email.inbound.reply.extract import extract_reply
from realdesk.sla.reasons import reason_words
from realdesk.tickets.choices import Channel
from realdesk.tickets.models import Event

register = template.Library()

# Whole phrases, not "Via" + the channel's name: German says "per E-Mail" but "am Telefon",
# French "par e-mail" but "au téléphone", so the preposition belongs to each channel.
ARRIVED = {
    Channel.EMAIL: pgettext_lazy("ticket arrived", "By email"),
    Channel.WEB: pgettext_lazy("ticket arrived", "Through the support center"),
    Channel.CHAT: pgettext_lazy("ticket arrived", "In a chat"),
    Channel.PHONE: pgettext_lazy("ticket arrived", "By phone"),
    Channel.SOCIAL: pgettext_lazy("ticket arrived", "On social media"),
    Channel.API: pgettext_lazy("ticket arrived", "Through the API"),
}


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


@register.filter
def pick_label(number: int) -> str:
    """A row checkbox's accessible name, "Select #1042" (a filter: `blocktranslate` on every
    row of the inbox cost a millisecond a page)."""
    return gettext("Select #%(number)s") % {"number": number}


@register.filter
def unowned_for(since: datetime) -> str:
    """ "Unowned for 3 hours, 12 minutes", for a row's title."""
    return gettext("Unowned for %(since)s") % {"since": timesince(since)}


@register.filter
def arrived_by(channel: str) -> Promise:
    """How a ticket came in, as one translated phrase ("By phone", "Am Telefon")."""
    return ARRIVED[Channel(channel)]


@register.filter
def escalation_reason(event: Event) -> str:
    """Why an Escalated event fired, in the reader's language (sla/reasons.py)."""
    return reason_words(event.data.get("facts"), recorded=event.data.get("reason", ""))
