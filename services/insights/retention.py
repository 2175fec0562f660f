"""The retention of insights' figures: who was active in which week or month, and the acts the figures
count, are kept `KANTINE_INSIGHTS_RETENTION_DAYS` and then deleted, every six hours. Nothing personal is
kept longer than the figures need it (GDPR, storage limitation)."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from zoneinfo import ZoneInfo

import asyncpg

from .store import forget_before

log = logging.getLogger("kantine.insights")
EVERY_S = 6 * 3600


async def retain(pool: asyncpg.Pool, today: dt.date, days: int) -> int:
    """One pass: delete what is older than `days` before `today`; how many rows went."""
    async with pool.acquire() as conn:
        deleted = await forget_before(conn, today - dt.timedelta(days=days))
    if deleted:
        log.info("activity older than the retention deleted", extra={"rows": deleted, "days": days})
    return deleted


async def run(pool: asyncpg.Pool, zone: ZoneInfo, days: int, *, every_s: float = EVERY_S) -> None:
    """For the life of the service (a background task: a failure is counted and it is run again)."""
    while True:
        await retain(pool, dt.datetime.now(zone).date(), days)
        await asyncio.sleep(every_s)
