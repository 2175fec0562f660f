"""Live inboxes: one PostgreSQL LISTEN per process wakes the streams of the people whose inbox moved.

Every write to an inbox (a delivery in the consumer, a fan-out chunk, a "mark read" on any replica)
sends a NOTIFY naming the recipients when it commits, so a stream served by any replica learns of it
within milliseconds, without polling and without a broker of its own. A wake only says "look again";
the stream then reads what is new since it last sent, so a missed or merged wake loses nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict

import asyncpg

from services.notify.store import EVERYONE, INBOX_CHANNEL

log = logging.getLogger("kantine.notify.live")


class Hub:
    def __init__(self, database_url: str, *, reconnect_s: float = 1.0) -> None:
        self.database_url = database_url
        self.reconnect_s = reconnect_s
        self._streams: dict[str, set[asyncio.Event]] = defaultdict(set)
        self.listening = asyncio.Event()

    def subscribe(self, user_id: str) -> asyncio.Event:
        """An event set whenever this person's inbox may have changed; subscribe before reading."""
        wake = asyncio.Event()
        self._streams[user_id].add(wake)
        return wake

    def unsubscribe(self, user_id: str, wake: asyncio.Event) -> None:
        streams = self._streams.get(user_id)
        if streams is not None:
            streams.discard(wake)
            if not streams:
                del self._streams[user_id]

    @property
    def streams(self) -> int:
        return sum(len(s) for s in self._streams.values())

    def _notified(self, _conn: object, _pid: int, _channel: str, payload: str) -> None:
        if payload == EVERYONE:
            self._wake_all()
            return
        for user_id in payload.split(","):
            for wake in self._streams.get(user_id, ()):
                wake.set()

    def _wake_all(self) -> None:
        for streams in self._streams.values():
            for wake in streams:
                wake.set()

    async def _hold(self, conn: asyncpg.Connection, check_s: float = 30.0) -> None:
        """Return when the connection is gone; a quiet connection is checked now and then, since a
        half-open socket says nothing until it is used."""
        closed = asyncio.Event()
        conn.add_termination_listener(lambda _c: closed.set())
        while not closed.is_set():
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(check_s):
                    await closed.wait()
            if not closed.is_set():
                await conn.fetchval("SELECT 1", timeout=10)

    async def run(self) -> None:
        """Listen for as long as the process lives; after a lost connection wake everyone, since
        whatever was said meanwhile was not heard."""
        while True:
            conn: asyncpg.Connection | None = None
            try:
                conn = await asyncpg.connect(self.database_url)
                await conn.add_listener(INBOX_CHANNEL, self._notified)
                self.listening.set()
                self._wake_all()
                await self._hold(conn)
            except (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
                log.warning("inbox listener lost; reconnecting", extra={"error": type(exc).__name__})
            finally:
                self.listening.clear()
                if conn is not None:
                    with contextlib.suppress(Exception):
                        await conn.close()
            await asyncio.sleep(self.reconnect_s)
