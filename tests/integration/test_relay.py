"""The relay: nothing skipped, nothing published twice, one stream's events in order."""

from __future__ import annotations

import asyncio
from typing import Any

import asyncpg
import nats.js.errors
import pytest
from nats.aio.client import Client as NatsClient

from kantine import db
from kantine.envelope import Envelope
from kantine.eventstore import ConcurrencyError, EventStore, NewEvent, notify_channel
from kantine.ids import new_id
from kantine.relay import Relay, refused_events, replay_refused
from kantine.service import cancel_all
from kantine.topology import Topology
from kantine.v1.events_pb2 import PostCreated, PostEdited
from services.feed.store import MIGRATIONS
from tests.harness import eventually

store = EventStore("feed")


async def feed_pool(url: str) -> asyncpg.Pool:
    return await db.prepare_schema(url, "feed", MIGRATIONS)


def created(post_id: str, author: str = "") -> NewEvent:
    author = author or new_id()
    return NewEvent(
        Envelope.new("PostCreated", post_id, 1, author), PostCreated(post_id=post_id, author_id=author, body="b")
    )


def edited(post_id: str, version: int) -> NewEvent:
    return NewEvent(Envelope.new("PostEdited", post_id, version, "x"), PostEdited(post_id=post_id, body=f"v{version}"))


async def stream_ids(nc: NatsClient, topology: Topology) -> list[str]:
    """Event ids in the JetStream stream, in stream order."""
    js = nc.jetstream()
    info = await js.stream_info(topology.events_stream)
    ids = []
    for seq in range(info.state.first_seq, info.state.last_seq + 1):
        msg = await js.get_msg(topology.events_stream, seq)
        ids.append((msg.headers or {})["Kantine-Event-Id"])
    return ids


async def append(pool: asyncpg.Pool, stream: str, expected: int, *events: NewEvent) -> list[int]:
    async with pool.acquire() as conn, conn.transaction():
        return await store.append(conn, stream, expected, list(events))


async def test_append_is_optimistic_per_stream(database_url: str) -> None:
    pool = await feed_pool(database_url)
    try:
        post = new_id()
        await append(pool, f"post-{post}", 0, created(post))
        with pytest.raises(ConcurrencyError):
            await append(pool, f"post-{post}", 0, created(post))
        await append(pool, f"post-{post}", 1, edited(post, 2))
        async with pool.acquire() as conn:
            assert [e.stream_version for e in await store.read_stream(conn, f"post-{post}")] == [1, 2]
            assert await store.stream_version(conn, f"post-{post}") == 2
    finally:
        await pool.close()


async def test_event_committed_while_relay_down_is_published_once_after_restart(
    database_url: str, nc: NatsClient, topology: Topology
) -> None:
    pool = await feed_pool(database_url)
    try:
        post = new_id()
        event = created(post)
        await append(pool, f"post-{post}", 0, event)  # committed; no relay running

        crashing = Relay(pool, nc.jetstream(), topology)

        async def die_before_cursor(position: int, leader: object = None) -> None:
            raise SystemExit("relay killed after publish, before saving its cursor")

        crashing._save_cursor = die_before_cursor  # type: ignore[method-assign]
        with pytest.raises(SystemExit):
            await crashing.publish_pending()

        restarted = Relay(pool, nc.jetstream(), topology)
        assert await restarted.lag() == 1  # the cursor did not move
        assert await restarted.publish_pending() == 1  # re-published…
        assert await restarted.publish_pending() == 0
        assert await restarted.lag() == 0
        assert await stream_ids(nc, topology) == [event.envelope.event_id]  # …and stored once
    finally:
        await pool.close()


async def test_transactions_committing_out_of_position_order_are_all_delivered_in_stream_order(
    database_url: str, nc: NatsClient, topology: Topology
) -> None:
    pool = await feed_pool(database_url)
    relay = Relay(pool, nc.jetstream(), topology)
    try:
        post = new_id()
        early = await pool.acquire()
        late = await pool.acquire()
        tx_early = early.transaction()
        await tx_early.start()
        # The early transaction appends first (it is given the lower position) but commits last.
        await store.append(early, f"post-{post}", 0, [created(post)])
        other = new_id()
        tx_late = late.transaction()
        await tx_late.start()
        late_append = asyncio.create_task(store.append(late, f"post-{other}", 0, [created(other)]))
        await asyncio.sleep(0.2)
        # The relay runs while both are open: it must not move past the early transaction's position.
        await relay.publish_pending()
        late_commit = asyncio.create_task(_finish(late_append, tx_late))
        await asyncio.sleep(0.2)
        await relay.publish_pending()
        await tx_early.commit()
        await late_commit
        # and an edit to the first stream, after both
        await append(pool, f"post-{post}", 1, edited(post, 2))
        while await relay.publish_pending():
            pass
        async with pool.acquire() as conn:
            stored = await store.read_all(conn, 0)
        assert len(stored) == 3
        published = await stream_ids(nc, topology)
        assert sorted(published) == sorted(e.event_id for e in stored)  # nothing skipped
        first_stream = [e.event_id for e in stored if e.stream_id == f"post-{post}"]
        assert [i for i in published if i in first_stream] == first_stream  # stream order kept
        assert published == [e.event_id for e in sorted(stored, key=lambda e: e.position)]
    finally:
        await pool.release(early)
        await pool.release(late)
        await pool.close()


async def _finish(append_task: asyncio.Task[list[int]], tx: asyncpg.transaction.Transaction) -> None:
    await append_task
    await tx.commit()


async def test_relay_run_publishes_as_events_commit(database_url: str, nc: NatsClient, topology: Topology) -> None:
    pool = await feed_pool(database_url)
    relay = Relay(pool, nc.jetstream(), topology, idle_poll_s=5.0)
    task = asyncio.create_task(relay.run())
    try:
        ids = []
        for _ in range(20):
            post = new_id()
            event = created(post)
            ids.append(event.envelope.event_id)
            await append(pool, f"post-{post}", 0, event)
        for _ in range(200):
            if relay.published == 20:
                break
            await asyncio.sleep(0.05)
        assert await stream_ids(nc, topology) == ids  # woken by NOTIFY well before the 5 s poll
    finally:
        await cancel_all([task])
        await pool.close()


async def test_an_append_wakes_the_relay_of_its_own_store_only(database_url: str) -> None:
    """Services share a database; each store notifies on its own channel, so a feed commit does not wake
    the relays of notify, gamify, search and the gateway for nothing."""
    feed = await feed_pool(database_url)
    other = await db.prepare_schema(database_url, "other_store", db.sdk_migrations("eventstore"))
    woken: dict[str, asyncio.Queue[str]] = {"feed": asyncio.Queue(), "other_store": asyncio.Queue()}
    listeners: list[tuple[asyncpg.Pool, asyncpg.Connection, str, Any]] = []
    try:
        for pool, name in ((feed, "feed"), (other, "other_store")):
            conn = await pool.acquire()
            channel = await notify_channel(conn)

            def heard(*args: Any, name: str = name) -> None:
                woken[name].put_nowait(args[2])

            await conn.add_listener(channel, heard)
            listeners.append((pool, conn, channel, heard))
        post = new_id()
        await append(feed, f"post-{post}", 0, created(post))
        assert await asyncio.wait_for(woken["feed"].get(), 10)
        await asyncio.sleep(0.3)  # a notification would have arrived by now
        assert woken["other_store"].empty()
    finally:
        for pool, conn, channel, heard in listeners:
            await conn.remove_listener(channel, heard)
            await pool.release(conn)
        await feed.close()
        await other.close()


async def test_a_relay_with_a_message_ttl_has_the_stream_delete_its_events_and_no_others(
    database_url: str, nc: NatsClient, topology: Topology
) -> None:
    pool = await feed_pool(database_url)
    js = nc.jetstream()
    try:
        kept, fleeting = new_id(), new_id()
        await append(pool, f"post-{kept}", 0, created(kept))
        assert await Relay(pool, js, topology).publish_pending() == 1
        await append(pool, f"post-{fleeting}", 0, created(fleeting))
        assert await Relay(pool, js, topology, message_ttl_s=1).publish_pending() == 1

        info = await js.stream_info(topology.events_stream)
        first, last = info.state.first_seq, info.state.last_seq
        assert (await js.get_msg(topology.events_stream, last)).headers["Nats-TTL"] == "1s"
        assert "Nats-TTL" not in ((await js.get_msg(topology.events_stream, first)).headers or {})
        for _ in range(100):  # the server expires it about a second after it was stored
            if (await js.stream_info(topology.events_stream)).state.messages == 1:
                break
            await asyncio.sleep(0.1)
        info = await js.stream_info(topology.events_stream)
        assert (info.state.messages, info.state.first_seq) == (1, first)
        assert (await js.get_msg(topology.events_stream, first)).headers["Kantine-Aggregate-Id"] == kept
    finally:
        await pool.close()


async def test_a_relay_that_lost_its_session_stops_and_the_new_leader_publishes_alone(
    database_url: str, nc: NatsClient, topology: Topology
) -> None:
    """The split relay: the leader's session is cut (a failover, a killed connection), so its lock is gone
    and the other replica's relay takes the lead. The first one publishes nothing more; the cursor only
    ever moves forward."""
    pool = await feed_pool(database_url)
    first = Relay(pool, nc.jetstream(), topology, idle_poll_s=0.1)
    second = Relay(pool, nc.jetstream(), topology, idle_poll_s=0.1)
    leading = asyncio.create_task(first.run())
    waiting: asyncio.Task[None] | None = None
    try:

        async def first_leads() -> bool:
            return first.leading

        await eventually(first_leads)
        waiting = asyncio.create_task(second.run())
        await append(pool, f"post-{new_id()}", 0, created(new_id()))

        async def published_by_first() -> bool:
            return first.published == 1

        await eventually(published_by_first)
        assert not second.leading  # the control: one leader at a time
        await pool.execute("SELECT pg_terminate_backend($1)", first._leader_pid)

        async def second_leads() -> bool:
            return second.leading

        await eventually(second_leads)
        posts = [new_id() for _ in range(5)]
        for post in posts:
            await append(pool, f"post-{post}", 0, created(post))

        async def published_by_second() -> bool:
            return second.published == 5

        await eventually(published_by_second)
        assert first.published == 1  # it stopped with its session, before publishing again
        assert len(await stream_ids(nc, topology)) == 6

        async with pool.acquire() as conn:  # forward only: an old page's cursor does not take it back
            head = await first.cursor(conn)
        await first._save_cursor(1)
        async with pool.acquire() as conn:
            assert await first.cursor(conn) == head == 6
    finally:
        await cancel_all([t for t in (leading, waiting) if t is not None])
        await pool.close()


async def test_an_event_the_stream_refuses_for_good_is_recorded_and_passed_and_can_be_replayed(
    database_url: str, nc: NatsClient, topology: Topology
) -> None:
    """The poisoned event: the stream takes no message this large. Before, the relay retried the page
    forever and every consumer waited behind it; now the event is recorded with why, the ones after it
    go on, and it is published again once the stream allows it."""
    pool = await feed_pool(database_url)
    js = nc.jetstream()
    config = (await js.stream_info(topology.events_stream)).config
    config.max_msg_size = 2000  # the ordinary events with their headers are well under it
    await js.update_stream(config)
    try:
        small, large, after = new_id(), new_id(), new_id()
        await append(pool, f"post-{small}", 0, created(small))
        big = NewEvent(
            Envelope.new("PostCreated", large, 1, new_id()),
            PostCreated(post_id=large, author_id=new_id(), body="x" * 5000),
        )
        await append(pool, f"post-{large}", 0, big)
        await append(pool, f"post-{after}", 0, created(after))
        relay = Relay(pool, js, topology, ack_timeout_s=1.0)  # a refused publish is never acked: waited out
        assert await relay.publish_pending() == 3
        assert await relay.lag() == 0
        ids = await stream_ids(nc, topology)
        assert len(ids) == 2 and big.envelope.event_id not in ids  # the others went on
        async with pool.acquire() as conn:
            (refused,) = await refused_events(conn, "feed")
        assert (refused.event_id, refused.event_type) == (big.envelope.event_id, "PostCreated")
        assert "JetStream refused it" in refused.reason and "size" in refused.reason.lower(), refused.reason

        async with pool.acquire() as conn:  # still too large: it stays recorded
            with pytest.raises(nats.js.errors.BadRequestError):
                await replay_refused(conn, js, topology, "feed")
            assert len(await refused_events(conn, "feed")) == 1
        config.max_msg_size = -1  # the cause fixed
        await js.update_stream(config)
        async with pool.acquire() as conn:
            assert [r.event_id for r in await replay_refused(conn, js, topology, "feed")] == [big.envelope.event_id]
            assert await refused_events(conn, "feed") == []
        assert (await stream_ids(nc, topology))[-1] == big.envelope.event_id
    finally:
        await pool.close()
