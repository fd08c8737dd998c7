"""The customer's chat API (JSON). The session token is the customer's key; the page that
embeds the widget must be an allowed origin, checked on every request."""

import json
import time
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from realdesk.chat import actions, selectors
from realdesk.chat.models import ChatSession
from realdesk.chat.wire import callback_when, message_json, origin_allowed, state_json
from realdesk.core.downloads import download
from realdesk.core.errors import ApplicationError
from realdesk.sla.eta import describe_eta
from realdesk.tickets.models import Attachment

POLL_STEP_SECONDS = 0.5
_STATUS = {"not_found": 404, "identity_refused": 403}


def _origin_ok(request: HttpRequest) -> bool:
    return origin_allowed(
        request.headers.get("Origin"),
        own=f"{request.scheme}://{request.get_host()}",
        allowed=settings.REALDESK_CHAT_ALLOWED_ORIGINS,
    )


def chat_api(view: Callable) -> Callable:
    """Origin check, CORS for the allowed origins, and ApplicationError as JSON."""

    @csrf_exempt  # no cookies are used: the session token in the body is the credential
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> JsonResponse:
        if not _origin_ok(request):
            return JsonResponse(
                {"error": "origin_not_allowed", "message": _("This site may not use the chat.")},
                status=403,
            )
        try:
            response = view(request, *args, **kwargs)
        except ApplicationError as error:
            status = _STATUS.get(error.code, 400)
            response = JsonResponse({"error": error.code, "message": error.message}, status=status)
        if request.headers.get("Origin"):
            response["Access-Control-Allow-Origin"] = request.headers["Origin"]
            response["Vary"] = "Origin"
        return response

    return wrapped


def _body(request: HttpRequest) -> dict:
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except ValueError:
            raise ApplicationError(_("The body is not valid JSON."), code="invalid_json") from None
        if not isinstance(data, dict):
            raise ApplicationError(_("The body must be a JSON object."), code="invalid_json")
        return data
    return request.POST.dict()


def _text(data: dict, key: str) -> str:
    value = data.get(key, "")
    if not isinstance(value, str):
        raise ApplicationError(_("%(key)s must be a string.") % {"key": key}, code="invalid")
    return value


@chat_api
@require_POST
def session_start(request: HttpRequest) -> JsonResponse:
    data = _body(request)
    try:
        started = actions.chat_start(
            name=_text(data, "name"),
            email=_text(data, "email"),
            question=_text(data, "question"),
            language=translation.get_language() or "",
            origin=request.headers.get("Origin", ""),
            user_id=_text(data, "user_id"),
            user_hash=_text(data, "user_hash"),
        )
    except ApplicationError as error:
        if error.code != "no_agents":
            raise
        return _no_agents(request, next_open=error.extra.get("next_open"))
    state = selectors.queue_state(started.session)
    return JsonResponse(
        {
            "id": started.session.pk,
            "token": started.token,
            "queue_position": state.position,
            "wait_seconds": state.wait_seconds,
            "agents_online": state.agents_online,
        },
        status=201,
    )


def _no_agents(request: HttpRequest, *, next_open) -> JsonResponse:
    """Never a chat nobody answers: say so, and point to the request form with when a
    person will read it (the desk's next opening)."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    when = next_open or timezone.now()
    return JsonResponse(
        {
            "error": "no_agents",
            "message": _(
                "Nobody can chat right now. Leave your question in the request form "
                "and we will answer by email."
            ),
            "request_url": request.build_absolute_uri(reverse("portal:request_new")),
            "eta": describe_eta(
                when, now=timezone.now(), timezone=settings.TIME_ZONE, language=language
            ),
            "agents_online": 0,
        },
        status=503,
    )


@chat_api
@require_http_methods(["GET", "POST"])
def messages(request: HttpRequest, pk: int) -> JsonResponse:
    return _message_post(request, pk) if request.method == "POST" else _messages_get(request, pk)


def _message_post(request: HttpRequest, pk: int) -> JsonResponse:
    data = _body(request)
    session = selectors.session_for_token(pk=pk, token=_text(data, "token"))
    message = actions.chat_customer_message(
        session=session, client_id=_text(data, "client_id"), body=_text(data, "body")
    )
    return JsonResponse(message_json(message), status=201)


@chat_api
@require_POST
def files(request: HttpRequest, pk: int) -> JsonResponse:
    """A file from the customer (multipart: `token`, `client_id`, `file`), a message of its
    own; refused by its size before it is read."""
    session = selectors.session_for_token(pk=pk, token=request.POST.get("token", ""))
    upload = request.FILES.get("file")
    if upload is None:
        raise ApplicationError(_("Choose a file to send."), code="no_file")
    actions.check_file_size(filename=upload.name, size=upload.size)
    message = actions.chat_customer_message(
        session=session,
        client_id=request.POST.get("client_id", ""),
        body="",
        file=actions.ChatFile(filename=upload.name, payload=upload.read()),
    )
    return JsonResponse(message_json(message), status=201)


@chat_api
@require_GET
def file_download(request: HttpRequest, pk: int, file_pk: int):
    """A file of the conversation, as a download whatever it is (`core.downloads`)."""
    session = selectors.session_for_token(pk=pk, token=request.GET.get("token", ""))
    try:
        attachment = selectors.session_attachment(session=session, pk=file_pk)
    except Attachment.DoesNotExist:
        raise ApplicationError(_("This file does not exist."), code="not_found") from None
    return download(
        attachment.file.open("rb"),
        filename=attachment.filename,
        content_type=attachment.content_type,
    )


def _messages_get(request: HttpRequest, pk: int) -> JsonResponse:
    """The long-poll fallback: holds the request until something newer than `after`
    arrives or the chat's signals change (status, the agent typing or reading), at most
    `wait` seconds (bounded by REALDESK_CHAT_POLL_SECONDS)."""
    session = selectors.session_for_token(pk=pk, token=request.GET.get("token", ""))
    after = _int(request.GET.get("after", "0"), "after")
    wait = min(_int(request.GET.get("wait", "0"), "wait"), settings.REALDESK_CHAT_POLL_SECONDS)
    deadline = time.monotonic() + wait
    seen = selectors.session_signals(session=session)
    while True:
        messages = list(selectors.session_messages(session=session, after=after))
        changed = selectors.session_signals(session=session) != seen
        if messages or changed or time.monotonic() >= deadline:
            break
        time.sleep(POLL_STEP_SECONDS)
    session = ChatSession.objects.get(pk=session.pk)
    return JsonResponse(
        {
            "messages": [message_json(m) for m in messages],
            **state_json(session),
            "agent_typing": selectors.agent_typing(session=session),
            "read_by_agent": session.agent_read_id or 0,
        }
    )


def _int(value: str, name: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise ApplicationError(
            _("%(name)s must be a whole number.") % {"name": name}, code="invalid"
        ) from None
    return max(0, number)


@chat_api
@require_POST
def session_leave(request: HttpRequest, pk: int) -> JsonResponse:
    """ "Leave it with us": the waiting customer's question becomes an email ticket."""
    session = selectors.session_for_token(pk=pk, token=_text(_body(request), "token"))
    return JsonResponse({"status": "closed", "eta": actions.chat_leave(session=session)})


@chat_api
@require_POST
def session_callback(request: HttpRequest, pk: int) -> JsonResponse:
    """The waiting customer would rather be called: a callback on the chat's ticket, and
    the chat ends. The answer says when, on the customer's clock and in their language."""
    data = _body(request)
    session = selectors.session_for_token(pk=pk, token=_text(data, "token"))
    callback = actions.chat_callback(session=session, phone=_text(data, "phone"))
    return JsonResponse(
        {"status": "closed", "phone": callback.phone, "when": callback_when(callback)}
    )


@chat_api
@require_POST
def session_read(request: HttpRequest, pk: int) -> JsonResponse:
    """The long poll's way to say what the customer has read (the socket has a frame)."""
    data = _body(request)
    session = selectors.session_for_token(pk=pk, token=_text(data, "token"))
    message_id = data.get("message_id")
    if not isinstance(message_id, int):
        raise ApplicationError(_("message_id must be a message's id."), code="invalid_message")
    actions.chat_customer_read(session=session, message_id=message_id)
    return JsonResponse({"read": message_id})
