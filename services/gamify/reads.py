"""The queries behind GamifyService: each filters by privacy inside SQL, so counts never leak either.

People and groups are kantine.directory's (`directory_*`); whether someone may see a group's activity is
`directory.readable_sql`, the rule every service shares: an open group's is everyone's, a private or
secret one's (or one whose settings have not arrived) its members' alone.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from typing import Any

import asyncpg

from kantine import directory
from kantine.v1 import events_pb2 as ev
from services.gamify.domain.privacy import COUNTRY, GROUP, ORGANISATION, Policy, Switches
from services.gamify.store import NIL


async def policy(conn: asyncpg.Connection, minimum: int) -> Policy:
    rows = await conn.fetch("SELECT * FROM settings")

    def switches(r: asyncpg.Record) -> Switches:
        return Switches(r["leaderboards"], r["public_badges"])

    org = next((switches(r) for r in rows if r["scope"] == ORGANISATION), Switches())
    return Policy(
        org,
        {r["scope_id"]: switches(r) for r in rows if r["scope"] == COUNTRY},
        {r["scope_id"]: switches(r) for r in rows if r["scope"] == GROUP},
        minimum,
    )


async def person(conn: asyncpg.Connection, user_id: uuid.UUID) -> dict[str, Any] | None:
    row = await conn.fetchrow(
        """SELECT p.*, EXISTS (SELECT 1 FROM hidden_people h WHERE h.user_id = p.user_id) AS hidden,
                  coalesce((SELECT points FROM totals t WHERE t.user_id = p.user_id), 0) AS total,
                  coalesce((SELECT points FROM scores s WHERE s.scope = $2 AND s.period = 'a'
                            AND s.start = DATE '2000-01-01' AND s.user_id = p.user_id), 0) AS public_total
           FROM directory_people p WHERE p.user_id = $1""",
        user_id, NIL,
    )  # fmt: skip
    return None if row is None else dict(row)


async def awards(conn: asyncpg.Connection, user_id: uuid.UUID) -> list[asyncpg.Record]:
    return list(await conn.fetch(
        "SELECT * FROM awards WHERE user_id = $1 ORDER BY awarded_at, badge_id, tier", user_id
    ))  # fmt: skip


async def ledger(
    conn: asyncpg.Connection, user_id: uuid.UUID, limit: int, before: tuple[dt.datetime, uuid.UUID] | None
) -> list[asyncpg.Record]:
    rows = await conn.fetch(
        """SELECT l.*, coalesce(o.display_name, '') AS other_name FROM ledger l
           LEFT JOIN directory_people o ON o.user_id = l.other_id
           WHERE l.user_id = $1 AND ($2::timestamptz IS NULL OR (l.at, l.entry_id) < ($2, $3))
           ORDER BY l.at DESC, l.entry_id DESC LIMIT $4""",
        user_id, before[0] if before else None, before[1] if before else None, limit,
    )  # fmt: skip
    return list(rows)


async def group_readable(conn: asyncpg.Connection, group_id: uuid.UUID, viewer: uuid.UUID) -> bool:
    """Whether the group is known here and its activity the viewer's to see (its board, say)."""
    readable = await conn.fetchval(
        f"""SELECT {directory.readable_sql("g.group_id", "$2")} FROM directory_groups g WHERE g.group_id = $1""",
        group_id, viewer,
    )  # fmt: skip
    return bool(readable)


@dataclasses.dataclass(frozen=True, slots=True)
class GroupRights:
    """What someone is to a group, for its recognition settings."""

    known: bool  # the group is known here
    readable: bool  # and its activity is theirs to see
    owner: bool


async def group_rights(conn: asyncpg.Connection, group_id: uuid.UUID, user_id: uuid.UUID) -> GroupRights:
    row = await conn.fetchrow(
        f"""SELECT g.group_id IS NOT NULL AS known,
                   g.group_id IS NOT NULL AND {directory.readable_sql("g.group_id", "$2")} AS readable,
                   EXISTS (SELECT 1 FROM directory_members m WHERE m.group_id = $1 AND m.user_id = $2
                           AND m.role = {int(ev.MEMBER_ROLE_OWNER)}) AS owner
            FROM (SELECT $1::uuid) AS asked (group_id) LEFT JOIN directory_groups g USING (group_id)""",
        group_id, user_id,
    )  # fmt: skip
    return GroupRights(row["known"], row["readable"], row["owner"])


async def community_manager(conn: asyncpg.Connection, user_id: uuid.UUID) -> bool:
    """Whether the person is an active community manager (who decides for the organisation)."""
    found = await conn.fetchval("SELECT community_manager FROM directory_people WHERE user_id = $1 AND active", user_id)
    return bool(found)


async def known_person(conn: asyncpg.Connection, user_id: uuid.UUID) -> bool:
    return bool(await conn.fetchval("SELECT true FROM directory_people WHERE user_id = $1", user_id))


async def groups_visible_to(conn: asyncpg.Connection, viewer: uuid.UUID, group_ids: list[str]) -> set[str]:
    """Of these groups, those whose activity the viewer may see: open ones and their own (all, for a community
    manager)."""
    rows = await conn.fetch(
        f"""SELECT g.group_id FROM directory_groups g
            WHERE g.group_id = ANY($1::uuid[])
              AND ({directory.readable_sql("g.group_id", "$2")}
                   OR EXISTS (SELECT 1 FROM directory_people p
                              WHERE p.user_id = $2 AND p.community_manager AND p.active))""",
        [uuid.UUID(g) for g in group_ids], viewer,
    )  # fmt: skip
    return {str(r["group_id"]) for r in rows}


@dataclasses.dataclass(frozen=True)
class Board:
    rows: list[asyncpg.Record]
    participants: int
    points: int
    departments: list[asyncpg.Record]


async def board(
    conn: asyncpg.Connection, scope: uuid.UUID, period: str, start: dt.date, rules: Policy, limit: int,
    viewer: uuid.UUID, personal: bool,
) -> tuple[Board, int]:  # fmt: skip
    """The ranked people (only those who may be ranked) and the aggregates; also the viewer's rank."""
    hidden_countries = [c for c in rules.countries if not rules.for_country(c).leaderboards]
    org_off = not rules.for_country("").leaderboards
    agg = await conn.fetchrow(
        """SELECT count(*)::int AS people, coalesce(sum(s.points), 0)::bigint AS points
           FROM scores s JOIN directory_people p ON p.user_id = s.user_id
           WHERE s.scope = $1 AND s.period = $2 AND s.start = $3 AND s.points > 0 AND p.active""",
        scope, period, start,
    )  # fmt: skip
    departments = await conn.fetch(
        """SELECT p.department, count(*)::int AS people, sum(s.points)::bigint AS points
           FROM scores s JOIN directory_people p ON p.user_id = s.user_id
           WHERE s.scope = $1 AND s.period = $2 AND s.start = $3 AND s.points > 0 AND p.active AND p.department <> ''
           GROUP BY p.department HAVING count(*) >= $4 ORDER BY sum(s.points) DESC, p.department""",
        scope, period, start, rules.minimum,
    )  # fmt: skip
    rows: list[asyncpg.Record] = []
    viewer_rank = 0
    if personal:
        ranked = """
            SELECT s.user_id, s.points, p.display_name, p.department,
                   rank() OVER (ORDER BY s.points DESC) AS rank
            FROM scores s JOIN directory_people p ON p.user_id = s.user_id
            WHERE s.scope = $1 AND s.period = $2 AND s.start = $3 AND s.points > 0 AND p.active
              AND NOT EXISTS (SELECT 1 FROM hidden_people h WHERE h.user_id = s.user_id)
              AND NOT (p.country = ANY($4::text[]))
              AND ($5::bool IS FALSE OR p.country IN (SELECT unnest($6::text[])))"""
        on_countries = [c for c in rules.countries if rules.for_country(c).leaderboards]
        args = (scope, period, start, hidden_countries, org_off, on_countries)
        rows = await conn.fetch(f"{ranked} ORDER BY s.points DESC, s.user_id LIMIT $7", *args, limit)
        viewer_rank = int(
            await conn.fetchval(f"SELECT rank FROM ({ranked}) r WHERE r.user_id = $7", *args, viewer) or 0
        )
    shown = rules.shown(agg["people"])
    # The people outside the departments shown are the total minus those departments: too few of them and
    # the breakdown would single them out, so it is not shown at all.
    rest = agg["people"] - sum(d["people"] for d in departments)
    if not shown or 0 < rest < rules.minimum:
        departments = []
    result = Board(rows, agg["people"] if shown else 0, agg["points"] if shown else 0, list(departments))
    return result, viewer_rank
