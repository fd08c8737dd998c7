"""The console's sign of life for chat availability (see chat.actions.availability_seen)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.views.decorators.http import require_POST

from realdesk.chat.actions import availability_seen


@login_required
@require_POST
def chat_beat(request):
    """Posted by console.js while the agent keeps using the console; a console left open
    on an empty desk stops posting, so the agent turns away after the auto-away delay."""
    availability_seen(agent=request.user)
    return HttpResponse(status=204)
