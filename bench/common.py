"""What every benchmark shares: the scale, the timer and the table of results across rounds."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import os
import statistics
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from pathlib import Path

import asyncpg
import nats
from google.protobuf.message import Message
from nats.js import JetStreamContext

from kantine import codec
from kantine.envelope import Envelope
from kantine.grpcutil import check_health
from kantine.platform.postgres_server import create_database
from kantine.platform.procs import free_port, tail, terminate
from kantine.topology import Topology

SCALE = float(os.environ.get("BENCH_SCALE", "1"))
ROUNDS = max(1, int(os.environ.get("BENCH_ROUNDS", "3")))
ROOT = Path(__file__).resolve().parent.parent
PAYLOAD = b"x" * 300


def n(count: int) -> int:
    return max(100, int(count * SCALE))


async def timed(count: int, body: Callable[[], Awaitable[None]]) -> float:
    start = time.perf_counter()
    await body()
    return count / (time.perf_counter() - start)


class Results:
    """Rates by name, one per round; the report shows the median and the spread.

    This machine shares its cores with neighbours, so one run can be off by half. Ratios are taken
    within a round (a Kantine path against the raw limit measured a minute before it) and then their
    median across rounds, so drift between rounds cancels out.
    """

    def __init__(self) -> None:
        self.rates: dict[str, list[float]] = {}
        self.notes: dict[str, str] = {}

    def add(self, name: str, rate: float, note: str = "") -> float:
        self.rates.setdefault(name, []).append(rate)
        if note:
            self.notes[name] = note
        print(f"{name:<70} {rate:>10,.0f} /s  {note}", flush=True)
        return rate

    def median(self, name: str) -> float:
        return statistics.median(self.rates[name])

    def ratio(self, name: str, *raw: str) -> float:
        """Median over rounds of name / min(raw...), each taken within the same round."""
        rounds = len(self.rates[name])
        return statistics.median(self.rates[name][i] / min(self.rates[r][i] for r in raw) for i in range(rounds))

    def rows(self) -> list[tuple[str, float, str]]:
        out = []
        for name, rates in self.rates.items():
            spread = f"{len(rates)} rounds: {min(rates):,.0f} to {max(rates):,.0f}" if len(rates) > 1 else ""
            note = "; ".join(part for part in (self.notes.get(name, ""), spread) if part)
            out.append((name, statistics.median(rates), note))
        return out


def _spawn(module: str, env: Mapping[str, str], log: Path) -> subprocess.Popen[bytes]:
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "ab") as out:
        return subprocess.Popen([sys.executable, "-m", module], env=env, cwd=ROOT, stdout=out,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)  # fmt: skip


@contextlib.asynccontextmanager
async def service_process(
    module: str, nats_url: str, database_url: str, log: Path, prefix: str, env: Mapping[str, str] | None = None
) -> AsyncIterator[str]:
    """A Kantine service in a process of its own, as in production; yields its gRPC address once healthy."""
    address = f"127.0.0.1:{free_port()}"
    environment = {
        **os.environ,
        "KANTINE_NATS_URL": nats_url,
        "KANTINE_DATABASE_URL": database_url,
        "KANTINE_NATS_PREFIX": prefix,
        "KANTINE_GRPC_LISTEN": address,
        "KANTINE_LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
        **(env or {}),
    }
    proc = _spawn(module, environment, log)
    try:
        deadline = time.monotonic() + 60
        while not await check_health(address):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{module} did not start{tail(log)}")
            await asyncio.sleep(0.1)
        _PIDS[address] = proc.pid
        yield address
    finally:
        _PIDS.pop(address, None)
        terminate(proc.pid)


_PIDS: dict[str, int] = {}  # the gRPC address of each running service_process -> its pid
_TICK_S = 1 / os.sysconf("SC_CLK_TCK")


def service_pid(address: str) -> int:
    """The process of the service_process serving `address`, e.g. to read its CPU time."""
    return _PIDS[address]


def cpu_seconds(pid: int | None = None) -> float:
    """CPU time (user + system) a process has used so far: this one by default, else `pid` (Linux)."""
    if pid is None:
        return time.process_time()
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) * _TICK_S


async def publish_events(js: JetStreamContext, topology: Topology, events: list[tuple[Message, str, str]]) -> None:
    """Publish (event, aggregate id, actor) triples as the relay would, waiting for every ack."""
    futures = []
    for payload, aggregate, actor in events:
        name = type(payload).__name__
        env = Envelope.new(name, aggregate, 1, actor)
        subject = topology.event_subject(codec.lookup(name))
        futures.append(await js.publish_async(subject, payload.SerializeToString(), headers=env.to_headers()))
    await asyncio.gather(*futures)


@dataclasses.dataclass(frozen=True)
class World:
    """A service process on a database and stream prefix of its own, and what a benchmark talks to it with."""

    address: str
    js: JetStreamContext
    topology: Topology
    pool: asyncpg.Pool

    async def publish(self, events: list[tuple[Message, str, str]]) -> None:
        await publish_events(self.js, self.topology, events)

    async def drain_rate(
        self, consumer: str, work: list[tuple[Message, str, str]], applied_before: int, timeout: float = 600.0
    ) -> float:
        """Events a second the service applies from a stream that already holds them.

        The work is published while the service's consumer is paused (NATS 2.11): the same footing as the
        raw consume+ack rate it is compared with, which reads a stream filled beforehand. Published while
        the consumer runs, the publisher (its Python side and JetStream's fsync of every message) would share
        these two cores with it. The rate is the consumer's own, from its record of processed events: the
        events of every transaction but the last, over the time from the first transaction's start to the
        last's (a paused consumer's waiting fetch is only answered at its next poll, which is not its work).
        """
        stream = self.topology.events_stream
        await self.js.pause_consumer(stream, consumer, "2100-01-01T00:00:00Z")
        try:
            for i in range(0, len(work), 20_000):  # the acks of one chunk are awaited before the next
                await self.publish(work[i : i + 20_000])
        finally:
            resumed = await self.pool.fetchval("SELECT clock_timestamp()")
            await self.js.resume_consumer(stream, consumer)
        await wait_applied(self.pool, consumer, applied_before + len(work), timeout)
        row = await self.pool.fetchrow(
            f"""WITH work AS (SELECT processed_at AS at FROM {consumer}.processed_events WHERE processed_at >= $1)
                SELECT count(*) AS events, min(at) AS first, max(at) AS last,
                       count(*) FILTER (WHERE at = (SELECT max(at) FROM work)) AS in_last
                FROM work""",
            resumed,
        )
        if row["events"] != len(work) or row["last"] == row["first"]:
            raise RuntimeError(f"{consumer}: {row['events']} of {len(work)} events after the resume, in one go")
        seconds: float = (row["last"] - row["first"]).total_seconds()
        return float(row["events"] - row["in_last"]) / seconds


@contextlib.asynccontextmanager
async def service_world(
    module: str, nats_url: str, pg_server_url: str, log: Path, name: str, env: Mapping[str, str]
) -> AsyncIterator[World]:
    database_url = await create_database(pg_server_url, f"bench_{name}")
    topology = Topology(prefix=f"bench{name.replace('_', '')}")
    nc = await nats.connect(nats_url)
    js = nc.jetstream()
    await topology.ensure_streams(js)
    try:
        async with service_process(module, nats_url, database_url, log, topology.prefix, env) as address:
            pool = await asyncpg.create_pool(database_url, min_size=1, max_size=2)
            assert pool is not None
            try:
                yield World(address, js, topology, pool)
            finally:
                await pool.close()
    finally:
        await js.delete_stream(topology.events_stream)
        await js.delete_stream(topology.dead_letter_stream)
        await nc.close()


async def wait_applied(pool: asyncpg.Pool, schema: str, count: int, timeout: float = 600.0) -> None:
    """Wait until a consumer service has applied `count` events (its record of processed events)."""
    deadline = time.monotonic() + timeout
    while (done := int(await pool.fetchval(f"SELECT count(*) FROM {schema}.processed_events"))) < count:
        if time.monotonic() > deadline:
            raise TimeoutError(f"{schema} applied {done} of {count} events")
        await asyncio.sleep(0.02)
