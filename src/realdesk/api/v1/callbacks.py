"""/callbacks: promised calls back on the tickets the caller may see, and their outcomes."""

from django.http import HttpRequest
from ninja import Query, Router

from realdesk.api.v1.errors import with_errors
from realdesk.api.v1.pagination import Page, keyset_page
from realdesk.api.v1.schemas.callbacks import CallbackFilters, CallbackOut, OutcomeIn
from realdesk.voice.actions import callback_record_outcome
from realdesk.voice.selectors import callback_get, callback_list

router = Router(tags=["callbacks"])


@router.get("/callbacks", response=with_errors({200: Page[CallbackOut]}))
def list_callbacks(request: HttpRequest, filters: Query[CallbackFilters]):
    """Callbacks in creation order, optionally of one status."""
    callbacks = callback_list(actor=request.auth, status=filters.status or "")
    return keyset_page(callbacks, params=filters)


@router.post("/callbacks/{callback_id}/outcome", response=with_errors({200: CallbackOut}))
def record_outcome(request: HttpRequest, callback_id: int, body: OutcomeIn):
    """One try: reached or wrong number ends it; no answer or voicemail schedules a retry."""
    callback = callback_get(actor=request.auth, pk=callback_id)
    return callback_record_outcome(callback=callback, agent=request.auth, outcome=body.outcome)
