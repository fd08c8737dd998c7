"""Callbacks to make, the earliest window first, with one button per outcome of a try."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from realdesk.core.errors import ApplicationError
from realdesk.voice.actions import callback_record_outcome
from realdesk.voice.choices import CallbackOutcome, CallbackStatus
from realdesk.voice.models import Callback
from realdesk.voice.selectors import callback_get, callback_list


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
            request, f"Try {callback.attempts} recorded: {callback.get_status_display()}."
        )
    return redirect("console:callbacks")
