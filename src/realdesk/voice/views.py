"""The TwiML webhooks: each validates, reads or delegates to an action, and answers TwiML."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from twilio.twiml.voice_response import VoiceResponse

from realdesk.accounts.identities import normalize_phone
from realdesk.core.errors import ApplicationError
from realdesk.sla.erlang import position_wait_seconds
from realdesk.tickets.models import Ticket
from realdesk.voice import selectors, speech
from realdesk.voice.actions import (
    call_about,
    call_enqueue,
    call_finish,
    call_leave_queue,
    call_start,
    call_wait_measure,
)
from realdesk.voice.menu import Menu
from realdesk.voice.models import Call
from realdesk.voice.twilio_adapter import (
    PROVIDER,
    enqueue,
    one_digit,
    say,
    spoken,
    twilio_signed,
    twiml,
)

# Twilio's CallStatus values once a call is over.
FINAL_STATUSES = frozenset({"completed", "busy", "failed", "no-answer", "canceled"})


def _call(request: HttpRequest) -> Call:
    return Call.objects.select_related("customer").get(
        provider=PROVIDER, provider_id=request.POST.get("CallSid", "")
    )


def _menu(call: Call) -> Menu:
    customer = call.customer
    return Menu(
        ticket=selectors.caller_open_ticket(customer=customer),
        answers=tuple(selectors.faq_spoken(language=call.language)),
    )


def _number(raw: str) -> str:
    try:
        return normalize_phone(raw, default_region=settings.REALDESK_DEFAULT_PHONE_REGION)
    except ApplicationError:
        return raw  # a withheld or odd caller ID still gets served, just not recognised


@twilio_signed
def incoming(request: HttpRequest) -> HttpResponse:
    number = _number(request.POST.get("From", ""))
    customer = selectors.caller_customer(number=number)
    language = speech.caller_language(
        number, profile_language=customer.language if customer else ""
    )
    call = call_start(
        provider=PROVIDER, provider_id=request.POST["CallSid"], number=number, language=language
    )
    if customer and not call.customer_id:
        Call.objects.filter(pk=call.pk).update(customer=customer)
        call.customer = customer
    response, gather = VoiceResponse(), one_digit("voice:twilio_menu")
    first_name = customer.name.split()[0] if customer and customer.name.strip() else ""
    say(gather, language, "hello_name" if first_name else "hello", name=first_name)
    for digit, option in _menu(call).options().items():
        if isinstance(option, Ticket):
            say(gather, language, "open_ticket", number=option.number)
        else:
            say(gather, language, "faq", digit=digit, title=option.title)
    say(gather, language, "person")
    response.append(gather)
    return twiml(response)


def _to_person(call: Call) -> VoiceResponse:
    """0: the queue when a person can answer within the limit, else a callback now."""
    response = VoiceResponse()
    agents = selectors.phone_agents().count()
    wait = position_wait_seconds(
        position=selectors.callers_waiting() + 1,
        agents_online=agents,
        handle_seconds=settings.REALDESK_VOICE_HANDLE_SECONDS,
    )
    if selectors.agents_free() or wait <= settings.REALDESK_VOICE_MAX_WAIT_SECONDS:
        call_enqueue(call=call)
        enqueue(response)
        return response
    call_leave_queue(call=call, result="nobody-free", waited_seconds=0)
    say(response, call.language, "nobody")
    say(response, call.language, "callback_confirmed")
    response.hangup()
    return response


@twilio_signed
def menu(request: HttpRequest) -> HttpResponse:
    call = _call(request)
    option = _menu(call).options().get(request.POST.get("Digits", ""))
    if isinstance(option, Ticket):
        call_about(call=call, ticket=option)
    elif option is not None:
        response, gather = VoiceResponse(), one_digit("voice:twilio_menu")
        spoken(gather, call.language, option.spoken_text)
        say(gather, call.language, "anything_else")
        response.append(gather)
        return twiml(response)
    return twiml(_to_person(call))


@twilio_signed
def wait(request: HttpRequest) -> HttpResponse:
    """The queue's hold announcements; also where the callback choice (1) lands."""
    call, response = _call(request), VoiceResponse()
    if request.POST.get("Digits") == "1":
        say(response, call.language, "callback_confirmed")
        response.leave()
        return twiml(response)
    waited = int(request.POST.get("QueueTime", 0))
    position = max(1, int(request.POST.get("QueuePosition", 1)))
    call_wait_measure(call=call, waited_seconds=waited)
    if waited >= settings.REALDESK_VOICE_MAX_WAIT_SECONDS:
        say(response, call.language, "callback_sorry")
        response.leave()
        return twiml(response)
    expected = position_wait_seconds(
        position=position,
        agents_online=selectors.phone_agents().count(),
        handle_seconds=settings.REALDESK_VOICE_HANDLE_SECONDS,
    )
    target = response
    if waited >= settings.REALDESK_VOICE_OFFER_CALLBACK_SECONDS:
        target = one_digit("voice:twilio_wait", silence_answers=False)
    say(target, call.language, "position", position=position)
    spoken(target, call.language, speech.wait_words(call.language, expected))
    if target is not response:
        say(target, call.language, "offer_callback")
        response.append(target)
    response.pause(length=20)
    return twiml(response)


@twilio_signed
def after_queue(request: HttpRequest) -> HttpResponse:
    """The call left the queue: answered, or a missed call that becomes a callback."""
    call, response = _call(request), VoiceResponse()
    result = request.POST.get("QueueResult", "hangup")
    callback = call_leave_queue(
        call=call,
        result=result,
        waited_seconds=int(request.POST.get("QueueTime", 0)),
        recording_url=request.POST.get("RecordingUrl", ""),
    )
    if callback is not None and result == "leave":
        say(response, call.language, "callback_confirmed")
    response.hangup()
    return twiml(response)


@twilio_signed
def status(request: HttpRequest) -> HttpResponse:
    """The provider's status callback: the call is over, and how long it lasted."""
    if request.POST.get("CallStatus") in FINAL_STATUSES:
        call_finish(call=_call(request), duration_seconds=int(request.POST.get("CallDuration", 0)))
    return HttpResponse(status=204)
