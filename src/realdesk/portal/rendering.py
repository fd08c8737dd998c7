"""What every support-center page carries: the contact block, the language, who is in."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation

from realdesk.core.errors import ApplicationError
from realdesk.portal.session import browser_zone, current_customer, portal_language
from realdesk.portal_access.selectors import contact_block_get, contact_hours
from realdesk.sla.eta import customer_phones
from realdesk.sla.zones import customer_zone
from realdesk.voice.selectors import callbacks_offered


def page(
    request: HttpRequest, template: str, context: dict[str, Any] | None = None, *, status: int = 200
) -> HttpResponse:
    language = portal_language(request)
    customer = getattr(request, "customer", None) or current_customer(request)
    contact = contact_block_get(language=language)
    hours = contact and contact_hours(
        block=contact, language=language, now=timezone.now(), timezone=browser_zone(request)
    )
    context = {
        "contact": contact,
        "hours": hours,
        "reader_language": language,
        "languages": settings.LANGUAGES,
        "customer": customer,
        "callbacks": callbacks_offered(),
        **(context or {}),
    }
    # The page's own words in the same language as its articles, whichever way it was
    # chosen; its times on the reader's clock (browser, else profile, else their phone
    # number's country), zone shown.
    browser = browser_zone(request)
    profile = customer.timezone if customer else ""
    phones = ()
    if customer and not (browser or profile):  # read only when nothing nearer is known
        phones = customer_phones([customer.pk]).get(customer.pk, ())
    zone = customer_zone(
        browser=browser, profile=profile, phones=phones, fallback=settings.TIME_ZONE
    )
    with translation.override(language), timezone.override(zone):
        return render(request, template, context, status=status)


def refusal(request: HttpRequest, error: ApplicationError) -> HttpResponse:
    """A domain rule said no: the reason, on a page that still shows how to reach us."""
    status = 429 if error.code == "rate_limited" else 400
    return page(request, "portal/refusal.html", {"error": error}, status=status)
