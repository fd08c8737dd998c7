"""The status page: components, current and past incidents, the Atom feed and email
subscriptions. Public, in the visitor's language; nothing here needs signing in."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from realdesk.core.errors import ApplicationError
from realdesk.incidents import actions, selectors
from realdesk.incidents.actions.notices import incident_title
from realdesk.incidents.models import Incident, IncidentUpdate
from realdesk.incidents.text import localized
from realdesk.portal.rendering import page, refusal
from realdesk.portal.session import portal_language


@require_GET
def status_page(request):
    current = list(selectors.incidents_open())
    context = {
        "current": current,
        "components": selectors.components_with_impact(current),
        "past": selectors.incidents_past(),
    }
    return page(request, "portal/status.html", context)


@require_GET
def incident_page(request, pk: int):
    try:
        incident = selectors.incident_public_get(pk=pk)
    except Incident.DoesNotExist:
        raise Http404("No such incident") from None
    return page(request, "portal/status_incident.html", {"incident": incident})


@require_POST
def subscribe(request):
    email = request.POST.get("email", "")
    try:
        actions.status_subscribe(email=email, language=portal_language(request))
    except ApplicationError as error:
        return refusal(request, error)
    return page(request, "portal/status_subscribed.html", {"email": email.strip()})


@require_GET
def confirm(request, value: str):
    try:
        actions.status_subscription_confirm(value=value)
    except ApplicationError as error:
        return refusal(request, error)
    return page(request, "portal/status_done.html", {"confirmed": True})


@csrf_exempt  # the signed link is the credential; mail clients POST it with no token (RFC 8058)
@require_http_methods(["GET", "POST"])
def unsubscribe(request, value: str):
    """GET asks (a link scanner must not unsubscribe anyone); POST, from the page's button
    or a mail client's one-click, unsubscribes."""
    if request.method == "GET":
        return page(request, "portal/status_done.html", {"unsubscribe_value": value})
    try:
        actions.status_unsubscribe(value=value)
    except ApplicationError as error:
        return refusal(request, error)
    return page(request, "portal/status_done.html", {"confirmed": False})


class StatusFeed(Feed):
    """Every incident update, newest first, in the reader's language."""

    feed_type = Atom1Feed

    def __call__(self, request, *args, **kwargs):
        with translation.override(portal_language(request)):
            return super().__call__(request, *args, **kwargs)

    def title(self) -> str:
        return _("Service status")

    def link(self) -> str:
        return reverse("status:page")

    def subtitle(self) -> str:
        return _("Incidents and maintenance, as they happen.")

    def items(self):
        return selectors.updates_recent()

    def item_title(self, item: IncidentUpdate) -> str:
        language = translation.get_language()
        return f"{incident_title(item.incident, language)}: {item.get_status_display()}"

    def item_description(self, item: IncidentUpdate) -> str:
        return localized(item.body, item.body_translations, translation.get_language())

    def item_link(self, item: IncidentUpdate) -> str:
        return f"{reverse('status:incident', args=[item.incident_id])}#update-{item.pk}"

    def item_pubdate(self, item: IncidentUpdate):
        return item.created_at

    def item_updateddate(self, item: IncidentUpdate):
        return item.created_at
