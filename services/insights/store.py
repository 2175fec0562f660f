"""Insights' tables and the writes its handlers share."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from zoneinfo import ZoneInfo

import asyncpg

from kantine import db, periods

SCHEMA = "insights"
MIGRATIONS = [
    *db.sdk_migrations("eventstore", "consumer"),
    *db.read_migrations(SCHEMA, Path(__file__).parent / "migrations"),
]
NIL = uuid.UUID(int=0)  # the organisation, as a scope of activity
COUNTED = ("w", "m")  # the periods activity is kept for


async def reached(
    conn: asyncpg.Connection, user_id: str, level: int, at: dt.datetime, zone: ZoneInfo, group_id: str = ""
) -> None:
    """A person reached `level` at `at`: in the organisation, and in the group when there is one."""
    day = at.astimezone(zone).date()
    scopes = [NIL, uuid.UUID(group_id)] if group_id else [NIL]
    rows = [(scope, code, periods.start(code, day), uuid.UUID(user_id), level) for scope in scopes for code in COUNTED]
    await conn.executemany(
        """INSERT INTO activity (scope, period, start, user_id, level) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (scope, period, start, user_id) DO UPDATE SET level = greatest(activity.level, excluded.level)
           WHERE activity.level < excluded.level""",
        rows,
    )
    await conn.execute(
        "UPDATE people SET last_seen_at = greatest(last_seen_at, $2) WHERE user_id = $1", uuid.UUID(user_id), at
    )


async def forget_before(conn: asyncpg.Connection, day: dt.date) -> int:
    """Delete activity of periods that ended before `day` (the retention)."""
    status = await conn.execute("DELETE FROM activity WHERE start < $1 - 31", day)
    return int(status.split()[-1])
