"""The console's chats view: the queue (the longest wait first), the agent's own chats,
and one chat open with its messages, a reply box and the customer beside it. The live part
is a partial the page polls every 2 s: simpler than an agent socket, and correct in every
process because everything it shows is in the database."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from realdesk.accounts.models import User
from realdesk.chat import actions
from realdesk.chat.choices import Availability, SessionStatus
from realdesk.chat.models import ChatSession
from realdesk.chat.selectors import (
    availability_of,
    available_agents,
    chat_get,
    chat_list,
    customer_typing,
    session_messages,
)
from realdesk.console.customer_panel import customer_panel
from realdesk.core.errors import ApplicationError

POLL_SECONDS = 2


def _context(request) -> dict:
    now = timezone.now()
    waiting = list(chat_list(actor=request.user, status=SessionStatus.WAITING))
    for session in waiting:
        session.waited = int((now - session.started_at).total_seconds())
    mine = list(
        chat_list(actor=request.user, status=SessionStatus.ACTIVE).filter(agent=request.user)
    )
    current = next((s for s in mine if str(s.pk) == request.GET.get("chat")), None)
    current = current or (mine[0] if mine else None)
    context = {"waiting": waiting, "mine": mine, "current": current, "poll": POLL_SECONDS}
    if current:
        # The owner looking at the chat has read what the customer wrote: the customer is
        # told (read state), like any chat app's "seen" once the conversation is on screen.
        actions.chat_agent_read(session=current, agent=request.user)
        context["chat_messages"] = session_messages(session=current)
        context["typing"] = customer_typing(session=current, now=now)
    return context


@login_required
def chats_page(request):
    context = _context(request)
    if current := context["current"]:
        context.update(
            ticket=current.ticket,
            colleagues=available_agents().exclude(pk=request.user.pk),
            **customer_panel(actor=request.user, ticket=current.ticket),
        )
    return render(request, "console/chats.html", context)


@login_required
def chats_live(request):
    """What changes while the agent looks: the queue, their chats, the open chat's messages
    and whether the customer is typing."""
    return render(request, "console/chats.html#live", _context(request))


@login_required
@require_POST
def chat_act(request, pk: int, action: str):
    """Accept, reply, transfer, type or close; each through its chat action, then back to
    that chat."""
    try:
        session = chat_get(actor=request.user, pk=pk)
    except ChatSession.DoesNotExist:
        raise Http404("No such chat") from None
    try:
        if action == "accept":
            actions.chat_accept(session=session, agent=request.user)
        elif action == "reply":
            actions.chat_reply(
                session=session,
                agent=request.user,
                body_text=request.POST.get("body", ""),
                file=_file(request),
            )
        elif action == "transfer":
            actions.chat_transfer(
                session=session,
                actor=request.user,
                agent=_agent(request.POST.get("agent", "")),
                note=request.POST.get("note", ""),
            )
            return redirect("console:chats")
        elif action == "typing":  # the reply box's throttled keystrokes, through htmx
            actions.chat_agent_typing(session=session, agent=request.user)
            return HttpResponse(status=204)
        elif action == "close":
            actions.chat_close(session=session, actor=request.user)
            return redirect("console:chats")
        else:
            raise Http404("No such action")
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("console:chats")
    return redirect(f"{reverse('console:chats')}?chat={session.pk}")


def _file(request) -> actions.ChatFile | None:
    """The reply's file, refused by its size before it is read."""
    upload = request.FILES.get("file")
    if upload is None:
        return None
    actions.check_file_size(filename=upload.name, size=upload.size)
    return actions.ChatFile(filename=upload.name, payload=upload.read())


def _agent(value: str) -> User:
    agent = available_agents().filter(pk=value).first() if value.isdigit() else None
    if agent is None:
        raise ApplicationError(_("Choose an available agent to transfer to."), code="no_target")
    return agent


@login_required
def chats_waiting(request):
    """The nav's count, polled: loaded apart so every console page keeps its queries."""
    count = chat_list(actor=request.user, status=SessionStatus.WAITING).count()
    return HttpResponse(f'<span class="count" data-chats-waiting>{count}</span>' if count else "")


@login_required
@require_http_methods(["GET", "POST"])
def availability(request):
    """The top bar's switch, loaded apart like the count. A change through htmx gets the
    switch back; without htmx, the page it was made on."""
    if request.method == "GET":
        return _switch(request, back=request.GET.get("next", ""))
    try:
        actions.availability_set(agent=request.user, state=request.POST.get("state", ""))
    except ApplicationError as error:
        return HttpResponse(error.message, status=400)
    if request.headers.get("HX-Request"):
        return _switch(request, back=request.POST.get("next", ""))
    return redirect(_safe(request, request.POST.get("next", "")))


def _safe(request, back: str) -> str:
    if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return back
    return reverse("console:chats")


def _switch(request, *, back: str):
    context = {
        "state": availability_of(agent=request.user),
        "states": Availability.choices,
        "back": _safe(request, back),
    }
    return render(request, "console/_chat_switch.html", context)
