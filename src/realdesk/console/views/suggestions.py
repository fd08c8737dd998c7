"""What the team already knows about a ticket's question: the articles that may answer it
and the solved tickets that asked the same, with the reply that solved each. Loaded by the
ticket page after it rendered (htmx), since the model and the searches take longer than
the page itself; an agent inserts any of them into the reply box as a draft to edit."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from realdesk.console.views.ticket import visible_ticket
from realdesk.knowledge.questions.similar import similar_solved_tickets
from realdesk.knowledge.questions.vectors import question_text
from realdesk.knowledge.selectors import articles_suggested_for


@login_required
def ticket_suggestions(request, number: int):
    ticket = visible_ticket(request, number)
    question = question_text(ticket)
    context = {
        "ticket": ticket,
        "articles": articles_suggested_for(
            text=question, language=ticket.language or settings.LANGUAGE_CODE
        ),
        "similar": similar_solved_tickets(actor=request.user, ticket=ticket),
    }
    return render(request, "console/_suggestions.html", context)
