"""Files handed to a browser: always as a download, never rendered, so a hostile upload
(HTML, SVG, a script) cannot run in RealDesk's origin. The console's attachments and the
chat's share this one rule."""

from typing import BinaryIO

from django.http import FileResponse

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


def download(handle: BinaryIO, *, filename: str, content_type: str) -> FileResponse:
    """`content_type` as stored (sniffed from the bytes); only a safe one is passed on."""
    kind = content_type.split(";")[0].strip().lower()
    response = FileResponse(handle, as_attachment=True, filename=filename)
    response["Content-Type"] = content_type if kind in SAFE_TYPES else "application/octet-stream"
    response["X-Content-Type-Options"] = "nosniff"
    return response
