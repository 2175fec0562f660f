"""The append-only PostgreSQL event store of a source-of-truth service.

Appends take one transaction-scoped advisory lock before a position is drawn and hold it until
commit, so positions become visible in exactly the order they were drawn: a reader that has seen
position N will never later find a committed N-1. The relay can therefore follow a plain cursor
without ever skipping an event whose transaction committed late (the approach of the `eventsourcing`
library). The cost is that appends commit one at a time; batch several events into one append when
throughput matters.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import uuid
from collections.abc import AsyncIterator, Sequence

import asyncpg
from google.protobuf.message import Message

from kantine import codec, db, telemetry
from kantine.envelope import Envelope

APPEND_LOCK = 0x4B414E54  # "KANT": with the schema's hash, the lock that orders one store's appends


async def lock_appends(conn: asyncpg.Connection, schema: str) -> None:
    """Take the store's append lock until the transaction ends (services sharing a database do not wait
    for each other: the key includes the schema)."""
    await conn.execute("SELECT pg_advisory_xact_lock($1, hashtext($2))", APPEND_LOCK, schema)


# The relay of each store is woken on its own channel: services sharing a database do not wake each
# other's relays on every commit (a relay woken for nothing costs hundreds of CPU-µs).
NOTIFY_CHANNEL_SQL = "left('kantine_events_' || current_schema(), 63)"


async def notify_channel(conn: asyncpg.Connection) -> str:
    """The channel the store of the connection's schema notifies on after each append."""
    return str(await conn.fetchval(f"SELECT {NOTIFY_CHANNEL_SQL}"))


class ConcurrencyError(RuntimeError):
    """The stream moved on since the caller read it: reload and decide again."""


@dataclasses.dataclass(frozen=True, slots=True)
class NewEvent:
    envelope: Envelope
    payload: Message


@dataclasses.dataclass(frozen=True, slots=True)
class StoredEvent:
    position: int
    stream_id: str
    stream_version: int
    event_id: str
    event_type: str
    data: bytes
    metadata: dict[str, str]

    def envelope(self) -> Envelope:
        return Envelope.from_headers(self.metadata)


class EventStore:
    """Append to and read from the `events` table of the connection's schema."""

    def __init__(self, schema: str) -> None:
        self.schema = schema

    async def append(
        self,
        conn: asyncpg.Connection,
        stream_id: str,
        expected_version: int,
        events: Sequence[NewEvent],
    ) -> list[int]:
        """Append events at versions expected_version+1 … inside the caller's transaction.

        The caller's read-model writes go in the same transaction, so the event and its effect
        commit together or not at all. Returns the global positions.
        """
        if not conn.is_in_transaction():
            raise RuntimeError("append must run inside a transaction")
        if not events:
            return []
        await lock_appends(conn, self.schema)
        rows = []
        for i, event in enumerate(events, start=1):
            version = expected_version + i
            if event.envelope.aggregate_version != version:
                raise ValueError(f"envelope version {event.envelope.aggregate_version} != stream version {version}")
            rows.append(
                (
                    stream_id,
                    version,
                    uuid.UUID(event.envelope.event_id),
                    event.envelope.event_type,
                    codec.encode(event.payload),
                    json.dumps(event.envelope.to_metadata()),
                )
            )
        try:
            records = await conn.fetch(
                """INSERT INTO events (stream_id, stream_version, event_id, event_type, data, metadata)
                   SELECT * FROM unnest($1::text[], $2::int[], $3::uuid[], $4::text[], $5::bytea[], $6::jsonb[])
                   RETURNING position""",
                *db.columns(rows, 6),
            )
        except asyncpg.UniqueViolationError as exc:
            if exc.constraint_name == "events_stream_id_stream_version_key":
                raise ConcurrencyError(f"stream {stream_id} is past version {expected_version}") from exc
            raise
        await conn.execute(f"SELECT pg_notify({NOTIFY_CHANNEL_SQL}, '')")
        return [r["position"] for r in records]

    async def record(
        self,
        conn: asyncpg.Connection,
        stream_id: str,
        aggregate_id: str,
        actor: str,
        messages: Sequence[Message],
        *,
        source: Envelope | None = None,
        at: dt.datetime | None = None,
    ) -> list[Envelope]:
        """Append a consumer's own decisions to the end of one of its streams, in the caller's transaction;
        returns their envelopes.

        A consumer (gamify's awards, a person's privacy choice in search) decides on what it saw, not on
        a version a caller read, so there is no expected version: the append lock is taken before the
        stream's version is read and two appends to one stream queue up instead of conflicting. `source`
        is the event that caused them (correlation, causation, and whether it is imported history), `at`
        their time when it is not now.
        """
        await lock_appends(conn, self.schema)
        version = await self.stream_version(conn, stream_id)
        trace = telemetry.current_trace_headers()
        envelopes = []
        for i, message in enumerate(messages, start=1):
            envelopes.append(Envelope.new(
                type(message).__name__, aggregate_id, version + i, actor,
                correlation_id=source.correlation_id if source else "", causation_id=source.event_id if source else "",
                trace=trace, occurred_at=at, imported=source.imported if source else False,
            ))  # fmt: skip
        await self.append(conn, stream_id, version, [NewEvent(e, m) for e, m in zip(envelopes, messages, strict=True)])
        return envelopes

    async def stream_version(self, conn: asyncpg.Connection, stream_id: str) -> int:
        version = await conn.fetchval("SELECT max(stream_version) FROM events WHERE stream_id = $1", stream_id)
        return int(version or 0)

    async def read_stream(self, conn: asyncpg.Connection, stream_id: str) -> list[StoredEvent]:
        rows = await conn.fetch("SELECT * FROM events WHERE stream_id = $1 ORDER BY stream_version", stream_id)
        return [_stored(r) for r in rows]

    async def read_all(self, conn: asyncpg.Connection, after_position: int, limit: int = 1000) -> list[StoredEvent]:
        rows = await conn.fetch(
            "SELECT * FROM events WHERE position > $1 ORDER BY position LIMIT $2", after_position, limit
        )
        return [_stored(r) for r in rows]

    async def iterate_all(
        self, pool: asyncpg.Pool, after_position: int = 0, page: int = 1000
    ) -> AsyncIterator[StoredEvent]:
        """Every event after a position, a page at a time, without holding a connection in between."""
        while True:
            async with pool.acquire() as conn:
                batch = await self.read_all(conn, after_position, page)
            for event in batch:
                yield event
            if len(batch) < page:
                return
            after_position = batch[-1].position

    async def head(self, conn: asyncpg.Connection) -> int:
        return int(await conn.fetchval("SELECT coalesce(max(position), 0) FROM events"))


def as_stored(row: asyncpg.Record) -> StoredEvent:
    """An `events` row as the relay publishes it (a tool that reads the table itself, say)."""
    return _stored(row)


def _stored(row: asyncpg.Record) -> StoredEvent:
    metadata = row["metadata"]
    if isinstance(metadata, str):
        metadata = json.loads(metadata)
    metadata = dict(metadata)
    metadata["Kantine-Position"] = str(row["position"])
    return StoredEvent(
        position=row["position"],
        stream_id=row["stream_id"],
        stream_version=row["stream_version"],
        event_id=str(row["event_id"]),
        event_type=row["event_type"],
        data=bytes(row["data"]),
        metadata=metadata,
    )
