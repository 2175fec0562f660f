"""Rebuild a service's read models from its event store while the service keeps serving.

A source-of-truth service writes its read models with one `apply(conn, event, envelope, position)`
in the transaction that appends the event. A rebuild replays every stored event through that same
function into fresh copies of the tables in a shadow schema (`<schema>_rebuild`), then swaps them in:

1. create the shadow tables `LIKE` the live ones (columns, defaults, constraints, indexes);
2. replay the store a page at a time, one transaction per page, reporting progress; the live
   tables keep serving reads and commands meanwhile;
3. catch up with what was appended during the replay, refresh the planner's statistics;
4. in one short transaction: lock the live tables, take the event store's append lock, apply the
   last few events, drop the live tables, move the shadow ones in and give their indexes the live
   names (so later migrations find them).

Step 4 waits at most `lock_timeout` for a command that holds a live table and tries again, so it
gives way to the service instead of deadlocking it. Readers wait for the swap, never see a half
rebuilt table, and a crash at any step leaves the live tables as they were.

A consumer's read models (gamify's points, say) are rebuilt the same way from the events stream
instead of an event store (`rebuild_consumer`): a temporary JetStream consumer replays the stream
from its first message through the router's own handlers into the shadow tables, including the
consumer's record of applied event ids. At the swap, with the live tables locked, it applies what is
left up to the stream's end, so every event the live consumer has applied is in the rebuilt tables
too, and the live consumer skips, by that record, whatever the rebuild applied ahead of it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import re
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import asyncpg
import nats.errors
from google.protobuf.message import Message
from nats.aio.client import Client as NatsClient
from nats.js import api
from nats.js.errors import NotFoundError

from kantine import codec
from kantine.consumer import NotYet, Parsed, Router, apply_items, parse
from kantine.envelope import Envelope, EnvelopeError
from kantine.eventstore import EventStore, StoredEvent, lock_appends
from kantine.topology import Topology

log = logging.getLogger("kantine.projections")
Apply = Callable[[asyncpg.Connection, Any, Envelope, int], Awaitable[None]]
Progress = Callable[["RebuildProgress"], None]
_INDEX_HEAD = re.compile(r"^CREATE (UNIQUE )?INDEX \S+ ON \S+\.")


@dataclasses.dataclass(frozen=True, slots=True)
class ReadModels:
    """What a rebuild needs to know of a service: its schema, the tables `apply` writes, and `apply`."""

    schema: str
    tables: Sequence[str]
    apply: Apply

    @property
    def shadow(self) -> str:
        return _shadow(self.schema)


def _shadow(schema: str) -> str:
    return f"{schema}_rebuild"


@dataclasses.dataclass(frozen=True, slots=True)
class ConsumedReadModels:
    """A consumer's read models: its schema, the tables its handlers write, and the router (whose record
    of applied events, `processed_events` and `aggregate_versions`, is rebuilt with them)."""

    schema: str
    tables: Sequence[str]
    router: Router

    @property
    def all_tables(self) -> list[str]:
        return [*self.tables, "processed_events", "aggregate_versions"]


@dataclasses.dataclass(frozen=True, slots=True)
class RebuildProgress:
    phase: str  # "replay", "catch-up", "swap" or "done"
    position: int
    head: int
    events: int
    seconds: float


class RebuildError(RuntimeError):
    """The rebuild could not finish; the live read models are unchanged."""


async def rebuild(
    url: str,
    models: ReadModels,
    *,
    page: int = 2000,
    lock_timeout_ms: int = 500,
    attempts: int = 40,
    progress: Progress | None = None,
) -> RebuildProgress:
    """Replay the whole event store into new read-model tables and swap them in; returns the last progress."""
    conn = await _begin(url, models.schema, models.tables)
    started = time.monotonic()
    report = progress or (lambda _: None)
    try:
        store = EventStore(models.schema)
        position, count = 0, 0

        def tick(phase: str, head: int) -> RebuildProgress:
            state = RebuildProgress(phase, position, head, count, time.monotonic() - started)
            report(state)
            return state

        for phase in ("replay", "catch-up"):
            head = await store.head(conn)
            while True:
                batch = await store.read_all(conn, position, page)
                if not batch:
                    break
                async with conn.transaction():
                    await _apply_all(conn, models, batch)
                position, count = batch[-1].position, count + len(batch)
                tick(phase, max(head, position))
                if len(batch) < page:
                    break
            if phase == "replay":
                await _analyze(conn, models.schema, models.tables)
        tail: list[StoredEvent] = []

        async def apply_tail() -> None:
            nonlocal tail
            await lock_appends(conn, models.schema)
            tail = await store.read_all(conn, position, 1_000_000)
            await _apply_all(conn, models, tail)

        await _swap_when_free(
            conn, models.schema, models.tables, apply_tail, lambda: tick("swap", position),
            lock_timeout_ms=lock_timeout_ms, attempts=attempts,
        )  # fmt: skip
        if tail:
            position, count = tail[-1].position, count + len(tail)
        return tick("done", position)
    finally:
        await conn.close()  # also releases the session's rebuild lock


async def rebuild_consumer(
    url: str,
    nc: NatsClient,
    topology: Topology,
    models: ConsumedReadModels,
    *,
    page: int = 1000,
    lock_timeout_ms: int = 500,
    attempts: int = 40,
    progress: Progress | None = None,
) -> RebuildProgress:
    """Replay the events stream through a consumer's handlers into new tables and swap them in."""
    js = nc.jetstream()
    stream = topology.events_stream
    state = (await js.stream_info(stream)).state
    if state.first_seq > 1:  # even with no message left: all of them aged out
        raise RebuildError(
            f"the stream {stream} starts at message {state.first_seq}: older events were removed (a max age or size "
            f"limit), so {models.schema} cannot be recomputed from history; republish them from the event stores first"
        )
    conn = await _begin(url, models.schema, models.all_tables)
    # one name per consumer, so its NATS user may make it (see kantine.topology.permissions); the schema's
    # rebuild lock, held from here on, keeps it to one rebuild at a time
    name = topology.rebuild_consumer(models.router.name)
    started = time.monotonic()
    report = progress or (lambda _: None)
    position, count, skipped = 0, 0, 0
    # events whose handler needs one that comes later in the stream (NotYet: the relay re-publishes what a
    # lost acknowledgement left unconfirmed, after events it had already published): tried after each page
    waiting: list[Parsed] = []
    try:
        with contextlib.suppress(NotFoundError):  # left by a rebuild that crashed: it would resume midway
            await js.delete_consumer(stream, name)
        await js.add_consumer(
            stream,
            api.ConsumerConfig(
                name=name, deliver_policy=api.DeliverPolicy.ALL, ack_policy=api.AckPolicy.ALL,
                filter_subjects=models.router.subjects(topology), inactive_threshold=300.0, max_ack_pending=-1,
                description=f"rebuild of {models.schema}: a replay of the stream, removed when done",
            ),
        )  # fmt: skip
        sub = await js.pull_subscribe_bind(consumer=name, stream=stream)

        async def drain(phase: str) -> None:
            """Apply messages until the consumer has caught up with the stream's end."""
            nonlocal position, count, skipped
            while True:
                info = await js.consumer_info(stream, name)
                if not info.num_pending:
                    return
                try:
                    msgs = await sub.fetch(page, timeout=5.0)
                except (TimeoutError, nats.errors.TimeoutError):
                    continue
                applied, failed = await _apply_messages(conn, models.router, msgs, waiting)
                applied += await _apply_waiting(conn, models.router, waiting)
                await msgs[-1].ack()  # AckAll: acknowledges the whole batch
                position = msgs[-1].metadata.sequence.stream
                count, skipped = count + applied, skipped + failed
                head = position + (msgs[-1].metadata.num_pending or 0)
                report(RebuildProgress(phase, position, head, count, time.monotonic() - started))

        await drain("replay")
        await _analyze(conn, models.schema, models.all_tables)
        await drain("catch-up")
        await _swap_when_free(
            conn, models.schema, models.all_tables, lambda: drain("swap"),
            lambda: report(RebuildProgress("swap", position, position, count, time.monotonic() - started)),
            lock_timeout_ms=lock_timeout_ms, attempts=attempts,
        )  # fmt: skip
        skipped += len(waiting)  # what they waited for never came: the live consumer dead-letters them too
        if skipped:
            log.error("events failed in the rebuild and were left out", extra={"events": skipped})
        done = RebuildProgress("done", position, position, count, time.monotonic() - started)
        report(done)
        return done
    finally:
        # never created, or gone already: its inactive threshold would remove it anyway
        with contextlib.suppress(Exception):
            await js.delete_consumer(stream, name)
        await conn.close()


async def _apply_messages(
    conn: asyncpg.Connection, router: Router, msgs: Sequence[Any], waiting: list[Parsed]
) -> tuple[int, int]:
    """Apply one fetched batch in one transaction, or, if it fails, each message in its own, leaving out
    (and logging) the ones that fail, as the live consumer would dead-letter them, and keeping those that
    wait for a later event (NotYet) in `waiting`."""
    items = []
    for msg in msgs:
        try:
            item = parse(router, msg, Envelope.from_headers(msg.headers))
        except (EnvelopeError, codec.PayloadError):
            continue
        if item is not None:
            items.append(item)
    try:
        async with conn.transaction():
            return await apply_items(conn, router.name, items), 0
    except Exception:  # noqa: BLE001 (isolate the culprit as the consumer does)
        applied, failed = 0, 0
        for item in items:
            try:
                async with conn.transaction():
                    applied += await apply_items(conn, router.name, [item])
            except NotYet:
                waiting.append(item)
            except Exception as exc:  # noqa: BLE001 (reported, the rest goes on)
                failed += 1
                log.warning(
                    "an event failed in the rebuild",
                    extra={"event_id": item.envelope.event_id, "event_type": item.envelope.event_type,
                           "error": type(exc).__name__},
                )  # fmt: skip
        return applied, failed


async def _apply_waiting(conn: asyncpg.Connection, router: Router, waiting: list[Parsed]) -> int:
    """Try the waiting events again, in their order; those still waiting stay in `waiting`."""
    applied, still = 0, []
    for item in waiting:
        try:
            async with conn.transaction():
                applied += await apply_items(conn, router.name, [item])
        except NotYet:
            still.append(item)
    waiting[:] = still
    return applied


async def _begin(url: str, schema: str, tables: Sequence[str]) -> asyncpg.Connection:
    """A connection holding the schema's rebuild lock, with fresh shadow tables; unqualified names reach the
    shadow tables first and everything else (the event store, a consumer's own decisions) in the live schema."""
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", schema):
        raise RebuildError(f"invalid schema name {schema!r}")
    conn = await asyncpg.connect(url)
    try:
        if not await conn.fetchval("SELECT pg_try_advisory_lock(hashtext($1))", f"kantine.rebuild.{schema}"):
            raise RebuildError(f"a rebuild of {schema} is already running")
        async with conn.transaction():
            await conn.execute(f"DROP SCHEMA IF EXISTS {_shadow(schema)} CASCADE")
            await conn.execute(f"CREATE SCHEMA {_shadow(schema)}")
            for table in tables:
                await conn.execute(f"CREATE TABLE {_shadow(schema)}.{table} (LIKE {schema}.{table} INCLUDING ALL)")
        await conn.execute(f"SET search_path TO {_shadow(schema)}, {schema}")
    except BaseException:
        await conn.close()
        raise
    return conn


async def _analyze(conn: asyncpg.Connection, schema: str, tables: Sequence[str]) -> None:
    """Fresh planner statistics for the shadow tables, before the catch-up queries them."""
    for table in tables:
        await conn.execute(f"ANALYZE {_shadow(schema)}.{table}")


async def _swap_when_free(
    conn: asyncpg.Connection,
    schema: str,
    tables: Sequence[str],
    tail: Callable[[], Awaitable[None]],
    busy: Callable[[], object],
    *,
    lock_timeout_ms: int,
    attempts: int,
) -> None:
    """Lock the live tables, apply what came in meanwhile (`tail`), swap the shadow tables in, all in one
    transaction; while commands hold the live tables, give way (`busy`) and try again."""
    for attempt in range(attempts):
        try:
            async with conn.transaction():
                await conn.execute(f"SET LOCAL lock_timeout = '{lock_timeout_ms}ms'")
                live = ", ".join(f"{schema}.{t}" for t in tables)
                await conn.execute(f"LOCK TABLE {live} IN ACCESS EXCLUSIVE MODE")
                await tail()
                await _swap(conn, schema, tables)
            break
        except asyncpg.LockNotAvailableError:
            busy()
            if attempt == attempts - 1:
                raise RebuildError(
                    f"the live tables stayed busy through {attempts} tries; the rebuilt tables are kept in "
                    f"schema {_shadow(schema)} and the live ones are unchanged: run the rebuild again"
                ) from None
    await conn.execute(f"DROP SCHEMA IF EXISTS {_shadow(schema)} CASCADE")


async def _apply_all(conn: asyncpg.Connection, models: ReadModels, batch: list[StoredEvent]) -> None:
    for stored in batch:
        event: Message = codec.decode(stored.event_type, stored.data)
        await models.apply(conn, event, stored.envelope(), stored.position)


async def _indexes(conn: asyncpg.Connection, schema: str, tables: Sequence[str]) -> dict[tuple[str, str], str]:
    """(table, definition without name and schema) -> index name."""
    rows = await conn.fetch(
        "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = $1 AND tablename = ANY($2)",
        schema,
        list(tables),
    )
    return {(r["tablename"], _INDEX_HEAD.sub(r"CREATE \1INDEX ON ", r["indexdef"])): r["indexname"] for r in rows}


async def _swap(conn: asyncpg.Connection, schema: str, tables: Sequence[str]) -> None:
    live = await _indexes(conn, schema, tables)
    rebuilt = await _indexes(conn, _shadow(schema), tables)
    if set(live) != set(rebuilt):
        raise RebuildError(f"the shadow tables' indexes differ from the live ones: {set(live) ^ set(rebuilt)}")
    for table in tables:
        await conn.execute(f"DROP TABLE {schema}.{table}")
        await conn.execute(f"ALTER TABLE {_shadow(schema)}.{table} SET SCHEMA {schema}")
    for key, name in rebuilt.items():
        if name != live[key]:
            await conn.execute(f'ALTER INDEX {schema}."{name}" RENAME TO "{live[key]}"')
