"""Presence events: the sampler's visits and view counts, written to the gateway's event store every few
seconds (the relay publishes them like any service's events) and pruned once they are old.

A request never waits for this: `seen` and `shown` only touch memory. A flush that fails (the database
is away) is put back and tried again, and the last one runs at shutdown, so what was counted is not lost
to a restart. What is written is already sampled and counted (`domain.presence`); pruning keeps even
that only for `retention_days`.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging

import asyncpg
from google.protobuf.message import Message

from kantine.eventstore import EventStore
from kantine.v1 import events_pb2 as ev
from services.gateway.domain.presence import Flushed, Presence, shown_posts
from services.gateway.store import SCHEMA

log = logging.getLogger("kantine.gateway.presence")

events = EventStore(SCHEMA)
VIEWS_STREAM = "presence-views"
PRUNE_EVERY = dt.timedelta(hours=1)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class PresenceRecorder:
    def __init__(
        self,
        pool: asyncpg.Pool,
        presence: Presence,
        *,
        flush_every_s: float = 5.0,
        retention_days: float = 7.0,
    ) -> None:
        self.pool = pool
        self.presence = presence
        self.flush_every_s = flush_every_s
        self.retention = dt.timedelta(days=retention_days)
        self._pruned_at: dt.datetime | None = None

    def answered(self, user_id: str, reply: Message) -> None:
        """A signed-in person's request was answered: they were here, and saw what the reply shows."""
        now = _now()
        self.presence.seen(user_id, now)
        posts = shown_posts(reply)
        if posts is not None:  # an empty page is a view too
            self.presence.shown(user_id, posts, now)

    async def run(self) -> None:
        """Flush every `flush_every_s` and prune every hour, for the life of the gateway."""
        while True:
            await asyncio.sleep(self.flush_every_s)
            await self.flush()
            if self._pruned_at is None or _now() - self._pruned_at >= PRUNE_EVERY:
                await self.prune()

    async def flush(self, *, everything: bool = False) -> int:
        """Write what is due; returns how many events. On failure it stays due for the next flush."""
        now = _now()
        due = self.presence.flush(now, everything=everything)
        if not due.visited and due.window is None:
            return 0
        try:
            return await self._write(due, now)
        except (TimeoutError, OSError, asyncpg.PostgresError) as exc:
            log.warning("presence not written, trying again at the next flush: %s", exc)
            self.presence.put_back(due)
            return 0

    async def _write(self, due: Flushed, now: dt.datetime) -> int:
        written = 0
        async with self.pool.acquire() as conn, conn.transaction():
            for user_id in due.visited:
                await events.record(conn, f"presence-{user_id}", user_id, user_id, [ev.Visited(user_id=user_id)])
                written += 1
            if due.window is not None:
                viewed = ev.FeedViewed(
                    posts=[ev.PostViewers(post_id=p, viewers=n) for p, n in due.window.counts()],
                    since=due.window.since.isoformat(),
                    views=due.window.views,
                )
                await events.record(conn, VIEWS_STREAM, "views", "", [viewed], at=now)
                written += 1
        return written

    async def prune(self) -> int:
        """Delete presence events the relay has published that are older than the retention."""
        try:
            async with self.pool.acquire() as conn:
                status = await conn.execute(
                    """DELETE FROM events WHERE recorded_at < now() - $1::interval
                       AND position <= (SELECT coalesce(min(position), 0) FROM relay_cursor)""",
                    self.retention,
                )
        except (TimeoutError, OSError, asyncpg.PostgresError) as exc:
            log.warning("presence not pruned, trying again later: %s", exc)
            return 0
        self._pruned_at = _now()
        return int(status.split()[-1])
