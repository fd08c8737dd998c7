"""The phone desk in the console: callbacks to make, the earliest window first, with one
button per outcome of a try; and the staffing week for leads."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from realdesk.console.views.refusal import refused_page
from realdesk.core.errors import ApplicationError, PermissionDeniedError
from realdesk.voice.actions import callback_record_outcome
from realdesk.voice.choices import CallbackOutcome, CallbackStatus
from realdesk.voice.models import Callback
from realdesk.voice.selectors import callback_get, callback_list, staffing_plan


@login_required
def callback_list_page(request):
    callbacks = callback_list(actor=request.user, status=CallbackStatus.PENDING)
    context = {"callbacks": callbacks, "outcomes": CallbackOutcome.choices}
    return render(request, "console/callbacks.html", context)


@login_required
@require_POST
def callback_outcome(request, pk: int):
    try:
        callback = callback_get(actor=request.user, pk=pk)
    except Callback.DoesNotExist:
        raise Http404("No such callback") from None
    try:
        callback = callback_record_outcome(
            callback=callback, agent=request.user, outcome=request.POST.get("outcome", "")
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Try %(attempt)s recorded: %(status)s.")
            % {"attempt": callback.attempts, "status": callback.get_status_display()},
        )
    return redirect("console:callbacks")


@login_required
def staffing_page(request):
    """For leads: the coming week per hour, expected calls against agents on and needed."""
    try:
        hours = staffing_plan(actor=request.user, now=timezone.now())
    except PermissionDeniedError as error:
        return refused_page(request, error)
    context = {
        "hours": hours,
        "target_percent": settings.REALDESK_VOICE_TARGET_PERCENT,
        "target_seconds": settings.REALDESK_VOICE_TARGET_SECONDS,
    }
    return render(request, "console/staffing.html", context)
