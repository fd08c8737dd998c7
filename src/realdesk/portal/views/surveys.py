"""Ratings and NPS answers from signed links: the link is the permission, one per solve."""

from django.http import Http404
from django.views.decorators.http import require_http_methods

from realdesk.core.errors import ApplicationError
from realdesk.portal.forms import NpsForm, RatingForm, run_or_explain
from realdesk.portal.rendering import page
from realdesk.surveys.actions import (
    nps_from_link,
    nps_record,
    rating_from_link,
    rating_is_open,
    rating_record,
)


def _from_link(lookup, value: str):
    try:
        return lookup(value=value)
    except ApplicationError:
        raise Http404("Not found") from None


@require_http_methods(["GET", "POST"])
def rate(request, value: str):
    """The emailed choice arrives preselected; sending it (with a comment if they like)
    records it. A GET never records, so link scanners cannot rate for the customer."""
    rating = _from_link(rating_from_link, value)
    initial = {"score": request.GET.get("score") or rating.score, "comment": rating.comment}
    form = RatingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        recorded = run_or_explain(form, rating_record, rating=rating, **form.cleaned_data)
        if recorded:
            return page(request, "portal/rated.html", {"rating": recorded})
    context = {"form": form, "rating": rating, "open": rating_is_open(rating)}
    return page(request, "portal/rate.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def nps(request, value: str):
    survey = _from_link(nps_from_link, value)
    form = NpsForm(request.POST or None)
    answered = request.method == "POST" and form.is_valid()
    if answered and run_or_explain(form, nps_record, survey=survey, **form.cleaned_data):
        return page(request, "portal/rated.html", {"nps": True})
    return page(request, "portal/nps.html", {"form": form}, status=400 if form.errors else 200)
