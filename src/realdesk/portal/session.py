"""Who the customer is in the support center: their id in the Django session after an
emailed link, never a number they send us."""

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from realdesk.accounts.models import Customer
from realdesk.portal_access.selectors import customer_get
from realdesk.sla.zones import valid_zone

SESSION_KEY = "realdesk.portal.customer"
LANGUAGE_KEY = "realdesk.portal.language"


def customer_sign_in(request: HttpRequest, customer: Customer) -> None:
    request.session.cycle_key()  # a fixed session id from before sign-in is worthless after
    request.session[SESSION_KEY] = customer.pk


def customer_sign_out(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)
    request.session.cycle_key()


def current_customer(request: HttpRequest) -> Customer | None:
    customer_id = request.session.get(SESSION_KEY)
    return customer_get(customer_id=customer_id) if customer_id else None


def customer_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Sets request.customer, or sends the visitor to sign in and back here afterwards."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        request.customer = current_customer(request)
        if request.customer is None:
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('portal:sign_in')}?{query}")
        return view(request, *args, **kwargs)

    return wrapper


def local_path(request: HttpRequest, target: str) -> str:
    """The target if it is a path on this site, else "" (never "//evil" or "/\\evil")."""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def safe_next(request: HttpRequest, default: str) -> str:
    """`?next=` only ever leads to a page of this site, never off it."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    return local_path(request, target) or default


def portal_language(request: HttpRequest) -> str:
    """The language the reader chose here, else their browser's (LocaleMiddleware)."""
    offered = dict(settings.LANGUAGES)
    chosen = request.session.get(LANGUAGE_KEY) or getattr(request, "LANGUAGE_CODE", "")
    chosen = chosen.split("-")[0].lower()
    return chosen if chosen in offered else settings.LANGUAGE_CODE


ZONE_COOKIE = "realdesk_tz"


def browser_zone(request: HttpRequest) -> str:
    """The zone the visitor's browser reports (portal/zone.js), if it is a real one."""
    return valid_zone(request.COOKIES.get(ZONE_COOKIE, "")[:64])
