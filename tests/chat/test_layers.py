"""The in-memory channel layer as one web process uses it with 1,000 sockets: a socket's
inbox holds a burst of pushes without dropping any, and receiving costs the same however
many other sockets have pushes waiting (bench/chat_load.py lost every message before).
The Redis layer of several processes survives a restart of Redis."""

import asyncio
import time

import redis
from channels.layers import get_channel_layer
from channels_redis.pubsub import RedisPubSubChannelLayer

from realdesk.chat.layers import ChatInMemoryChannelLayer
from support.redis import RedisServer, needs_redis


def test_a_socket_behind_by_more_than_a_hundred_pushes_loses_none():
    """Channels' default capacity, 100, dropped the 101st push to a busy socket silently."""
    layer = get_channel_layer()

    async def burst() -> list[int]:
        channel = await layer.new_channel()
        await layer.group_add("chat_burst", channel)
        for n in range(250):
            await layer.group_send("chat_burst", {"type": "chat.message", "n": n})
        received = []
        while len(received) < 250:  # a dropped push would leave this waiting: fail instead
            received.append((await asyncio.wait_for(layer.receive(channel), 5))["n"])
        return received

    assert asyncio.run(burst()) == list(range(250))


def test_receiving_does_not_walk_every_other_sockets_inbox():
    """Channels' layer looked for expired messages in every inbox on every receive: 2,000
    sockets with a push waiting took seconds to receive once each (quadratic)."""
    layer = ChatInMemoryChannelLayer()

    async def fan_out() -> float:
        channels = [await layer.new_channel() for _ in range(2000)]
        for channel in channels:
            await layer.group_add("chat_queue", channel)
        await layer.group_send("chat_queue", {"type": "chat.queue"})
        started = time.perf_counter()
        for channel in channels:
            await layer.receive(channel)
        return time.perf_counter() - started

    assert asyncio.run(fan_out()) < 1.0


def test_an_inbox_left_unread_past_the_expiry_still_leaves_its_groups():
    """The safety net stays: a socket that stopped reading is dropped, once a second."""
    layer = ChatInMemoryChannelLayer(expiry=1)

    async def stale() -> dict:
        deaf, other = await layer.new_channel(), await layer.new_channel()
        await layer.group_add("chat_1", deaf)
        await layer.send(deaf, {"type": "chat.message"})
        await asyncio.sleep(1.2)  # past its expiry and the once-a-second look
        await layer.send(other, {"type": "chat.message"})
        await layer.receive(other)
        return layer.groups.get("chat_1", {})

    assert asyncio.run(stale()) == {}


def test_many_inboxes_past_the_expiry_leave_their_groups_in_one_walk():
    """Channels walked every group once per expired push: 800 waiting sockets behind by a
    hundred queue moves each, with 1,000 chat groups, took a quarter of the event loop."""
    layer = ChatInMemoryChannelLayer(expiry=1)

    async def behind() -> tuple[float, dict]:
        channels = [await layer.new_channel() for _ in range(800)]
        for n, channel in enumerate(channels):
            await layer.group_add(f"chat_{n}", channel)
            await layer.group_add("chat_queue", channel)
        for n in range(1000 - len(channels)):  # the accepted chats' groups
            await layer.group_add(f"chat_active_{n}", await layer.new_channel())
        for _ in range(100):
            await layer.group_send("chat_queue", {"type": "chat.queue"})
        await asyncio.sleep(1.1)
        started = time.perf_counter()
        layer._clean_expired()
        return time.perf_counter() - started, layer.groups.get("chat_queue", {})

    spent, queue_members = asyncio.run(behind())
    assert queue_members == {}
    assert spent < 0.25, "1.1 s walking once per push, 0.01 s in one walk (2026-12-06)"


@needs_redis
def test_through_redis_an_open_socket_hears_pushes_again_after_redis_restarts(tmp_path):
    """With Redis a socket's channel and its groups are pub/sub subscriptions (decision
    0006); after Redis restarts the layer subscribes them again by itself, so open chats
    hear what is pushed from then on (a push while it was down is lost: the widget's
    resume after a reconnect fetches the messages from the database)."""
    server = RedisServer(tmp_path)
    server.start()
    hosts = [{"address": server.url}]

    async def restart_then_push() -> list[dict]:
        receiver = RedisPubSubChannelLayer(hosts=hosts)
        sender = RedisPubSubChannelLayer(hosts=hosts)  # another process
        channel = await receiver.new_channel()
        await receiver.group_add("chat_1", channel)
        heard = []
        for n, restart in ((1, False), (2, True)):
            receiving = asyncio.ensure_future(receiver.receive(channel))  # a socket always waits
            if restart:
                server.stop()
                server.start()
                probe, deadline = redis.Redis.from_url(server.url), time.monotonic() + 10
                while len(probe.pubsub_channels()) < 2 and time.monotonic() < deadline:
                    await asyncio.sleep(0.1)  # subscribed again: the channel and the group
            await sender.group_send("chat_1", {"type": "chat.message", "n": n})
            heard.append(await asyncio.wait_for(receiving, 5))
        await receiver.flush()
        await sender.flush()
        return heard

    try:
        assert [push["n"] for push in asyncio.run(restart_then_push())] == [1, 2]
    finally:
        server.stop()
