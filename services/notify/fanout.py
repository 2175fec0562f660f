"""The fan-out worker: notifies a large audience (an all-company announcement) chunk by chunk.

The consumer only records the job, in the transaction of the event, and goes on with the next event,
so a 50,000-member announcement never delays the comment that follows it. Each chunk commits with the
job's cursor, so a crash resumes where it stopped and a chunk is never told twice (one notification per
person and post). Any replica may run a worker: jobs are claimed with SKIP LOCKED.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import time
import uuid

import asyncpg
from opentelemetry import metrics

from services.notify import store
from services.notify.domain.model import Kind, Level, Reason
from services.notify.domain.rules import Fanout

log = logging.getLogger("kantine.notify.fanout")
_told = metrics.get_meter("kantine.notify").create_counter(
    "kantine.notify.fanout.notified", description="people notified by large fan-outs"
)


class FanoutWorker:
    def __init__(
        self, pool: asyncpg.Pool, *, chunk: int = 2000, email_delay_s: float | None = 600.0, idle_s: float = 1.0
    ) -> None:
        self.pool = pool
        self.chunk = chunk
        self.email_delay_s = email_delay_s
        self.idle_s = idle_s
        self._wake = asyncio.Event()

    async def run(self) -> None:
        """Work while there is work; sleep until NOTIFY (or the idle poll, a safety net) says there is more."""
        conn: asyncpg.Connection = await self.pool.acquire()
        try:
            await conn.add_listener(store.FANOUT_CHANNEL, self._notified)
            while True:
                self._wake.clear()
                if await self.step():
                    continue
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(self.idle_s):
                        await self._wake.wait()
        finally:
            with contextlib.suppress(Exception):
                await conn.remove_listener(store.FANOUT_CHANNEL, self._notified)
            await self.pool.release(conn)

    def _notified(self, *_: object) -> None:
        self._wake.set()

    async def step(self) -> bool:
        """One chunk of the oldest open job; False when there is none."""
        async with self.pool.acquire() as conn, conn.transaction():
            job = await conn.fetchrow(
                """SELECT * FROM fanouts WHERE NOT done ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED"""
            )
            if job is None:
                return False
            started = time.perf_counter()
            group = None if job["group_id"] is None else str(job["group_id"])
            recipients = await store.audience(conn, group, after=job["after_user"], limit=self.chunk)
            spec = Fanout(
                Kind(job["kind"]),
                Reason(job["reason"]),
                frozenset(Level(v) for v in job["levels"]),
                email=job["email"],
                everyone=job["group_id"] is None,
            )
            due = (
                None
                if self.email_delay_s is None
                else dt.datetime.now(dt.UTC) + dt.timedelta(seconds=self.email_delay_s)
            )
            told = await store.fan_out(
                conn, spec, recipients, post_id=str(job["post_id"]), group_id=str(job["group_id"] or ""),
                actor=str(job["actor_id"]), at=job["occurred_at"], email_due=due, large=job["large"],
            )  # fmt: skip
            done = len(recipients) < self.chunk
            await conn.execute(
                "UPDATE fanouts SET after_user = $2, done = $3 WHERE post_id = $1",
                job["post_id"],
                uuid.UUID(recipients[-1]) if recipients else job["after_user"],
                done,
            )
        _told.add(len(told))
        log.info(
            "fan-out chunk",
            extra={
                "post_id": str(job["post_id"]),
                "notified": len(told),
                "chunk": len(recipients),
                "done": done,
                "ms": round((time.perf_counter() - started) * 1000, 1),
            },
        )
        return True
