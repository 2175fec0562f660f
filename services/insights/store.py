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
    """A person reached `level` at `at`: in the organisation, and in the group when there is one (one
    statement: this runs for nearly every event)."""
    day = at.astimezone(zone).date()
    scopes = [NIL, uuid.UUID(group_id)] if group_id else [NIL]
    rows = [(scope, code, periods.start(code, day)) for scope in scopes for code in COUNTED]
    # history imported after the directory provisioned its people: they were here from their first deed
    await conn.execute(
        """WITH tiers AS (
               INSERT INTO activity (scope, period, start, user_id, level)
               SELECT s, p, d, $4, $5 FROM unnest($1::uuid[], $2::char[], $3::date[]) AS t(s, p, d)
               ON CONFLICT (scope, period, start, user_id)
               DO UPDATE SET level = excluded.level WHERE activity.level < excluded.level)
           UPDATE people SET last_seen_at = greatest(last_seen_at, $6), joined_at = least(joined_at, $6)
           WHERE user_id = $4""",
        [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows], uuid.UUID(user_id), level, at,
    )  # fmt: skip


async def act(
    conn: asyncpg.Connection, kind: str, *, target: str, actor: str, subject: str, post: str, at: dt.datetime,
    after: dt.datetime | None = None,
) -> None:  # fmt: skip
    """Someone did something for someone (see the acts table); done twice, it is recorded once."""
    if subject == actor:
        return  # nobody recognises themselves
    hours = (at - after).total_seconds() / 3600 if after else None
    await conn.execute(
        """INSERT INTO acts (kind, target_id, actor_id, subject_id, post_id, at, after_hours)
           VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING""",
        kind, uuid.UUID(target), uuid.UUID(actor), uuid.UUID(subject) if subject else NIL, uuid.UUID(post), at,
        max(hours, 0.0) if hours is not None else None,
    )  # fmt: skip


async def forget_before(conn: asyncpg.Connection, day: dt.date) -> int:
    """Delete activity of periods that ended before `day`, and acts before it (the retention)."""
    status = await conn.execute("DELETE FROM activity WHERE start < $1 - 31", day)
    acts = await conn.execute("DELETE FROM acts WHERE at < $1", dt.datetime.combine(day, dt.time(), dt.UTC))
    return int(status.split()[-1]) + int(acts.split()[-1])
