"""Incident words in the reader's language, and the banner every support-center page shows
while an incident is open."""

from django import template

from realdesk.incidents.selectors import incidents_open
from realdesk.incidents.text import localized

register = template.Library()


@register.simple_tag
def incident_text(text: str, translations: dict, language: str) -> str:
    return localized(text, translations, language)


@register.inclusion_tag("portal/_incident_banner.html")
def incident_banner(language: str) -> dict:
    started = [i for i in incidents_open() if i.status != "scheduled"]
    return {"incidents": started, "reader_language": language}
