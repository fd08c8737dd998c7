"""The console's notice to leads when the spike check suggests an incident."""

from django import template

from realdesk.incidents.selectors import suggestions_pending

register = template.Library()


@register.inclusion_tag("console/_incident_notice.html", takes_context=True)
def incident_notice(context) -> dict:
    return {"suggestions": list(suggestions_pending(actor=context["user"])[:3])}
