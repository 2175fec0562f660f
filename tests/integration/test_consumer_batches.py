"""Batch handlers: runs of events in stream order, one call each, with the same guarantees as per-event ones."""

from __future__ import annotations

from collections.abc import Sequence

import asyncpg
from nats.aio.client import Client as NatsClient

from kantine import db
from kantine.consumer import BatchContext, ConsumerSettings, Delivery, EventContext, Router
from kantine.envelope import H_MSG_ID, Envelope
from kantine.ids import new_id
from kantine.topology import Topology
from kantine.v1.events_pb2 import PostCreated, PostDeleted
from tests.harness import eventually, fetchval, start_consumer, stop_consumer

LOG_TABLE = "CREATE TABLE log (seq bigserial PRIMARY KEY, call int NOT NULL, kind text NOT NULL, post_id uuid NOT NULL)"


def logging_router(name: str, calls: list[int], poison: set[str]) -> tuple[Router, list[db.Migration]]:
    """Created posts are written by a batch handler, deletions one by one; both append to one log."""
    router = Router(name)

    @router.on_batch(PostCreated)
    async def created(batch: Sequence[Delivery[PostCreated]], ctx: BatchContext) -> None:
        if any(d.event.body in poison for d in batch):
            raise RuntimeError("cannot handle this post")
        calls.append(len(batch))
        await ctx.conn.executemany(
            "INSERT INTO log (call, kind, post_id) VALUES ($1, 'created', $2)",
            [(len(calls), d.event.post_id) for d in batch],
        )

    @router.on(PostDeleted)
    async def deleted(event: PostDeleted, ctx: EventContext) -> None:
        await ctx.conn.execute("INSERT INTO log (call, kind, post_id) VALUES (0, 'deleted', $1)", event.post_id)

    return router, [*db.sdk_migrations("consumer"), db.Migration(name, 1, "log", LOG_TABLE)]


async def publish(nc: NatsClient, topology: Topology, event: PostCreated | PostDeleted, msg_id: str = "") -> Envelope:
    env = Envelope.new(type(event).__name__, event.post_id, 1, new_id())
    headers = env.to_headers()
    if msg_id:
        headers[H_MSG_ID] = msg_id  # a second copy that JetStream's de-duplication does not catch
    subject = f"{topology.prefix}.events.post.{type(event).__name__}"
    await nc.jetstream().publish(subject, event.SerializeToString(), headers=headers)
    return env


async def logged(url: str, schema: str) -> list[tuple[str, str]]:
    conn = await asyncpg.connect(url)
    try:
        return [(r["kind"], str(r["post_id"])) for r in await conn.fetch(f"SELECT * FROM {schema}.log ORDER BY seq")]
    finally:
        await conn.close()


async def test_batch_handler_gets_runs_in_stream_order(database_url: str, nc: NatsClient, topology: Topology) -> None:
    await topology.ensure_streams(nc.jetstream())
    posts = [new_id() for _ in range(40)]
    expected: list[tuple[str, str]] = []
    for i, post in enumerate(posts):
        await publish(nc, topology, PostCreated(post_id=post, body=f"post {i}"))
        expected.append(("created", post))
        if i % 10 == 9:  # a deletion now and then splits the runs
            await publish(nc, topology, PostDeleted(post_id=posts[i - 3]))
            expected.append(("deleted", posts[i - 3]))
    calls: list[int] = []
    router, migrations = logging_router("batches", calls, set())
    consumer = await start_consumer(router, migrations, database_url, nc, topology)
    try:

        async def all_applied() -> bool:
            return consumer.applied == len(expected)

        await eventually(all_applied)
        assert await logged(database_url, "batches") == expected
        assert sum(calls) == 40
        assert max(calls) > 1, "published before the start, the events should arrive as runs"
    finally:
        await stop_consumer(consumer)


async def test_batch_handler_sees_a_duplicate_event_once(database_url: str, nc: NatsClient, topology: Topology) -> None:
    await topology.ensure_streams(nc.jetstream())
    post = new_id()
    event = PostCreated(post_id=post, body="twice")
    env = Envelope.new("PostCreated", post, 1, new_id())
    subject = f"{topology.prefix}.events.post.PostCreated"
    for copy in ("first", "second"):  # the same event id, stored twice under different message ids
        headers = {**env.to_headers(), H_MSG_ID: f"{env.event_id}-{copy}"}
        await nc.jetstream().publish(subject, event.SerializeToString(), headers=headers)
    calls: list[int] = []
    router, migrations = logging_router("dupes", calls, set())
    consumer = await start_consumer(router, migrations, database_url, nc, topology)
    try:
        await consumer.wait_idle()
        assert await logged(database_url, "dupes") == [("created", post)]
        assert consumer.applied == 1
    finally:
        await stop_consumer(consumer)


async def test_poison_in_a_batch_holds_back_only_itself(database_url: str, nc: NatsClient, topology: Topology) -> None:
    await topology.ensure_streams(nc.jetstream())
    posts = [new_id() for _ in range(12)]
    for i, post in enumerate(posts):
        await publish(nc, topology, PostCreated(post_id=post, body="poison" if i == 5 else f"post {i}"))
    calls: list[int] = []
    router, migrations = logging_router("batchpoison", calls, {"poison"})
    settings = ConsumerSettings(max_deliveries=2, backoff_s=(0.05,))
    consumer = await start_consumer(router, migrations, database_url, nc, topology, settings)
    try:

        async def settled() -> bool:
            return consumer.dead_lettered == 1 and consumer.applied == 11

        await eventually(settled)
        await consumer.wait_idle()
        assert [post for _, post in await logged(database_url, "batchpoison")] == posts[:5] + posts[6:]
        assert await fetchval(database_url, "SELECT count(*) FROM batchpoison.processed_events") == 11
    finally:
        await stop_consumer(consumer)
