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
import logging
from collections.abc import Iterator

import asyncpg
import nats.errors
from nats.js import JetStreamContext
from opentelemetry.instrumentation.utils import suppress_instrumentation
from opentelemetry.trace import SpanKind

from kantine import codec, telemetry
from kantine.envelope import H_TTL
from kantine.eventstore import EventStore, StoredEvent, notify_channel
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
        await self._publish(events)
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

    async def _publish(self, events: list[StoredEvent]) -> None:
        futures = []
        for event in events:
            try:
                subject = self.topology.event_subject(codec.lookup(event.event_type))
            except codec.UnknownEventTypeError:
                log.error("event type has no contract; not published", extra={"event_id": event.event_id})
                continue
            headers = dict(event.metadata)
            headers.update(self._ttl)
            with _publish_span(subject, event.event_id, headers):
                futures.append(await self.js.publish_async(subject, event.data, headers=headers))
        # Every publish must be acknowledged by the stream before the cursor moves; an ack lost in a
        # disconnect must not hang the relay, so the page is retried after the timeout.
        async with asyncio.timeout(self.ack_timeout_s):
            await asyncio.gather(*futures)

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
