"""Search everything the agent may see: one box in the top bar, ranked results."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from realdesk.tickets.selectors import ticket_search_results

MAX_QUERY = 200


@login_required
def search(request):
    text = request.GET.get("q", "").strip()[:MAX_QUERY]
    results = ticket_search_results(actor=request.user, text=text) if text else []
    return render(request, "console/search.html", {"search_text": text, "results": results})
