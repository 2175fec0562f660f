"""Consumers under faults: a poison event, a stop and restart, a NATS crash mid-stream."""

from __future__ import annotations

import asyncio
from pathlib import Path

import asyncpg
import nats
from nats.aio.client import Client as NatsClient

from examples.author_stats.handlers import MIGRATIONS as AUTHOR_MIGRATIONS
from examples.author_stats.handlers import router as author_router
from kantine import db, deadletters
from kantine.consumer import ConsumerSettings, EventContext, Router
from kantine.ids import new_id
from kantine.platform.nats_server import NatsServer
from kantine.topology import Topology
from kantine.v1.events_pb2 import PostCreated
from tests.harness import FeedHarness, eventually, fetchval, start_consumer, stop_consumer

POISON = "this post breaks the handler"


def failing_router(name: str, broken: dict[str, bool]) -> tuple[Router, list[db.Migration]]:
    router = Router(name)

    @router.on(PostCreated)
    async def record(event: PostCreated, ctx: EventContext) -> None:
        if broken["on"] and event.body == POISON:
            raise RuntimeError("cannot handle this post")
        await ctx.conn.execute("INSERT INTO seen (post_id, body) VALUES ($1, $2)", event.post_id, event.body)

    migrations = [
        *db.sdk_migrations("consumer"),
        db.Migration(name, 1, "seen", "CREATE TABLE seen (post_id uuid PRIMARY KEY, body text NOT NULL)"),
    ]
    return router, migrations


async def bodies(url: str, schema: str) -> list[str]:
    conn = await asyncpg.connect(url)
    try:
        return [r["body"] for r in await conn.fetch(f"SELECT body FROM {schema}.seen ORDER BY body")]
    finally:
        await conn.close()


async def test_poison_event_goes_to_dead_letters_and_can_be_replayed(
    database_url: str, nc: NatsClient, topology: Topology
) -> None:
    broken = {"on": True}
    router, migrations = failing_router("picky", broken)
    settings = ConsumerSettings(max_deliveries=3, backoff_s=(0.05, 0.1))
    feed = await FeedHarness.start(database_url, nc, topology)
    consumer = await start_consumer(router, migrations, database_url, nc, topology, settings)
    try:
        await feed.create_post(new_id(), "before")
        poison = await feed.create_post(new_id(), POISON)
        for i in range(5):
            await feed.create_post(new_id(), f"after {i}")

        async def flowed() -> bool:
            return consumer.dead_lettered == 1 and len(await bodies(database_url, "picky")) == 6

        await eventually(flowed)
        assert POISON not in await bodies(database_url, "picky")
        js = nc.jetstream()
        letters = await deadletters.list_dead_letters(js, topology, "picky")
        assert len(letters) == 1
        assert letters[0].deliveries == 3
        assert "cannot handle this post" in letters[0].error
        assert letters[0].event_type == "PostCreated"

        # The cause is fixed; replay sends it to this consumer alone and empties the DLQ.
        broken["on"] = False
        replayed = await deadletters.replay(js, topology, "picky")
        assert [r.event_id for r in replayed] == [letters[0].event_id]

        async def repaired() -> bool:
            return POISON in await bodies(database_url, "picky")

        await eventually(repaired)
        assert await deadletters.list_dead_letters(js, topology, "picky") == []
        assert len(await bodies(database_url, "picky")) == 7
        assert await fetchval(database_url, "SELECT count(*) FROM picky.seen WHERE post_id = $1", poison.post_id) == 1
    finally:
        await stop_consumer(consumer)
        await feed.close()


async def test_consumer_restarted_resumes_where_it_was(database_url: str, nc: NatsClient, topology: Topology) -> None:
    feed = await FeedHarness.start(database_url, nc, topology)
    consumer = await start_consumer(author_router, AUTHOR_MIGRATIONS, database_url, nc, topology)
    author = new_id()
    try:
        for _ in range(10):
            await feed.create_post(author)

        async def first_ten() -> bool:
            return consumer.applied == 10

        await eventually(first_ten)
        await stop_consumer(consumer)
        for _ in range(15):
            await feed.create_post(author)
        consumer = await start_consumer(author_router, AUTHOR_MIGRATIONS, database_url, nc, topology)

        async def rest() -> bool:
            return consumer.applied == 15

        await eventually(rest)
        await consumer.wait_idle()
        assert (
            await fetchval(database_url, "SELECT posts FROM author_stats.author_stats WHERE author_id = $1", author)
            == 25
        )
    finally:
        await stop_consumer(consumer)
        await feed.close()


async def test_nats_restarted_mid_stream_loses_nothing(database_url: str, tmp_path: Path, topology: Topology) -> None:
    """A NATS crash (SIGKILL) while posts are being created: every post is projected exactly once."""
    server = NatsServer(tmp_path / "nats").start()
    nc = await nats.connect(server.url, max_reconnect_attempts=-1, reconnect_time_wait=0.1)
    await topology.ensure_streams(nc.jetstream())
    feed = await FeedHarness.start(database_url, nc, topology)
    consumer = await start_consumer(author_router, AUTHOR_MIGRATIONS, database_url, nc, topology)
    author = new_id()
    total = 120
    try:
        for i in range(total):
            await feed.create_post(author, f"post {i}")
            if i == 40:
                server.kill()
                await asyncio.sleep(0.3)
                server.start()  # same port, same store directory

        async def all_projected() -> bool:
            return consumer.applied == total

        await eventually(all_projected, timeout=90)
        posts = "SELECT posts FROM author_stats.author_stats WHERE author_id = $1"
        assert await fetchval(database_url, posts, author) == total
        assert await fetchval(database_url, "SELECT count(*) FROM author_stats.author_posts") == total
        info = await nc.jetstream().stream_info(topology.events_stream)
        stored = await fetchval(database_url, "SELECT count(*) FROM feed.events")
        assert stored == total + 1  # the posts and their author's UserProvisioned
        assert info.state.messages == stored  # the relay's re-publishes were de-duplicated
    finally:
        await stop_consumer(consumer)
        await feed.close()
        await nc.close()
        server.stop()
