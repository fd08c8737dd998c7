"""The chat socket through the real ASGI application: messages once per client id, the
agent's answer pushed, typing throttled, queue updates, and the token and origin checks."""

import asyncio
import threading
import time

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from channels_redis.pubsub import RedisPubSubChannelLayer
from django.db import connection

from realdesk.chat import actions, consumers
from realdesk.chat.actions import availability_set, chat_accept, chat_start
from realdesk.chat.models import ChatSession
from realdesk.chat.push import QUEUE_GROUP, chat_group
from realdesk.chat.selectors import QueueState
from realdesk.config.asgi import application
from realdesk.core.sqlite import base as sqlite_writers
from realdesk.tickets.actions import message_send
from realdesk.tickets.models import Message
from support.redis import needs_redis

pytestmark = pytest.mark.django_db(transaction=True)


def run(coroutine):
    return asyncio.run(coroutine)


def _socket(session_id: int, token: str, origin: str = "") -> WebsocketCommunicator:
    headers = [(b"host", b"testserver")]
    if origin:
        headers.append((b"origin", origin.encode()))
    return WebsocketCommunicator(
        application, f"/ws/chat/{session_id}/?token={token}", headers=headers
    )


@pytest.fixture
def started(agent):
    availability_set(agent=agent, state="available")
    return chat_start(name="Ana", email="ana@example.com", question="Where is my order?")


def test_a_message_is_stored_once_and_echoed_with_its_client_id(started):
    async def talk():
        socket = _socket(started.session.pk, started.token)
        connected, _ = await socket.connect()
        assert connected
        state = await socket.receive_json_from()
        assert state["type"] == "state"
        assert (state["status"], state["queue_position"]) == ("waiting", 1)
        for _ in range(2):  # a widget unsure whether it arrived sends it again
            await socket.send_json_to({"type": "message", "client_id": "c-1", "body": "Hi"})
        echo = await socket.receive_json_from()
        await socket.disconnect()
        return echo

    echo = run(talk())
    assert (echo["type"], echo["client_id"], echo["body"]) == ("message", "c-1", "Hi")
    assert Message.objects.filter(body_text="Hi").count() == 1


def test_the_agents_answer_and_the_acceptance_are_pushed(started, agent):
    async def talk():
        socket = _socket(started.session.pk, started.token)
        await socket.connect()
        await socket.receive_json_from()  # the first state
        session = await database_sync_to_async(chat_accept)(session=started.session, agent=agent)
        state = await socket.receive_json_from()
        await database_sync_to_async(message_send)(
            ticket=session.ticket, agent=agent, body_text="On its way.", status_after=None
        )
        pushed = await socket.receive_json_from()
        await socket.disconnect()
        return state, pushed

    state, pushed = run(talk())
    assert (state["type"], state["status"], state["queue_position"]) == ("state", "active", 0)
    assert (pushed["type"], pushed["from"], pushed["body"]) == ("message", "agent", "On its way.")
    assert pushed["name"] == agent.first_name


def test_typing_reaches_the_other_side_at_most_once_per_throttle(started):
    async def talk():
        customer = _socket(started.session.pk, started.token)
        watcher = _socket(started.session.pk, started.token)  # stands in for the agent's view
        await customer.connect()
        await watcher.connect()
        await customer.receive_json_from()
        await watcher.receive_json_from()
        for _ in range(5):
            await customer.send_json_to({"type": "typing"})
        first = await watcher.receive_json_from()
        more = await watcher.receive_nothing(timeout=0.3)
        mine = await customer.receive_nothing(timeout=0.1)
        await customer.disconnect()
        await watcher.disconnect()
        return first, more, mine

    first, more, mine = run(talk())
    assert first == {"type": "typing", "from": "customer"}
    assert more  # nothing else: four of the five were throttled
    assert mine  # a sender does not see their own typing
    typed = ChatSession.objects.get().customer_typed_at
    assert typed is not None, "kept for the console, which polls"


def test_resume_after_a_reconnect_sends_what_was_missed(started, agent):
    question = Message.objects.get()
    message_send(ticket=started.session.ticket, agent=agent, body_text="Missed?", status_after=None)

    async def talk():
        socket = _socket(started.session.pk, started.token)
        await socket.connect()
        await socket.receive_json_from()
        await socket.send_json_to({"type": "resume", "after": question.pk})
        missed = await socket.receive_json_from()
        nothing = await socket.receive_nothing(timeout=0.2)
        await socket.disconnect()
        return missed, nothing

    missed, nothing = run(talk())
    assert missed["body"] == "Missed?"
    assert nothing


def test_a_wrong_token_or_origin_is_refused(started, settings):
    settings.REALDESK_CHAT_ALLOWED_ORIGINS = ["https://shop.example.com"]

    async def attempt(token: str, origin: str) -> bool:
        socket = _socket(started.session.pk, token, origin)
        connected, _ = await socket.connect()
        await socket.disconnect()
        return connected

    assert not run(attempt("guess", ""))
    assert not run(attempt(started.token, "https://evil.example.net"))
    assert run(attempt(started.token, "https://shop.example.com"))


def test_the_queue_moves_for_those_still_waiting(started, agent):
    second = chat_start(name="Bo", email="bo@example.com", question="And mine?")

    async def talk():
        socket = _socket(second.session.pk, second.token)
        await socket.connect()
        before = await socket.receive_json_from()
        await database_sync_to_async(chat_accept)(session=started.session, agent=agent)
        after = await socket.receive_json_from()
        await socket.disconnect()
        return before, after

    before, after = run(talk())
    assert before["queue_position"] == 2
    assert after["queue_position"] == 1
    assert ChatSession.objects.get(pk=second.session.pk).status == "waiting"


@needs_redis
def test_through_redis_a_push_from_another_process_reaches_the_socket(
    started, agent, settings, redis_server
):
    """channels-redis as several processes use it (its publish/subscribe layer, as settings
    choose with REALDESK_REDIS_URL): the message is sent by a second layer instance, as
    another web process or the worker would."""
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [{"address": redis_server.url}]},
        }
    }

    async def talk():
        socket = _socket(started.session.pk, started.token)
        await socket.connect()
        await socket.receive_json_from()
        other_process = RedisPubSubChannelLayer(hosts=[{"address": redis_server.url}])
        await other_process.group_send(
            chat_group(started.session.ticket_id),
            {"type": "chat.message", "message": {"id": 1, "body": "via Redis"}},
        )
        pushed = await socket.receive_json_from(timeout=5)
        await socket.disconnect()
        return pushed

    assert run(talk())["body"] == "via Redis"


def test_the_queue_moving_costs_one_read_per_process_not_one_per_socket(started, agent, settings):
    """Every waiting socket hears where it stands when an agent accepts a chat; with 800
    waiting that was 2,400 queries per accept on the one thread all sockets share, and
    chat messages waited behind them (bench/chat_load.py)."""
    settings.DEBUG = True  # the sockets' thread logs its queries
    others = [chat_start(name=f"C{i}", email=f"c{i}@example.com", question="Hi?") for i in range(6)]

    @database_sync_to_async
    def sockets_thread_queries() -> int:
        return len(connection.queries)

    async def talk():
        sockets = [_socket(chat.session.pk, chat.token) for chat in others]
        for socket in sockets:
            await socket.connect()
            await socket.receive_json_from()
        before = await sockets_thread_queries()
        elsewhere = database_sync_to_async(chat_accept, thread_sensitive=False)  # an API thread
        await elsewhere(session=started.session, agent=agent)
        moved = [await socket.receive_json_from() for socket in sockets]
        spent = await sockets_thread_queries() - before
        for socket in sockets:
            await socket.disconnect()
        return moved, spent

    moved, spent = run(talk())
    assert [state["queue_position"] for state in moved] == [1, 2, 3, 4, 5, 6]
    assert spent <= 3, "one read of the queue for the six sockets"


def test_a_burst_of_queue_moves_is_told_at_once_then_the_latest(started, monkeypatch):
    """Each accepted chat moves every waiting one: 200 accepts in 9 s queued 130,000 places
    to tell, and the chats' messages behind them. A socket tells the first move at once,
    then only the latest once the second (here 0.3 s) is over, never each one."""
    reads = []

    class Moving:  # a queue in which this chat's place changes at every read
        def state(self, session):
            return QueueState(position=len(reads), wait_seconds=60, agents_online=1)

    async def read_queue(move: str) -> Moving:
        reads.append(move)
        return Moving()

    monkeypatch.setattr(consumers, "_queue", read_queue)
    monkeypatch.setattr(consumers, "QUEUE_TOLD_EVERY_SECONDS", 0.3)

    async def talk():
        socket = _socket(started.session.pk, started.token)
        await socket.connect()
        await socket.receive_json_from()
        layer = get_channel_layer()
        for move in range(5):
            await layer.group_send(QUEUE_GROUP, {"type": "chat.queue", "queue": f"move-{move}"})
        told = [await socket.receive_json_from(timeout=2) for _ in range(2)]
        quiet = await socket.receive_nothing(timeout=0.6)
        await socket.disconnect()
        return told, quiet

    told, quiet = run(talk())
    assert reads == ["move-0", "move-4"]
    assert [state["queue_position"] for state in told] == [1, 2]
    assert quiet, "nothing told after the latest move"


def test_an_accepted_chat_no_longer_hears_the_queue(started, agent):
    async def talk():
        socket = _socket(started.session.pk, started.token)
        await socket.connect()
        await socket.receive_json_from()
        await database_sync_to_async(chat_accept)(session=started.session, agent=agent)
        accepted = await socket.receive_json_from()
        await database_sync_to_async(chat_start)(name="Bo", email="bo@example.com", question="?")
        nothing = await socket.receive_nothing(timeout=0.3)
        layer = get_channel_layer()
        members = layer.groups.get(QUEUE_GROUP, {})
        await socket.disconnect()
        return accepted, nothing, members

    accepted, nothing, members = run(talk())
    assert accepted["status"] == "active"
    assert nothing
    assert not members, "the accepted chat's socket left the queue's group"


async def _while_the_sockets_thread_is_held(started, meanwhile) -> dict:
    """Hold the one thread all sockets' database reads share (another socket's slow
    query), do `meanwhile(socket)`, and return the next frame the socket gets."""
    busy, release = threading.Event(), threading.Event()

    def slow_query() -> None:
        busy.set()
        release.wait(10)

    socket = _socket(started.session.pk, started.token)
    await socket.connect()
    await socket.receive_json_from()
    holding = asyncio.ensure_future(database_sync_to_async(slow_query)())
    await asyncio.get_running_loop().run_in_executor(None, busy.wait, 5)
    try:
        await meanwhile(socket)
        return await socket.receive_json_from(timeout=3)
    finally:
        release.set()
        await holding
        await socket.disconnect()


def test_a_push_reaches_its_socket_while_the_sockets_database_thread_is_busy(started):
    """A synchronous consumer ran every push on the one thread all sockets' database work
    shares: with 1,000 sockets the chat messages waited minutes behind the queue's moves
    and were lost (bench/chat_load.py). A push needs no database: it must not wait."""

    async def push(socket) -> None:
        await get_channel_layer().group_send(
            chat_group(started.session.ticket_id),
            {"type": "chat.message", "message": {"id": 1, "body": "Meanwhile"}},
        )

    assert run(_while_the_sockets_thread_is_held(started, push))["body"] == "Meanwhile"


def test_a_customers_message_is_written_while_the_sockets_database_thread_is_busy(started):
    """Every customer message is a write (the message, its events, the SLA clocks); on the
    one thread all sockets' reads share, 1,000 sockets' messages took 15 s to come back
    (bench/chat_load.py). A write borrows a thread of its own, as an HTTP request does."""

    async def write(socket) -> None:
        await socket.send_json_to({"type": "message", "client_id": "c-9", "body": "Anyone?"})

    echo = run(_while_the_sockets_thread_is_held(started, write))
    assert (echo["client_id"], echo["body"]) == ("c-9", "Anyone?")
    assert Message.objects.filter(body_text="Anyone?").count() == 1


def test_the_sockets_writes_run_side_by_side(started, monkeypatch):
    """Five sockets' writes at once are all written and echoed once, and what is around
    their transactions runs side by side: taking turns on the event loop for the whole
    write had the customers' messages queue behind each other's pushes, seconds at 1,000
    sockets (bench/chat_load.py). On SQLite only the transactions take turns (in the
    process, core/sqlite/base.py), so none polls for the lock."""
    writing, most = [0], [0]
    write = actions.chat_customer_message

    def counted(**kwargs):
        writing[0] += 1
        most[0] = max(most[0], writing[0])
        try:
            time.sleep(0.05)  # the reads before a write, taking a while as under load
            return write(**kwargs)
        finally:
            writing[0] -= 1

    monkeypatch.setattr(actions, "chat_customer_message", counted)
    others = [chat_start(name=f"C{i}", email=f"c{i}@example.com", question="Hi?") for i in range(4)]

    async def talk():
        sockets = [_socket(chat.session.pk, chat.token) for chat in [started, *others]]
        for socket in sockets:
            await socket.connect()
            await socket.receive_json_from()
        for n, socket in enumerate(sockets):
            await socket.send_json_to({"type": "message", "client_id": f"m{n}", "body": "Hi"})
        echoes = [await socket.receive_json_from(timeout=5) for socket in sockets]
        for socket in sockets:
            await socket.disconnect()
        return echoes

    assert [echo["client_id"] for echo in run(talk())] == ["m0", "m1", "m2", "m3", "m4"]
    assert Message.objects.filter(body_text="Hi").count() == 5
    assert most[0] > 1


@pytest.mark.sqlite  # PostgreSQL takes the writes side by side: no turns
def test_a_socket_hears_its_pushes_while_its_own_write_waits_its_turn(started):
    """A frame waiting for its write held up the socket's pushes and its reading: uvicorn
    then missed the keepalive's pong and closed the socket (1011, bench/chat_load.py)."""

    async def talk():
        socket = _socket(started.session.pk, started.token)
        await socket.connect()
        await socket.receive_json_from()
        # SQLite's one writer in the process: another socket's or request's transaction.
        turn = sqlite_writers._write_turn(connection.settings_dict["NAME"])
        assert turn.acquire(timeout=5)
        await socket.send_json_to({"type": "message", "client_id": "w-1", "body": "Waiting"})
        await asyncio.sleep(0.2)
        await get_channel_layer().group_send(
            chat_group(started.session.ticket_id),
            {"type": "chat.message", "message": {"id": 1, "body": "Meanwhile"}},
        )
        try:
            pushed = await socket.receive_json_from(timeout=3)
        finally:
            turn.release()
        echo = await socket.receive_json_from(timeout=5)
        await socket.disconnect()
        return pushed, echo

    pushed, echo = run(talk())
    assert pushed["body"] == "Meanwhile"
    assert echo["client_id"] == "w-1"
