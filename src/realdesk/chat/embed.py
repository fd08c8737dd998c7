"""What the embedding site loads: /chat/widget.js (a button and an iframe, nothing else
on the host page) and /chat/ (the chat window inside that iframe, served by RealDesk so
the host page's CSS and scripts cannot touch it)."""

import json

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET

from realdesk.voice.selectors import callbacks_offered

WIDGET_JS = """(function () {
  if (window.__realdeskChat) return;
  window.__realdeskChat = true;
  var url = %(url)s, label = %(label)s;
  // Identity signing: the host site's script tag may carry data-user-id and data-user-hash
  // (computed on its server); they reach the chat window in the fragment, never a server log.
  var tag = document.currentScript;
  if (tag && tag.dataset.userId) {
    url += "#" + new URLSearchParams({
      user_id: tag.dataset.userId, user_hash: tag.dataset.userHash || ""
    }).toString();
  }
  var button = document.createElement("button");
  button.type = "button";
  button.textContent = label;
  button.setAttribute("aria-haspopup", "dialog");
  button.style.cssText = "position:fixed;right:16px;bottom:16px;z-index:2147483646;" +
    "padding:12px 18px;border:0;border-radius:24px;background:#1f5fbf;color:#fff;" +
    "font:600 15px system-ui,sans-serif;cursor:pointer";
  var frame = document.createElement("iframe");
  frame.title = label;
  frame.style.cssText = "position:fixed;right:16px;bottom:72px;z-index:2147483647;" +
    "width:min(380px,calc(100vw - 32px));height:min(560px,calc(100vh - 96px));" +
    "border:1px solid #ccd;border-radius:12px;background:#fff;display:none";
  button.addEventListener("click", function () {
    if (!frame.src) frame.src = url;
    frame.style.display = frame.style.display === "none" ? "block" : "none";
  });
  function add() { document.body.appendChild(frame); document.body.appendChild(button); }
  if (document.body) add(); else document.addEventListener("DOMContentLoaded", add);
})();
"""


@require_GET
def widget_js(request: HttpRequest) -> HttpResponse:
    """Plain JavaScript, no build step: the iframe points at this RealDesk's own chat page."""
    body = WIDGET_JS % {
        "url": json.dumps(settings.BASE_URL + reverse("chat:window")),
        "label": json.dumps(_("Chat with us")),
    }
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "max-age=300"
    return response


@xframe_options_exempt  # framed on purpose: CSP frame-ancestors names who may frame it
@require_GET
def window(request: HttpRequest) -> HttpResponse:
    response = render(
        request,
        "chat/window.html",
        {
            "script": static("chat/window.js"),
            "style": static("chat/window.css"),
            "leave_after": settings.REALDESK_CHAT_LEAVE_AFTER_SECONDS,
            "callbacks": callbacks_offered(),
            "max_bytes": settings.REALDESK_ATTACHMENT_MAX_BYTES,
        },
    )
    ancestors = ["'self'", *settings.REALDESK_CHAT_ALLOWED_ORIGINS]
    response._csp_replace = {"frame-ancestors": ancestors}
    return response
