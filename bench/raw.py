"""The raw limits of this machine: nats-py and asyncpg doing the bare operation Kantine stands on."""

from __future__ import annotations

import asyncio

import asyncpg
import nats

from bench.common import PAYLOAD, Results, n, timed
from kantine.ids import new_id

RAW_PUBLISH = "raw JetStream async publish (nats-py, 300 B)"
RAW_CONSUME = "raw JetStream pull consume + ack (nats-py, batches of 500)"
RAW_SINGLE = "raw PostgreSQL durable single-row insert (one commit each)"
RAW_BATCH = "raw PostgreSQL executemany insert (one commit)"


async def raw_nats(url: str, results: Results) -> tuple[float, float]:
    nc = await nats.connect(url)
    js = nc.jetstream()
    await js.add_stream(name="BENCH_RAW", subjects=["bench.raw"])
    count = n(50_000)

    async def publish() -> None:
        futures = [await js.publish_async("bench.raw", PAYLOAD) for _ in range(count)]
        await asyncio.gather(*futures)

    pub = results.add(RAW_PUBLISH, await timed(count, publish))
    sub = await js.pull_subscribe("bench.raw", durable="raw", stream="BENCH_RAW")

    async def consume() -> None:
        got = 0
        while got < count:
            msgs = await sub.fetch(500, timeout=5)
            for m in msgs:
                await m.ack()
            got += len(msgs)

    con = results.add(RAW_CONSUME, await timed(count, consume))
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

    one = results.add(RAW_SINGLE, await timed(single, singles))
    many = n(100_000)
    rows = [(new_id(), "x" * 100) for _ in range(many)]

    async def batch() -> None:
        await conn.executemany("INSERT INTO bench_raw VALUES ($1, $2)", rows)

    batched = results.add(RAW_BATCH, await timed(many, batch))
    await conn.execute("DROP TABLE bench_raw")
    await conn.close()
    return one, batched
