"""Downloads: always as attachments, never rendered by the browser, only for agents who may
see the ticket, so a hostile file cannot run in the console's origin."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404

from realdesk.tickets import selectors

# Types a browser shows harmlessly; anything else (HTML, SVG, scripts) goes out as bytes.
SAFE_TYPES = {
    "application/pdf",
    "application/zip",
    "image/gif",
    "image/jpeg",
    "image/png",
    "image/webp",
    "text/csv",
    "text/plain",
}


def _download(handle, *, filename: str, content_type: str) -> FileResponse:
    response = FileResponse(handle, as_attachment=True, filename=filename)
    response["Content-Type"] = content_type
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def attachment_download(request, pk: int):
    attachment = _visible(selectors.attachment_get, actor=request.user, pk=pk)
    kind = attachment.content_type.split(";")[0].strip().lower()
    return _download(
        attachment.file.open("rb"),
        filename=attachment.filename,
        content_type=kind if kind in SAFE_TYPES else "application/octet-stream",
    )


@login_required
def message_original(request, pk: int):
    """The message exactly as it arrived (the whole email with headers), as plain text."""
    message = _visible(selectors.message_with_raw_get, actor=request.user, pk=pk)
    return _download(
        default_storage.open(message.raw.storage_name, "rb"),
        filename=f"ticket-{message.ticket.number}-message-{message.pk}.eml",
        content_type="text/plain; charset=utf-8",
    )


def _visible(lookup, **kwargs):
    try:
        return lookup(**kwargs)
    except ObjectDoesNotExist:
        raise Http404("Not found") from None
