"""`make bench`: raw limits of this machine and Kantine's rates, measured in one run, as ratios.

Absolute numbers drift between machines and runs; the ratio of a Kantine path to the raw operation it
stands on, measured minutes apart on the same machine, is what the goals are written against.
Everything runs with durable settings: JetStream `sync_interval: always`, PostgreSQL fsync on.
BENCH_SCALE (default 1.0) scales the message counts for a quick look.
"""

from __future__ import annotations

import asyncio
import os
import platform
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

import asyncpg
import nats
import uvloop

from kantine import db
from kantine.consumer import Consumer, EventContext, Router
from kantine.envelope import Envelope
from kantine.eventstore import EventStore, NewEvent
from kantine.grpcutil import channel
from kantine.ids import new_id
from kantine.platform import supervisor
from kantine.platform.nats_server import NatsServer
from kantine.platform.postgres_server import DURABLE, PostgresServer, create_database
from kantine.relay import Relay
from kantine.topology import Topology
from kantine.v1 import feed_pb2, feed_pb2_grpc
from kantine.v1.events_pb2 import PostCreated

SCALE = float(os.environ.get("BENCH_SCALE", "1"))
ROOT = Path(__file__).resolve().parent.parent
PAYLOAD = b"x" * 300


def n(count: int) -> int:
    return max(100, int(count * SCALE))


class Results:
    def __init__(self) -> None:
        self.rows: list[tuple[str, float, str]] = []

    def add(self, name: str, rate: float, note: str = "") -> float:
        self.rows.append((name, rate, note))
        print(f"{name:<58} {rate:>10,.0f} /s  {note}", flush=True)
        return rate


async def timed(count: int, body: Callable[[], Awaitable[None]]) -> float:
    start = time.perf_counter()
    await body()
    return count / (time.perf_counter() - start)


async def raw_nats(url: str, results: Results) -> tuple[float, float]:
    nc = await nats.connect(url)
    js = nc.jetstream()
    await js.add_stream(name="BENCH_RAW", subjects=["bench.raw"])
    count = n(50_000)

    async def publish() -> None:
        futures = [await js.publish_async("bench.raw", PAYLOAD) for _ in range(count)]
        await asyncio.gather(*futures)

    pub = results.add("raw JetStream async publish (nats-py, 300 B)", await timed(count, publish))
    sub = await js.pull_subscribe("bench.raw", durable="raw", stream="BENCH_RAW")

    async def consume() -> None:
        got = 0
        while got < count:
            msgs = await sub.fetch(500, timeout=5)
            for m in msgs:
                await m.ack()
            got += len(msgs)

    con = results.add("raw JetStream pull consume + ack (nats-py, batches of 500)", await timed(count, consume))
    await js.delete_stream("BENCH_RAW")
    await nc.close()
    return pub, con


async def raw_pg(url: str, results: Results) -> tuple[float, float]:
    conn = await asyncpg.connect(url)
    await conn.execute("CREATE TABLE IF NOT EXISTS bench_raw (id uuid PRIMARY KEY, body text)")
    single = n(3_000)

    async def singles() -> None:
        for _ in range(single):
            await conn.execute("INSERT INTO bench_raw VALUES ($1, $2)", new_id(), "x" * 100)

    one = results.add("raw PostgreSQL durable single-row insert (one commit each)", await timed(single, singles))
    many = n(100_000)
    rows = [(new_id(), "x" * 100) for _ in range(many)]

    async def batch() -> None:
        await conn.executemany("INSERT INTO bench_raw VALUES ($1, $2)", rows)

    batched = results.add("raw PostgreSQL executemany insert (one commit)", await timed(many, batch))
    await conn.execute("DROP TABLE bench_raw")
    await conn.close()
    return one, batched


async def sdk_consumer(nats_url: str, pg_url: str, results: Results, write: bool) -> float:
    topology = Topology(prefix=f"bench{'w' if write else 'e'}")
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
    router = Router("bench_write" if write else "bench_empty")

    @router.on(PostCreated)
    async def handle(event: PostCreated, ctx: EventContext) -> None:
        if write:
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
    label = "one row written per event" if write else "empty handler"
    return results.add(f"SDK consumer, {label} (dedup + tracking, one tx per batch)", rate)


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
    return results.add("relay: event store -> JetStream (pages of 2000)", rate)


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
            queue = list(range(count))

            async def client() -> None:
                while queue:
                    queue.pop()
                    await stub.CreatePost(feed_pb2.CreatePostRequest(author_id=new_id(), body="benchmark post #bench"))

            conn = await asyncpg.connect(database_url)
            start = time.perf_counter()
            await asyncio.gather(*(client() for _ in range(in_flight)))
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
    results.add(
        "end to end: CreatePost (gRPC, 16 in flight) -> consumer table", rate, f"p50 {p50:.1f} ms, p99 {p99:.1f} ms"
    )
    return rate, p50, p99


def write_report(
    results: Results, raw: dict[str, float], ours: dict[str, float], e2e: tuple[float, float, float]
) -> None:
    goal_rows = [
        ("SDK consumer, empty handler / raw consume+ack", ours["empty"] / raw["consume"], 0.5),
        (
            "SDK consumer, one row per event / min(raw consume+ack, raw batched insert)",
            ours["write"] / min(raw["consume"], raw["batch"]),
            0.5,
        ),
        ("relay / raw JetStream async publish", ours["relay"] / raw["publish"], 0.5),
    ]
    lines = [
        "# Benchmarks",
        "",
        f"Measured by `make bench` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, scale {SCALE}. Durable settings throughout "
        "(JetStream `sync_interval: always`, PostgreSQL fsync on). Each figure is from one run; "
        "the ratios compare paths measured minutes apart on the same machine.",
        "",
        "## Rates",
        "",
        "| what | rate | notes |",
        "| --- | ---: | --- |",
        *[f"| {name} | {rate:,.0f} /s | {note} |" for name, rate, note in results.rows],
        "",
        "## Ratios against the goals of the foundation",
        "",
        "| ratio | measured | goal | met |",
        "| --- | ---: | ---: | --- |",
        *[
            f"| {name} | {value:.2f}x | {goal:.2f}x | {'yes' if value >= goal else 'NO'} |"
            for name, value, goal in goal_rows
        ],
        "",
        "## End to end",
        "",
        f"CreatePost over gRPC through the feed process, its relay and JetStream into the example consumer's "
        f"table (separate processes, client on the same 2 cores): **{e2e[0]:,.0f} posts/s**, commit-to-projection "
        f"latency p50 {e2e[1]:.1f} ms, p99 {e2e[2]:.1f} ms. The platform goal (1,000 posts/s through feed and four "
        "consumers) is for later issues to meet; this row is where it starts.",
        "",
    ]
    (ROOT / "docs" / "benchmarks.md").write_text("\n".join(lines))
    print(f"wrote {ROOT / 'docs' / 'benchmarks.md'}")


async def main() -> None:
    results = Results()
    with tempfile.TemporaryDirectory(prefix="kantine-bench-") as tmp:
        nats_server = NatsServer(Path(tmp) / "nats").start()
        pg = PostgresServer(Path(tmp) / "pg", settings=DURABLE).start()
        try:
            pg_url = await create_database(pg.url(), "bench")
            publish, consume = await raw_nats(nats_server.url, results)
            single, batch = await raw_pg(pg_url, results)
            empty = await sdk_consumer(nats_server.url, pg_url, results, write=False)
            write = await sdk_consumer(nats_server.url, pg_url, results, write=True)
            relay = await relay_rate(nats_server.url, pg_url, results)
            e2e = await end_to_end(nats_server.url, pg.url(), Path(tmp) / "home", results)
        finally:
            pg.stop()
            nats_server.stop()
    write_report(
        results,
        {"publish": publish, "consume": consume, "single": single, "batch": batch},
        {"empty": empty, "write": write, "relay": relay},
        e2e,
    )


if __name__ == "__main__":
    uvloop.run(main())
