"""Gamify's tables: the points ledger and what it sums up to (daily caps, counts, totals, leaderboards),
the figures badges count, and the awards.

Every change of points is one SQL statement: the ledger rows and all their sums are written together
(data-modifying CTEs), so the sums can never disagree with the ledger, and an event costs one round
trip for its points whatever the number of people and periods it touches.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import asyncpg

from kantine import db
from kantine.ids import optional_uuid
from services.gamify.domain import points as deeds
from services.gamify.domain.points import Earn
from services.gamify.domain.rules import COUNTED, BadgeRule, RuleSet

SCHEMA = "gamify"
MIGRATIONS = [
    *db.sdk_migrations("eventstore", "consumer"),
    *db.read_migrations(SCHEMA, Path(__file__).parent / "migrations"),
]
NIL = uuid.UUID(int=0)
_ENTRY = uuid.UUID("0f9a3c56-3e1d-4c0b-9a57-6761d6966679")  # namespace of ledger entry ids

# Applies the rows of `booked` (user_id, action, points, day, group_id, private, n) to every sum (the
# statement that includes it adds its own final SELECT):
# the day's points per action (caps), the count of deeds standing, the total, and the leaderboards
# (the organisation's counts only public activity; a group's counts its own).
_BOOK = """
, d AS (
    INSERT INTO daily (user_id, action, day, points)
    SELECT user_id, action, day, sum(points) FROM booked GROUP BY 1, 2, 3
    ON CONFLICT (user_id, action, day) DO UPDATE SET points = daily.points + excluded.points
), c AS (
    INSERT INTO counts (user_id, action, n)
    SELECT user_id, action, sum(n) FROM booked GROUP BY 1, 2
    ON CONFLICT (user_id, action) DO UPDATE SET n = counts.n + excluded.n
), t AS (
    INSERT INTO totals (user_id, points)
    SELECT user_id, sum(points) FROM booked GROUP BY 1
    ON CONFLICT (user_id) DO UPDATE SET points = totals.points + excluded.points
    RETURNING user_id, points
), s AS (
    INSERT INTO scores (scope, period, start, user_id, points)
    SELECT sc.scope, p.period, p.start, b.user_id, sum(b.points)
    FROM booked b
    CROSS JOIN LATERAL (VALUES ('w', date_trunc('week', b.day)::date), ('m', date_trunc('month', b.day)::date),
                               ('q', date_trunc('quarter', b.day)::date), ('a', DATE '2000-01-01')) AS p(period, start)
    CROSS JOIN LATERAL (SELECT '00000000-0000-0000-0000-000000000000'::uuid WHERE NOT b.private
                        UNION ALL SELECT b.group_id WHERE b.group_id IS NOT NULL) AS sc(scope)
    GROUP BY 1, 2, 3, 4
    ON CONFLICT (scope, period, start, user_id) DO UPDATE SET points = scores.points + excluded.points
)
"""

_EARN = (
    """
WITH input AS (
    SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::int[], $5::int[], $6::text[], $7::uuid[],
                         $8::uuid[], $9::uuid[])
        AS i(entry_id, user_id, action, points, cap, key, other_id, post_id, comment_id)
), priced AS (
    SELECT i.*, CASE WHEN i.cap = 0 THEN i.points
                     ELSE least(i.points, greatest(0, i.cap - coalesce(d.points, 0))) END AS earned
    FROM input i LEFT JOIN daily d ON d.user_id = i.user_id AND d.action = i.action AND d.day = $10
), booked AS (
    INSERT INTO ledger (entry_id, user_id, action, points, capped, key, other_id, post_id, comment_id, group_id,
                        private, source_event_id, at, day)
    SELECT entry_id, user_id, action, earned, earned < points, key, other_id, post_id, comment_id, $11, $12, $13,
           $14, $10
    FROM priced
    ON CONFLICT (user_id, key) WHERE reverses IS NULL AND NOT reversed DO NOTHING
    RETURNING user_id, action, points, day, group_id, private, 1 AS n
)"""
    + _BOOK
    + """
SELECT b.user_id, b.action, t.points AS total,
       (SELECT coalesce(max(level), 1) FROM levels_reached l WHERE l.user_id = b.user_id) AS reached
FROM (SELECT DISTINCT user_id, action FROM booked) b JOIN t ON t.user_id = b.user_id
"""
)

_TAKE_BACK = """
WITH original AS (
    UPDATE ledger SET reversed = true
    WHERE {where} AND reverses IS NULL AND NOT reversed
    RETURNING *
), booked AS (
    INSERT INTO ledger (entry_id, user_id, action, points, key, other_id, post_id, comment_id, group_id, private,
                        source_event_id, at, day, reverses)
    SELECT md5(entry_id::text || $2::uuid::text)::uuid, user_id, action, -points, key, other_id, post_id, comment_id,
           group_id, private, $2::uuid, $3, day, entry_id
    FROM original
    RETURNING user_id, action, points, day, group_id, private, -1 AS n
)"""


@dataclasses.dataclass(frozen=True, slots=True)
class Booked:
    """A deed booked for a person, with their new total and the highest level recorded for them."""

    user_id: str
    action: str
    total: int
    reached: int


@dataclasses.dataclass(frozen=True, slots=True)
class Standing:
    """What a person has: deeds standing per action, and the badge tiers awarded."""

    counts: Mapping[str, int]
    have: set[tuple[str, str]]


def entry_id(event_id: str, earn: Earn) -> uuid.UUID:
    return uuid.uuid5(_ENTRY, f"{event_id}/{earn.user_id}/{earn.action}")


async def earn(
    conn: asyncpg.Connection,
    rules: RuleSet,
    earns: Sequence[Earn],
    *,
    event_id: str,
    at: dt.datetime,
    day: dt.date,
    group_id: uuid.UUID | None,
    private: bool,
) -> list[Booked]:
    """Book the deeds of one event; returns what was booked (for badges and levels)."""
    if not earns:
        return []
    columns = list(
        zip(
            *(
                (entry_id(event_id, e), uuid.UUID(e.user_id), e.action, rules.points[e.action].points,
                 rules.points[e.action].daily_cap, e.key, optional_uuid(e.other_id), optional_uuid(e.post_id),
                 optional_uuid(e.comment_id))
                for e in earns
            ),
            strict=True,
        )
    )  # fmt: skip
    rows = await conn.fetch(_EARN, *map(list, columns), day, group_id, private, uuid.UUID(event_id), at)
    return [Booked(str(r["user_id"]), r["action"], r["total"], r["reached"]) for r in rows]


async def take_back(
    conn: asyncpg.Connection, *, event_id: str, at: dt.datetime, keys: Iterable[str] = (),
    post_id: str = "", comment_id: str = "",
) -> None:  # fmt: skip
    """Reverse the standing entries of some deeds (by key, or all of a post or comment). Badges already
    awarded stay: a figure going down never takes one away."""
    if keys:
        where, value = "key = ANY($1::text[])", list(keys)
    elif comment_id:
        where, value = "comment_id = $1::uuid", uuid.UUID(comment_id)  # type: ignore[assignment]
    else:
        where, value = "post_id = $1::uuid", uuid.UUID(post_id)  # type: ignore[assignment]
    await conn.execute(
        _TAKE_BACK.format(where=where) + _BOOK + "SELECT count(*) FROM booked", value, uuid.UUID(event_id), at
    )


async def set_group_private(conn: asyncpg.Connection, group_id: uuid.UUID, private: bool) -> None:
    """Move a group's points out of (or back into) the organisation's leaderboards. A group not known yet
    (its update arrived before its creation) is known from now on, with this privacy."""
    if await conn.fetchval(
        "INSERT INTO groups (group_id, private) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING true",
        group_id, private,
    ):  # fmt: skip
        return
    changed = await conn.fetchval(
        "UPDATE groups SET private = $2 WHERE group_id = $1 AND private <> $2 RETURNING group_id", group_id, private
    )
    if changed is None:
        return
    await conn.execute("UPDATE ledger SET private = $2 WHERE group_id = $1", group_id, private)
    sign = -1 if private else 1
    await conn.execute(
        """INSERT INTO scores (scope, period, start, user_id, points)
           SELECT $2, period, start, user_id, $3 * points FROM scores WHERE scope = $1
           ON CONFLICT (scope, period, start, user_id) DO UPDATE SET points = scores.points + excluded.points""",
        group_id, NIL, sign,
    )  # fmt: skip


async def mark_active(conn: asyncpg.Connection, user_id: str, day: dt.date) -> bool:
    """Record the person's activity in the week of `day`; True if the week is new (the streak may grow)."""
    inserted = await conn.fetchval(
        "INSERT INTO active_weeks (user_id, week) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING true",
        uuid.UUID(user_id), deeds.week_of(day),
    )  # fmt: skip
    return bool(inserted)


async def standing(conn: asyncpg.Connection, user_id: str) -> Standing:
    row = await conn.fetchrow(
        """SELECT ARRAY(SELECT action FROM counts WHERE user_id = $1 ORDER BY action) AS actions,
                  ARRAY(SELECT n FROM counts WHERE user_id = $1 ORDER BY action) AS ns,
                  ARRAY(SELECT badge_id FROM awards WHERE user_id = $1 ORDER BY badge_id, tier) AS badges,
                  ARRAY(SELECT tier FROM awards WHERE user_id = $1 ORDER BY badge_id, tier) AS tiers""",
        uuid.UUID(user_id),
    )
    return Standing(
        dict(zip(row["actions"], row["ns"], strict=True)), set(zip(row["badges"], row["tiers"], strict=True))
    )


async def figures(
    conn: asyncpg.Connection, user_id: str, badges: Sequence[BadgeRule], counts: Mapping[str, int],
    day: dt.date,
) -> dict[str, int]:  # fmt: skip
    """The figure each of these badges looks at, by badge id (counted ones from `counts`, the rest queried)."""
    uid = uuid.UUID(user_id)
    values: dict[str, int] = {}
    for b in badges:
        if b.metric in COUNTED:
            values[b.badge_id] = sum(counts.get(action, 0) for action in COUNTED[b.metric])
        elif b.metric == "conversations":
            values[b.badge_id] = await conn.fetchval(
                """SELECT count(*) FROM posts
                   WHERE author_id = $1 AND NOT deleted AND comments >= $2 AND commenters >= $3""",
                uid, b.param("comments"), b.param("people"),
            )  # fmt: skip
        elif b.metric == "streak_weeks":
            longest = max(t.threshold for t in b.tiers)
            weeks = await conn.fetch(
                "SELECT week FROM active_weeks WHERE user_id = $1 AND week <= $2 ORDER BY week DESC LIMIT $3",
                uid, day, longest + 1,
            )  # fmt: skip
            values[b.badge_id] = deeds.streak((r["week"] for r in weeks), day)
        elif b.metric == "group_members":
            values[b.badge_id] = await conn.fetchval(
                "SELECT coalesce(max(members), 0) FROM groups WHERE created_by = $1", uid
            )
    return values


async def levels_reached(conn: asyncpg.Connection, user_id: str) -> set[int]:
    rows = await conn.fetch("SELECT level FROM levels_reached WHERE user_id = $1", uuid.UUID(user_id))
    return {r["level"] for r in rows}


async def register_rules(conn: asyncpg.Connection, keys: Sequence[str], now: dt.datetime) -> list[str]:
    """Record the rules in force and since when; returns the keys that are new. A rule taken out of the
    file is forgotten, so putting it back later counts as new (and is backfilled quietly)."""
    await conn.execute("DELETE FROM rules_seen WHERE rule_key <> ALL($1::text[])", list(keys))
    rows = await conn.fetch(
        """INSERT INTO rules_seen (rule_key, first_seen_at) SELECT unnest($1::text[]), $2
           ON CONFLICT DO NOTHING RETURNING rule_key""",
        list(keys), now,
    )  # fmt: skip
    return [r["rule_key"] for r in rows]


async def rules_seen(conn: asyncpg.Connection) -> dict[str, dt.datetime]:
    return {r["rule_key"]: r["first_seen_at"] for r in await conn.fetch("SELECT * FROM rules_seen")}
