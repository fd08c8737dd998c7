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
    call_answer,
    call_callback_number,
    call_enqueue,
    call_finish,
    call_leave_queue,
    call_start,
    call_wait_measure,
)
from realdesk.voice.menu import Menu
from realdesk.voice.models import Call, Callback
from realdesk.voice.twilio_adapter import (
    PROVIDER,
    ask,
    enqueue,
    number_input,
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
    """The caller ID in E.164; "" when it is withheld or no number at all (a SIP client)."""
    try:
        return normalize_phone(raw, default_region=settings.REALDESK_DEFAULT_PHONE_REGION)
    except ApplicationError:
        return ""


@twilio_signed
def incoming(request: HttpRequest) -> HttpResponse:
    raw = request.POST.get("From", "")
    number = _number(raw)
    customer = selectors.caller_customer(number=number) if number else None
    language = speech.caller_language(
        number, profile_language=customer.language if customer else ""
    )
    call = call_start(
        provider=PROVIDER,
        provider_id=request.POST["CallSid"],
        number=number or raw,
        callback_number=number,
        language=language,
        customer=customer,
    )
    response, gather = VoiceResponse(), one_digit("voice:twilio_menu")
    first_name = customer.name.split()[0] if customer and customer.name.strip() else ""
    say(gather, language, "hello_name" if first_name else "hello", name=first_name)
    for digit, option in _menu(call).options().items():
        if isinstance(option, Ticket):
            say(gather, language, "open_ticket", number=option.number)
        else:
            say(gather, language, "faq", digit=digit, title=option.title)
    say(gather, language, "person")
    ask(response, gather)
    return twiml(response)


def _callback_now(call: Call, response: VoiceResponse) -> VoiceResponse:
    """Nobody can answer in time: the callback is made now and its number read back."""
    callback = call_leave_queue(call=call, result="nobody-free", waited_seconds=0)
    _goodbye(response, call, callback)
    return response


def _goodbye(response: VoiceResponse, call: Call, callback: Callback | None) -> None:
    """The callback confirmed with its number read back, or honestly none without a number."""
    if callback is not None:
        say(response, call.language, "callback_confirmed", number=speech.spelled(callback.phone))
    else:
        say(response, call.language, "no_number")
    response.hangup()


def _to_person(call: Call) -> VoiceResponse:
    """0: the queue when a person can answer within the limit, else a callback now (on a
    number the caller types when their caller ID is withheld)."""
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
    say(response, call.language, "nobody")
    if not call.callback_number:
        _ask_number(response, call, "voice:twilio_menu")
        return response
    return _callback_now(call, response)


def _ask_number(response: VoiceResponse, call: Call, action: str, *, again: bool = False) -> None:
    gather = number_input(action, again=again)
    say(gather, call.language, "type_number")
    ask(response, gather)


def _typed(call: Call, digits: str) -> bool:
    """The number the caller typed, kept when it is one; False when it is not."""
    try:
        number = normalize_phone(digits, default_region=settings.REALDESK_DEFAULT_PHONE_REGION)
    except ApplicationError:
        return False
    call_callback_number(call=call, number=number)
    return True


def _menu_number(request: HttpRequest, call: Call) -> VoiceResponse:
    """The number typed after "nobody can answer": the callback, or one more try, or an
    honest goodbye (the call is kept as missed)."""
    response = VoiceResponse()
    if _typed(call, request.POST.get("Digits", "")) or request.GET.get("again"):
        return _callback_now(call, response)
    say(response, call.language, "number_unusable")
    _ask_number(response, call, "voice:twilio_menu", again=True)
    return response


@twilio_signed
def menu(request: HttpRequest) -> HttpResponse:
    call = _call(request)
    if request.GET.get("step") == "number":
        return twiml(_menu_number(request, call))
    option = _menu(call).options().get(request.POST.get("Digits", ""))
    if isinstance(option, Ticket):
        call_about(call=call, ticket=option)
    elif option is not None:
        response, gather = VoiceResponse(), one_digit("voice:twilio_menu")
        spoken(gather, call.language, option.spoken_text)
        say(gather, call.language, "person")
        ask(response, gather)
        return twiml(response)
    return twiml(_to_person(call))


def _leave_for_callback(call: Call, response: VoiceResponse) -> None:
    """Out of the queue into a callback (after-queue makes it and reads the number back);
    without a number to call, first ask for one."""
    if call.callback_number:
        response.leave()
    else:
        _ask_number(response, call, "voice:twilio_wait")


def _wait_number(request: HttpRequest, call: Call) -> VoiceResponse:
    """The number typed in the queue: out into the callback. Nothing usable: back to
    waiting (the provider asks the wait URL again), unless the limit already passed."""
    response = VoiceResponse()
    if _typed(call, request.POST.get("Digits", "")) or selectors.call_waited_seconds(call=call) >= (
        settings.REALDESK_VOICE_MAX_WAIT_SECONDS
    ):
        response.leave()
    else:
        say(response, call.language, "number_unusable")
    return response


@twilio_signed
def wait(request: HttpRequest) -> HttpResponse:
    """The queue's hold announcements; also where the callback choice (1) lands."""
    call, response = _call(request), VoiceResponse()
    if request.GET.get("step") == "number":
        return twiml(_wait_number(request, call))
    if request.POST.get("Digits") == "1":
        _leave_for_callback(call, response)
        return twiml(response)
    position = max(1, int(request.POST.get("QueuePosition", 1)))
    call_wait_measure(call=call, waited_seconds=int(request.POST.get("QueueTime", 0)))
    # As measured so far: a gather's answer posted here (another digit) carries no
    # QueueTime, and the offer must not vanish for it.
    waited = selectors.call_waited_seconds(call=call)
    if waited >= settings.REALDESK_VOICE_MAX_WAIT_SECONDS:
        say(response, call.language, "callback_sorry")
        _leave_for_callback(call, response)
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
def answered(request: HttpRequest) -> HttpResponse:
    """An agent dequeued the caller (`<Dial><Queue url=…?agent=ADDRESS>`): who answered.
    The TwiML answered is played to the caller before the bridge: nothing, no delay."""
    agent = selectors.phone_agent_by_email(email=request.GET.get("agent", ""))
    if agent is not None:
        call_answer(call=_call(request), agent=agent)
    return twiml(VoiceResponse())


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
    if result == "leave":
        _goodbye(response, call, callback)
    else:
        response.hangup()
    return twiml(response)


@twilio_signed
def status(request: HttpRequest) -> HttpResponse:
    """The provider's status callback: the call is over, and how long it lasted."""
    if request.POST.get("CallStatus") in FINAL_STATUSES:
        call_finish(
            call=_call(request),
            duration_seconds=int(request.POST.get("CallDuration", 0)),
            recording_url=request.POST.get("RecordingUrl", ""),
        )
    return HttpResponse(status=204)
