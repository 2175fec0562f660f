"""The relay: publishes committed events from a service's event store to JetStream, in commit order.

Positions become visible in order (see kantine.eventstore), so a cursor is enough: read after the
cursor, publish the page with pipelined acks, then move the cursor. A crash between publish and
cursor update re-publishes the page; JetStream drops the copies by `Nats-Msg-Id` (the event id) within
its duplicate window, and consumers drop any that arrive later by event id.

Only one relay per store publishes at a time, so replicas of a service can all run one. Leadership is a
session advisory lock keyed by the schema, and it is fenced: the leader reads, and saves its cursor, on
the very session that holds the lock, and checks that session before each page. If the session is lost
(PostgreSQL restarted, the connection cut, a failover), the lock is gone with it and another relay may
lead; this one stops before publishing again (LostLeadershipError; its task is restarted and waits for
the lock). The cursor only moves forward, so a relay that published a page while losing the lead never
takes the next leader's cursor back.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import datetime as dt
import logging
from collections.abc import Iterator
from typing import Any

import asyncpg
import nats.errors
import nats.js.errors
from nats.js import JetStreamContext
from opentelemetry.instrumentation.utils import suppress_instrumentation
from opentelemetry.trace import SpanKind

from kantine import codec, metrics, telemetry
from kantine.envelope import H_TTL
from kantine.eventstore import EventStore, StoredEvent, as_stored, notify_channel
from kantine.topology import Topology

_tracer = telemetry.tracer("kantine.relay")
log = logging.getLogger("kantine.relay")
LEADER_LOCK = 0x52454C41  # "RELA"


class LostLeadershipError(Exception):
    """The relay's session, and with it the leader's lock, is gone: another relay may be leading now."""


class Relay:
    def __init__(
        self,
        pool: asyncpg.Pool,
        js: JetStreamContext,
        topology: Topology,
        *,
        name: str = "jetstream",
        page_size: int = 2000,
        idle_poll_s: float = 1.0,
        ack_timeout_s: float = 10.0,
        message_ttl_s: float = 0.0,
    ) -> None:
        """`message_ttl_s` > 0 has JetStream delete each published event that long after it was stored
        (the `Nats-TTL` header): for events nobody may keep for ever, such as who visited when."""
        self.ack_timeout_s = ack_timeout_s
        self._ttl = {H_TTL: f"{round(message_ttl_s)}s"} if message_ttl_s > 0 else {}
        self.pool = pool
        self.js = js
        self.topology = topology
        self.name = name
        self.page_size = page_size
        self.idle_poll_s = idle_poll_s
        self.store = EventStore("")
        self._wake = asyncio.Event()
        self.published = 0
        self.leading = False
        self._leader_pid = 0

    async def run(self) -> None:
        """Publish forever; waits for leadership first, wakes on NOTIFY, polls as a safety net."""
        conn: asyncpg.Connection = await self.pool.acquire()
        try:
            while not await conn.fetchval("SELECT pg_try_advisory_lock($1, hashtext(current_schema()))", LEADER_LOCK):
                await asyncio.sleep(self.idle_poll_s)
            self._leader_pid = int(await conn.fetchval("SELECT pg_backend_pid()"))
            self.leading = True
            log.info("relay is the leader", extra={"relay": self.name})
            channel = await notify_channel(conn)
            await conn.add_listener(channel, self._notified)
            try:
                while True:
                    self._wake.clear()
                    try:
                        published = await self.publish_pending(leader=conn)
                    except (OSError, TimeoutError, nats.errors.Error) as exc:
                        # NATS restarting or unreachable: the cursor did not move, so try again.
                        log.warning("publish failed, retrying", extra={"relay": self.name, "error": type(exc).__name__})
                        await asyncio.sleep(0.5)
                        continue
                    if published == 0:
                        # asyncio.timeout, not wait_for: on Python 3.11 wait_for swallows a cancel that
                        # arrives as the wait ends, and the relay would outlive its shutdown.
                        with contextlib.suppress(TimeoutError):
                            async with asyncio.timeout(self.idle_poll_s):
                                await self._wake.wait()
            finally:
                with contextlib.suppress(Exception):
                    await conn.remove_listener(channel, self._notified)
        finally:
            self.leading = False
            with contextlib.suppress(Exception):
                await conn.execute("SELECT pg_advisory_unlock($1, hashtext(current_schema()))", LEADER_LOCK)
            with contextlib.suppress(Exception):
                await self.pool.release(conn)

    def _notified(self, *_: object) -> None:
        self._wake.set()

    async def publish_pending(self, leader: asyncpg.Connection | None = None) -> int:
        """Publish one page after the cursor; returns how many events were published.

        As the leader (`run`), on the session that holds the lock, checked first; without `leader` (tests
        and tools that publish what is pending once), on a pooled connection.

        Its own queries are not traced: a span per poll would bury the requests' traces. Each event
        carries the trace context of the request that created it; its publish is a span of that trace
        and consumers continue from the publish.
        """
        with suppress_instrumentation():
            return await self._publish_pending(leader)

    async def _publish_pending(self, leader: asyncpg.Connection | None) -> int:
        if leader is not None:
            await self._still_leading(leader)
        async with contextlib.nullcontext(leader) if leader is not None else self.pool.acquire() as conn:
            cursor = await self.cursor(conn)
            events = await self.store.read_all(conn, cursor, self.page_size)
        if not events:
            return 0
        refused = await self._publish(events)
        if refused:  # recorded before the cursor passes them, in the same place as the cursor
            await self._dead_letter(refused, leader)
        await self._save_cursor(events[-1].position, leader)
        self.published += len(events)
        return len(events)

    async def _still_leading(self, leader: asyncpg.Connection) -> None:
        """The lock is this session's for as long as the session lives: a session that answers with the
        same backend is still the leader's."""
        try:
            pid = await leader.fetchval("SELECT pg_backend_pid()")
        except (asyncpg.PostgresError, asyncpg.InterfaceError, OSError) as exc:
            raise LostLeadershipError(f"the relay's session is gone ({type(exc).__name__}): not leading") from exc
        if pid != self._leader_pid:
            raise LostLeadershipError("the relay's session is another now: not leading")

    async def _publish(self, events: list[StoredEvent]) -> list[tuple[StoredEvent, str]]:
        """Publish a page; the events the stream refused for good, with why. Any other failure raises,
        and the page is tried again (JetStream drops the copies of what did go through)."""
        sent: list[tuple[StoredEvent, str, dict[str, str], asyncio.Future[Any]]] = []
        refused: list[tuple[StoredEvent, str]] = []
        for event in events:
            try:
                subject = self.topology.event_subject(codec.lookup(event.event_type))
            except codec.UnknownEventTypeError:
                refused.append((event, f"the event type {event.event_type} has no contract in this version"))
                continue
            headers = dict(event.metadata)
            headers.update(self._ttl)
            try:
                with _publish_span(subject, event.event_id, headers):
                    future = await self.js.publish_async(subject, event.data, headers=headers)
            except nats.errors.MaxPayloadError:
                refused.append((event, f"{len(event.data)} bytes: larger than the NATS server's max_payload"))
                continue
            sent.append((event, subject, headers, future))
        # Every publish must be acknowledged by the stream before the cursor moves. An ack lost in a
        # disconnect must not hang the relay, and nats-py never resolves the future of a publish the
        # stream refused (its reply handler raises instead): so after the timeout each event not yet
        # acknowledged is published again on its own and its ack awaited, which tells a refusal from a
        # lost ack (JetStream drops the copies of those that did go through, by Nats-Msg-Id).
        if sent:
            await asyncio.wait([future for *_, future in sent], timeout=self.ack_timeout_s)
        for event, subject, headers, future in sent:
            if future.done() and not future.cancelled() and future.exception() is None:
                continue
            future.cancel()
            try:
                await self.js.publish(subject, event.data, headers=headers, timeout=self.ack_timeout_s)
            except nats.js.errors.BadRequestError as exc:  # the stream refuses this message, for good
                refused.append((event, f"JetStream refused it: {exc.description or exc} (err_code {exc.err_code})"))
        return refused

    async def _dead_letter(self, refused: list[tuple[StoredEvent, str]], leader: asyncpg.Connection | None) -> None:
        async with contextlib.nullcontext(leader) if leader is not None else self.pool.acquire() as conn:
            recorded = await conn.fetch(
                """INSERT INTO relay_dead_letters (name, position, event_id, event_type, reason)
                   SELECT $1, * FROM unnest($2::bigint[], $3::uuid[], $4::text[], $5::text[])
                   ON CONFLICT (name, position) DO NOTHING
                   RETURNING position, event_id::text, event_type, reason, current_schema() AS store""",
                self.name, [e.position for e, _ in refused], [e.event_id for e, _ in refused],
                [e.event_type for e, _ in refused], [why for _, why in refused],
            )  # fmt: skip
        for row in recorded:
            metrics.relay_dead_letters.add(1, {"store": row["store"]})
            log.error(
                "event refused by the stream for good; recorded and passed (kantine dlq relay list)",
                extra={"relay": self.name, "store": row["store"], "position": row["position"],
                       "event_id": row["event_id"], "event_type": row["event_type"], "reason": row["reason"]},
            )  # fmt: skip

    async def cursor(self, conn: asyncpg.Connection) -> int:
        value = await conn.fetchval("SELECT position FROM relay_cursor WHERE name = $1", self.name)
        return int(value or 0)

    async def _save_cursor(self, position: int, leader: asyncpg.Connection | None = None) -> None:
        """Forward only: a page published by a relay that has just lost the lead never moves the cursor
        of the one leading now back (its events would all be published again)."""
        async with contextlib.nullcontext(leader) if leader is not None else self.pool.acquire() as conn:
            await conn.execute(
                """INSERT INTO relay_cursor AS c (name, position) VALUES ($1, $2)
                   ON CONFLICT (name) DO UPDATE SET position = excluded.position, updated_at = now()
                   WHERE c.position < excluded.position""",
                self.name,
                position,
            )

    async def lag(self) -> int:
        """Committed events not yet published."""
        async with self.pool.acquire() as conn:
            return await self.store.head(conn) - await self.cursor(conn)


@dataclasses.dataclass(frozen=True, slots=True)
class RefusedEvent:
    """An event the stream refused for good, as the relay recorded it (`relay_dead_letters`)."""

    store: str
    position: int
    event_id: str
    event_type: str
    reason: str
    at: dt.datetime


async def refused_events(conn: asyncpg.Connection, store: str = "") -> list[RefusedEvent]:
    """What the relays of every store (or of `store`) passed over and nobody has published again."""
    stores = [store] if store else [r[0] for r in await conn.fetch(
        "SELECT table_schema FROM information_schema.tables WHERE table_name = 'relay_dead_letters' ORDER BY 1"
    )]  # fmt: skip
    found: list[RefusedEvent] = []
    for schema in stores:
        rows = await conn.fetch(
            f"""SELECT position, event_id::text, event_type, reason, at FROM "{schema}".relay_dead_letters
                WHERE replayed_at IS NULL ORDER BY position"""
        )
        found += [
            RefusedEvent(schema, r["position"], r["event_id"], r["event_type"], r["reason"], r["at"]) for r in rows
        ]
    return found


async def replay_refused(
    conn: asyncpg.Connection, js: JetStreamContext, topology: Topology, store: str, positions: set[int] | None = None
) -> list[RefusedEvent]:
    """Publish a store's refused events again, once the cause is fixed (the stream allows larger messages,
    say): each from the event store, as it was, to every consumer; a late event to them, which they
    handle as any late event. Raises, and leaves it recorded, if the stream still refuses one."""
    done: list[RefusedEvent] = []
    for refused in await refused_events(conn, store):
        if positions is not None and refused.position not in positions:
            continue
        row = await conn.fetchrow(f'SELECT * FROM "{store}".events WHERE position = $1', refused.position)
        if row is None:
            raise LookupError(f"{store} has no event at position {refused.position}")
        event = as_stored(row)
        await js.publish(topology.event_subject(codec.lookup(event.event_type)), event.data, headers=event.metadata)
        await conn.execute(
            f'UPDATE "{store}".relay_dead_letters SET replayed_at = now() WHERE position = $1', refused.position
        )
        done.append(refused)
    return done


@contextlib.contextmanager
def _publish_span(subject: str, event_id: str, headers: dict[str, str]) -> Iterator[None]:
    """The publish edge of the request's trace, when the event carries one: a producer span whose
    context replaces the request's in `headers`, so consumers continue from the publish."""
    if not telemetry.enabled() or "traceparent" not in headers:
        yield
        return
    attributes = {
        "messaging.system": "nats",
        "messaging.operation.type": "send",
        "messaging.destination.name": subject,
        "messaging.message.id": event_id,
    }
    with _tracer.start_as_current_span(
        f"publish {subject}", context=telemetry.extract(headers), kind=SpanKind.PRODUCER, attributes=attributes
    ):
        telemetry.inject(headers)
        yield


async def backlog(conn: asyncpg.Connection, schema: str) -> tuple[int, int]:
    """(events stored, of which not yet published) in one service's store: what `kantine status` shows
    and what a caller waits on to know the bus has everything."""
    row = await conn.fetchrow(
        f"""SELECT (SELECT coalesce(max(position), 0) FROM "{schema}".events) AS head,
                   (SELECT coalesce(max(position), 0) FROM "{schema}".relay_cursor) AS published"""
    )
    assert row is not None
    return int(row["head"]), int(row["head"]) - int(row["published"])
