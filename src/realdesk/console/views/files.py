"""Downloads: always as attachments, never rendered by the browser (`core.downloads`), only
for agents who may see the ticket, so a hostile file cannot run in the console's origin."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.core.files.storage import default_storage
from django.http import Http404

from realdesk.core.downloads import download
from realdesk.tickets import selectors


@login_required
def attachment_download(request, pk: int):
    attachment = _visible(selectors.attachment_get, actor=request.user, pk=pk)
    return download(
        attachment.file.open("rb"),
        filename=attachment.filename,
        content_type=attachment.content_type,
    )


@login_required
def message_original(request, pk: int):
    """The message exactly as it arrived (the whole email with headers), as plain text."""
    message = _visible(selectors.message_with_raw_get, actor=request.user, pk=pk)
    return download(
        default_storage.open(message.raw.storage_name, "rb"),
        filename=f"ticket-{message.ticket.number}-message-{message.pk}.eml",
        content_type="text/plain; charset=utf-8",
    )


def _visible(lookup, **kwargs):
    try:
        return lookup(**kwargs)
    except ObjectDoesNotExist:
        raise Http404("Not found") from None
