"""The foundation's paths: the SDK consumer, the relay and one post end to end through processes."""

from __future__ import annotations

import asyncio
import os
import statistics
import time
from collections.abc import Sequence
from pathlib import Path

import asyncpg
import nats

from bench.common import Results, n, timed
from bench.feed import create_posts, provision_authors
from kantine import db
from kantine.consumer import BatchContext, Consumer, Delivery, EventContext, Router
from kantine.envelope import Envelope
from kantine.eventstore import EventStore, NewEvent
from kantine.grpcutil import channel
from kantine.ids import new_id
from kantine.platform import supervisor
from kantine.platform.postgres_server import create_database
from kantine.relay import Relay
from kantine.topology import Topology
from kantine.v1 import feed_pb2_grpc
from kantine.v1.events_pb2 import PostCreated

CONSUMER = {
    "empty": "SDK consumer, empty handler",
    "each": "SDK consumer, one row per event, `on` handler (a statement per event)",
    "batch": "SDK consumer, one row per event, `on_batch` handler (executemany)",
}
RELAY = "relay: event store -> JetStream (pages of 2000)"
END_TO_END = "end to end: CreatePost (gRPC, 16 in flight) -> consumer table"


async def sdk_consumer(nats_url: str, pg_url: str, results: Results, form: str) -> float:
    """form: "empty" (no writes), "each" (one INSERT per event) or "batch" (one executemany per run)."""
    topology = Topology(prefix=f"bench{form}")
    nc = await nats.connect(nats_url)
    js = nc.jetstream()
    await topology.ensure_streams(js)
    count = n(30_000)
    subject = f"{topology.prefix}.events.post.PostCreated"
    futures = []
    for i in range(count):
        post = new_id()
        env = Envelope.new("PostCreated", post, 1, "bench")
        futures.append(
            await js.publish_async(
                subject, PostCreated(post_id=post, body=f"b{i}").SerializeToString(), headers=env.to_headers()
            )
        )
    await asyncio.gather(*futures)
    router = Router(f"bench_{form}")
    if form == "batch":

        @router.on_batch(PostCreated)
        async def handle_batch(batch: Sequence[Delivery[PostCreated]], ctx: BatchContext) -> None:
            await ctx.conn.executemany("INSERT INTO rows (post_id) VALUES ($1)", [(d.event.post_id,) for d in batch])

    else:

        @router.on(PostCreated)
        async def handle(event: PostCreated, ctx: EventContext) -> None:
            if form == "each":
                await ctx.conn.execute("INSERT INTO rows (post_id) VALUES ($1)", event.post_id)

    migrations = [
        *db.sdk_migrations("consumer"),
        db.Migration(router.name, 1, "rows", "CREATE TABLE rows (post_id uuid PRIMARY KEY)"),
    ]
    pool = await db.prepare_schema(pg_url, router.name, migrations)
    consumer = Consumer(router, pool, nc, topology)

    async def run() -> None:
        await consumer.start()
        while consumer.applied < count:
            await asyncio.sleep(0.01)

    rate = await timed(count, run)
    await consumer.stop()
    await pool.close()
    for stream in (topology.events_stream, topology.dead_letter_stream):
        await js.delete_stream(stream)
    await nc.close()
    return results.add(CONSUMER[form], rate, "dedup + tracking, one transaction per fetched batch")


async def relay_rate(nats_url: str, pg_url: str, results: Results) -> float:
    topology = Topology(prefix="benchrelay")
    nc = await nats.connect(nats_url)
    await topology.ensure_streams(nc.jetstream())
    from services.feed.store import MIGRATIONS

    pool = await db.prepare_schema(pg_url, "feed", MIGRATIONS)
    store = EventStore("feed")
    count = n(30_000)
    for start in range(0, count, 1000):
        async with pool.acquire() as conn, conn.transaction():
            for _ in range(start, min(count, start + 1000)):
                post = new_id()
                await store.append(
                    conn,
                    f"post-{post}",
                    0,
                    [NewEvent(Envelope.new("PostCreated", post, 1, "b"), PostCreated(post_id=post))],
                )
    relay = Relay(pool, nc.jetstream(), topology, name="bench")

    async def drain() -> None:
        while await relay.publish_pending():
            pass

    rate = await timed(count, drain)
    await pool.close()
    await nc.jetstream().delete_stream(topology.events_stream)
    await nc.jetstream().delete_stream(topology.dead_letter_stream)
    await nc.close()
    return results.add(RELAY, rate)


async def end_to_end(nats_url: str, pg_server_url: str, home: Path, results: Results) -> tuple[float, float, float]:
    """CreatePost over gRPC to feed (its own process) -> relay -> author_stats (its own process)."""
    database_url = await create_database(pg_server_url, "bench_e2e")
    os.environ.update(
        {
            "KANTINE_HOME": str(home),
            "KANTINE_NATS_URL": nats_url,
            "KANTINE_DATABASE_URL": database_url,
            "KANTINE_NATS_PREFIX": "benche2e",
        }
    )
    state = await asyncio.to_thread(supervisor.up)
    count, in_flight = n(4_000), 16
    try:
        async with channel(state["services"]["feed"]["grpc"]) as ch:
            stub = feed_pb2_grpc.FeedServiceStub(ch)
            authors = await provision_authors(stub)
            conn = await asyncpg.connect(database_url)
            start = time.perf_counter()
            await create_posts(stub, authors, count, in_flight)
            while await conn.fetchval("SELECT count(*) FROM author_stats.author_posts") < count:
                await asyncio.sleep(0.02)
            rate = count / (time.perf_counter() - start)
            lat = await conn.fetch(
                "SELECT extract(epoch FROM projected_at - occurred_at) * 1000 AS ms FROM author_stats.author_posts"
            )
            await conn.close()
    finally:
        await asyncio.to_thread(supervisor.down)
    ms = sorted(r["ms"] for r in lat)
    p50, p99 = statistics.median(ms), ms[int(len(ms) * 0.99) - 1]
    results.add(END_TO_END, rate, f"p50 {p50:.1f} ms, p99 {p99:.1f} ms")
    return rate, p50, p99
