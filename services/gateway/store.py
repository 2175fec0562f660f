"""The gateway's PostgreSQL schema: its own event store, for the presence events it publishes, the
directory's people and groups as SCIM knows them (`migrations/`, queried by `scim_store`), the web page's
sessions and the rate-limit buckets every replica shares (queried here)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from pathlib import Path

import asyncpg

from kantine import db

SCHEMA = "gateway"
MIGRATIONS = [
    *db.sdk_migrations("eventstore", "consumer"),
    *db.read_migrations(SCHEMA, Path(__file__).parent / "migrations"),
]
ENDED_KEPT_DAYS = 7  # an ended session's row, for whoever asks when someone signed out


@dataclasses.dataclass(frozen=True, slots=True)
class SessionRow:
    user_id: str
    csrf: str
    started_at: dt.datetime
    expires_at: dt.datetime


async def start_session(
    conn: asyncpg.Connection, sid: bytes, user_id: str, csrf: str, lifetime: dt.timedelta
) -> SessionRow | None:
    """A new session, or None for a deactivated person (`deactivated_people`)."""
    row = await conn.fetchrow(
        """INSERT INTO sessions (id, user_id, csrf, expires_at)
           SELECT $1, $2, $3, now() + $4::interval
           WHERE NOT EXISTS (SELECT 1 FROM deactivated_people WHERE user_id = $2)
           RETURNING started_at, expires_at""",
        sid, uuid.UUID(user_id), csrf, lifetime,
    )  # fmt: skip
    return None if row is None else SessionRow(user_id, csrf, row[0], row[1])


async def touch_session(conn: asyncpg.Connection, sid: bytes, idle: dt.timedelta) -> SessionRow | None:
    """The session if it is still open (not ended, not past either lifetime), marked as used now."""
    row = await conn.fetchrow(
        """UPDATE sessions s SET seen_at = now()
           WHERE id = $1 AND ended_at IS NULL AND expires_at > now() AND seen_at > now() - $2::interval
             AND NOT EXISTS (SELECT 1 FROM deactivated_people d WHERE d.user_id = s.user_id)
           RETURNING user_id, csrf, started_at, expires_at""",
        sid, idle,
    )  # fmt: skip
    return None if row is None else SessionRow(str(row[0]), row[1], row[2], row[3])


async def end_session(conn: asyncpg.Connection, sid: bytes, why: str) -> str | None:
    """Ends one session; the person's id, or None if it was not open."""
    found = await conn.fetchval(
        "UPDATE sessions SET ended_at = now(), ended_why = $2 WHERE id = $1 AND ended_at IS NULL RETURNING user_id",
        sid, why,
    )  # fmt: skip
    return None if found is None else str(found)


async def set_deactivated(conn: asyncpg.Connection, user_id: str, deactivated: bool) -> None:
    if deactivated:
        await conn.execute(
            "INSERT INTO deactivated_people (user_id) VALUES ($1) ON CONFLICT DO NOTHING", uuid.UUID(user_id)
        )
    else:
        await conn.execute("DELETE FROM deactivated_people WHERE user_id = $1", uuid.UUID(user_id))


async def end_sessions_of(conn: asyncpg.Connection, user_id: str, why: str) -> tuple[int, dt.datetime]:
    """Ends every open session of a person: how many there were, and the database's time of it (the
    moment up to which sessions started are over, on the same clock as their start)."""
    row = await conn.fetchrow(
        """WITH ended AS (UPDATE sessions SET ended_at = now(), ended_why = $2
                          WHERE user_id = $1 AND ended_at IS NULL RETURNING 1)
           SELECT (SELECT count(*) FROM ended), now()""",
        user_id, why,
    )  # fmt: skip
    assert row is not None
    return int(row[0]), row[1]


async def open_sessions(conn: asyncpg.Connection, user_id: str, idle: dt.timedelta) -> int:
    found = await conn.fetchval(
        """SELECT count(*) FROM sessions
           WHERE user_id = $1 AND ended_at IS NULL AND expires_at > now() AND seen_at > now() - $2::interval""",
        user_id, idle,
    )  # fmt: skip
    return int(found or 0)


async def prune_sessions(conn: asyncpg.Connection, idle: dt.timedelta) -> int:
    """Forget sessions that ended, expired or went idle more than ENDED_KEPT_DAYS ago."""
    kept = dt.timedelta(days=ENDED_KEPT_DAYS)
    gone = await conn.fetch(
        """DELETE FROM sessions
           WHERE ended_at < now() - $1::interval OR expires_at < now() - $1::interval
                 OR seen_at < now() - $2::interval - $1::interval
           RETURNING 1""",
        kept, idle,
    )  # fmt: skip
    return len(gone)


async def take_token(conn: asyncpg.Connection, key: str, per_minute: float, capacity: float) -> float:
    """One request from `key`'s bucket, shared by every replica: 0 when it may go ahead (counted), else the
    seconds until it may. The same token bucket as `domain.ratelimit`, kept in one row per key and
    refilled and taken in one statement, so two replicas never both spend the last token."""
    rate = per_minute / 60.0
    row = await conn.fetchrow(
        """INSERT INTO rate_buckets AS b (key, tokens, at, granted) VALUES ($1, $3 - 1, now(), true)
           ON CONFLICT (key) DO UPDATE SET
             granted = least($3, b.tokens + extract(epoch FROM now() - b.at) * $2) >= 1,
             tokens = least($3, b.tokens + extract(epoch FROM now() - b.at) * $2)
                      - CASE WHEN least($3, b.tokens + extract(epoch FROM now() - b.at) * $2) >= 1 THEN 1 ELSE 0 END,
             at = now()
           RETURNING granted, tokens""",
        key, rate, float(capacity),
    )  # fmt: skip
    assert row is not None
    return 0.0 if row[0] else (1.0 - float(row[1])) / rate


async def prune_rate_buckets(conn: asyncpg.Connection) -> int:
    """Buckets untouched for an hour are full again: forgetting them changes nothing."""
    gone = await conn.fetch("DELETE FROM rate_buckets WHERE at < now() - interval '1 hour' RETURNING 1")
    return len(gone)
