"""The Twilio adapter: signature checks and TwiML, made with Twilio's helper library.

SignalWire and other providers speak the same dialect, so they use this adapter too.
Everything provider-specific stays here; the call model and actions are neutral."""

import logging
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from twilio.request_validator import RequestValidator
from twilio.twiml.voice_response import Gather, VoiceResponse

from realdesk.voice import speech

PROVIDER = "twilio"
log = logging.getLogger(__name__)


def signed_url(request: HttpRequest) -> str:
    """The URL Twilio signed: the public one it was configured with, not the one a proxy
    in front of us rewrote."""
    return settings.BASE_URL + request.get_full_path()


def twilio_signed(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Only requests signed with our auth token reach the view; the rest are 403 and logged.
    With no token configured nothing is accepted: an open phone webhook is a forgery target."""

    @csrf_exempt
    @require_POST
    @wraps(view)
    def checked(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        token = settings.REALDESK_TWILIO_AUTH_TOKEN
        signature = request.headers.get("X-Twilio-Signature", "")
        url = signed_url(request)
        if not token or not RequestValidator(token).validate(url, request.POST, signature):
            log.warning(
                "voice: refused a badly signed webhook to %s from %s",
                url,
                request.META.get("REMOTE_ADDR"),
            )
            return HttpResponseForbidden("Bad signature")
        return view(request, *args, **kwargs)

    return checked


def absolute(name: str) -> str:
    return settings.BASE_URL + reverse(name)


def twiml(response: VoiceResponse) -> HttpResponse:
    return HttpResponse(str(response), content_type="text/xml")


def say(response: VoiceResponse | Gather, language: str, key: str, **values: object) -> None:
    response.say(speech.say(language, key, **values), language=speech.voice(language))


def spoken(response: VoiceResponse | Gather, language: str, text: str) -> None:
    response.say(text, language=speech.voice(language))


def one_digit(action: str, *, silence_answers: bool = True) -> Gather:
    """The only menu level: one digit. In the menu silence posts an empty choice, which
    means "0"; in the queue (`silence_answers=False`) silence just keeps the caller waiting."""
    return Gather(
        num_digits=1, action=absolute(action), action_on_empty_result=silence_answers, timeout=6
    )


def ask(response: VoiceResponse, gather: Gather) -> None:
    """The gather, then a redirect to its own action: a provider without
    `actionOnEmptyResult` falls through a silent gather to the next verb, and that verb
    must post the empty answer too (silence is "0"), never end the call."""
    response.append(gather)
    response.redirect(gather.attrs["action"])


def number_input(action: str, *, again: bool = False) -> Gather:
    """The callback number typed on the keypad, ended by #; `step=number` tells the view
    that the digits are a phone number, not a menu choice, and `again` that it is the
    second try."""
    return Gather(
        input="dtmf",
        finish_on_key="#",
        timeout=10,
        action=f"{absolute(action)}?step=number" + ("&again=1" if again else ""),
        action_on_empty_result=True,
    )


def enqueue(response: VoiceResponse) -> None:
    response.enqueue(
        settings.REALDESK_VOICE_QUEUE,
        wait_url=absolute("voice:twilio_wait"),
        action=absolute("voice:twilio_after_queue"),
    )
