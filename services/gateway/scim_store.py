"""The directory's tables (`migrations/0001_scim.sql`): SCIM's users, groups and members, and which
Kantine group each directory group is linked to. Every function takes the caller's connection, so that a
change and its consequences commit together."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from typing import Any

import asyncpg

from services.gateway.domain.scim_filter import Field, Values, Where

# What a client may filter on (scim_filter.translate), by lower-case attribute name.
USER_FIELDS: dict[str, Field | Values] = {
    "id": Field("u.user_id", "uuid"),
    "username": Field("u.user_name_key", "key"),
    "externalid": Field("u.external_id"),
    "displayname": Field("lower(u.resource->>'displayName')", "key"),
    "emails": Values(
        "jsonb_array_elements(coalesce(u.resource->'emails', '[]'::jsonb)) e",
        {
            "value": Field("lower(e->>'value')", "key"),
            "type": Field("lower(e->>'type')", "key"),
            "primary": Field("(e->>'primary')::boolean", "bool"),
        },
        prefilter="u.emails @> ARRAY[{param}]::text[]",
    ),
}
GROUP_FIELDS: dict[str, Field | Values] = {
    "id": Field("g.group_id", "uuid"),
    "displayname": Field("g.display_key", "key"),
    "externalid": Field("g.external_id"),
    "members": Values("scim_group_members m", {"value": Field("m.user_id", "uuid")}, "m.group_id = g.group_id"),
}


# ----- users -----


async def user(
    conn: asyncpg.Connection, user_id: str, *, lock: bool = False, deleted: bool = False
) -> asyncpg.Record | None:
    """The person's record; a deleted one only when `deleted` is asked for."""
    return await conn.fetchrow(
        "SELECT * FROM scim_users WHERE user_id = $1 AND ($2 OR NOT deleted)" + (" FOR UPDATE" if lock else ""),
        user_id,
        deleted,
    )


async def user_conflict(
    conn: asyncpg.Connection, user_name_key: str, external_id: str | None, other_than: str | None
) -> str | None:
    """The attribute ("userName" or "externalId") another live person already holds, if any."""
    row = await conn.fetchrow(
        """SELECT user_name_key = $1 AS by_name FROM scim_users
           WHERE NOT deleted AND (user_name_key = $1 OR external_id = $2)
             AND ($3::uuid IS NULL OR user_id <> $3::uuid)
           ORDER BY by_name DESC LIMIT 1""",
        user_name_key,
        external_id,
        other_than,
    )
    if row is None:
        return None
    return "userName" if row["by_name"] else "externalId"


async def user_by_external_id(conn: asyncpg.Connection, external_id: str) -> str | None:
    value = await conn.fetchval(
        "SELECT user_id FROM scim_users WHERE external_id = $1 ORDER BY deleted LIMIT 1", external_id
    )
    return None if value is None else str(value)


async def save_user(
    conn: asyncpg.Connection,
    user_id: str,
    user_name: str,
    user_name_key: str,
    external_id: str | None,
    emails: list[str],
    resource: dict[str, Any],
    *,
    create: bool = False,
) -> asyncpg.Record | None:
    """Create the record, bring a deleted one back (as new), or replace it; the version counts changes.
    With `create`, a live record is left alone and None returned: the person is provisioned already."""
    row = await conn.fetchrow(
        """INSERT INTO scim_users AS s (user_id, user_name, user_name_key, external_id, emails, resource)
           VALUES ($1, $2, $3, $4, $5, $6::jsonb)
           ON CONFLICT (user_id) DO UPDATE SET
               user_name = excluded.user_name, user_name_key = excluded.user_name_key,
               external_id = excluded.external_id, emails = excluded.emails, resource = excluded.resource,
               version = s.version + 1, modified = now(), deleted = false,
               created = CASE WHEN s.deleted THEN now() ELSE s.created END
           WHERE s.deleted OR NOT $7
           RETURNING *""",
        user_id,
        user_name,
        user_name_key,
        external_id,
        emails,
        json.dumps(resource),
        create,
    )
    assert row is not None or create
    return row


async def touch_user(conn: asyncpg.Connection, user_id: str) -> asyncpg.Record:
    """A change that is Kantine's alone (active): a new version and modification time."""
    row = await conn.fetchrow(
        "UPDATE scim_users SET version = version + 1, modified = now() WHERE user_id = $1 RETURNING *", user_id
    )
    assert row is not None
    return row


async def delete_user(conn: asyncpg.Connection, user_id: str) -> list[tuple[str, str | None]]:
    """Mark the person deleted and take them out of every group; returns (group, linked group) of each."""
    await conn.execute("UPDATE scim_users SET deleted = true, modified = now() WHERE user_id = $1", user_id)
    rows = await conn.fetch(
        """DELETE FROM scim_group_members m USING scim_groups g
           WHERE m.user_id = $1 AND g.group_id = m.group_id
           RETURNING g.group_id, g.linked_group_id""",
        user_id,
    )
    await conn.execute(
        """UPDATE scim_groups SET version = version + 1, modified = now()
           WHERE group_id = ANY($1::uuid[])""",
        [r["group_id"] for r in rows],
    )
    return [(str(r["group_id"]), str(r["linked_group_id"]) if r["linked_group_id"] else None) for r in rows]


async def find_users(
    conn: asyncpg.Connection, where: Where | None, offset: int, limit: int
) -> tuple[list[asyncpg.Record], int]:
    """A page of live people matching the filter, oldest first, and how many match in all."""
    condition, params = (where.sql, where.params) if where else ("TRUE", [])
    n = len(params)
    total = await conn.fetchval(f"SELECT count(*) FROM scim_users u WHERE NOT u.deleted AND {condition}", *params)
    if limit <= 0:
        return [], int(total)
    rows = await conn.fetch(
        f"""SELECT u.* FROM scim_users u WHERE NOT u.deleted AND {condition}
            ORDER BY u.created, u.user_id OFFSET ${n + 1} LIMIT ${n + 2}""",
        *params,
        offset,
        limit,
    )
    return list(rows), int(total)


async def live_users(conn: asyncpg.Connection, user_ids: Iterable[str]) -> set[str]:
    """Which of these ids are live SCIM people (ids that are not UUIDs are none)."""
    rows = await conn.fetch(
        "SELECT user_id FROM scim_users WHERE user_id = ANY($1::uuid[]) AND NOT deleted", [*_uuids(user_ids)]
    )
    return {str(r[0]) for r in rows}


def _uuids(values: Iterable[str]) -> Iterable[str]:
    for value in values:
        try:
            yield str(uuid.UUID(value))
        except ValueError:
            continue


# ----- groups -----


async def group(conn: asyncpg.Connection, group_id: str, *, lock: bool = False) -> asyncpg.Record | None:
    return await conn.fetchrow(
        "SELECT * FROM scim_groups WHERE group_id = $1" + (" FOR UPDATE" if lock else ""), group_id
    )


async def group_conflict(
    conn: asyncpg.Connection, display_key: str, external_id: str | None, other_than: str | None
) -> str | None:
    row = await conn.fetchrow(
        """SELECT display_key = $1 AS by_name FROM scim_groups
           WHERE (display_key = $1 OR external_id = $2) AND ($3::uuid IS NULL OR group_id <> $3::uuid)
           ORDER BY by_name DESC LIMIT 1""",
        display_key,
        external_id,
        other_than,
    )
    if row is None:
        return None
    return "displayName" if row["by_name"] else "externalId"


async def save_group(
    conn: asyncpg.Connection, group_id: str, display_name: str, display_key: str, external_id: str | None
) -> asyncpg.Record:
    row = await conn.fetchrow(
        """INSERT INTO scim_groups AS g (group_id, display_name, display_key, external_id) VALUES ($1, $2, $3, $4)
           ON CONFLICT (group_id) DO UPDATE SET
               display_name = excluded.display_name, display_key = excluded.display_key,
               external_id = excluded.external_id, version = g.version + 1, modified = now()
           RETURNING *""",
        group_id,
        display_name,
        display_key,
        external_id,
    )
    assert row is not None
    return row


async def member_ids(conn: asyncpg.Connection, group_id: str) -> set[str]:
    rows = await conn.fetch("SELECT user_id FROM scim_group_members WHERE group_id = $1", group_id)
    return {str(r[0]) for r in rows}


async def members(conn: asyncpg.Connection, group_ids: list[str]) -> dict[str, list[tuple[str, str]]]:
    """Each group's members as (user id, userName), by userName."""
    rows = await conn.fetch(
        """SELECT m.group_id, m.user_id, u.user_name FROM scim_group_members m JOIN scim_users u USING (user_id)
           WHERE m.group_id = ANY($1::uuid[]) ORDER BY u.user_name_key, m.user_id""",
        group_ids,
    )
    found: dict[str, list[tuple[str, str]]] = {g: [] for g in group_ids}
    for r in rows:
        found[str(r["group_id"])].append((str(r["user_id"]), r["user_name"]))
    return found


async def change_members(conn: asyncpg.Connection, group_id: str, joins: list[str], leaves: list[str]) -> None:
    if joins:
        await conn.execute(
            """INSERT INTO scim_group_members (group_id, user_id)
               SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING""",
            group_id,
            joins,
        )
    if leaves:
        await conn.execute(
            "DELETE FROM scim_group_members WHERE group_id = $1 AND user_id = ANY($2::uuid[])", group_id, leaves
        )


async def still_in_linked(conn: asyncpg.Connection, kantine_group_id: str, user_ids: list[str]) -> set[str]:
    """Which of these people are still in some directory group linked to the Kantine group."""
    rows = await conn.fetch(
        """SELECT DISTINCT m.user_id FROM scim_group_members m JOIN scim_groups g USING (group_id)
           WHERE g.linked_group_id = $1 AND m.user_id = ANY($2::uuid[])""",
        kantine_group_id,
        user_ids,
    )
    return {str(r[0]) for r in rows}


async def linked_groups_of(conn: asyncpg.Connection, user_id: str) -> list[str]:
    """The Kantine groups the person's directory groups are linked to."""
    rows = await conn.fetch(
        """SELECT DISTINCT g.linked_group_id FROM scim_group_members m JOIN scim_groups g USING (group_id)
           WHERE m.user_id = $1 AND g.linked_group_id IS NOT NULL""",
        user_id,
    )
    return [str(r[0]) for r in rows]


async def find_groups(
    conn: asyncpg.Connection, where: Where | None, offset: int, limit: int
) -> tuple[list[asyncpg.Record], int]:
    condition, params = (where.sql, where.params) if where else ("TRUE", [])
    n = len(params)
    total = await conn.fetchval(f"SELECT count(*) FROM scim_groups g WHERE {condition}", *params)
    if limit <= 0:
        return [], int(total)
    rows = await conn.fetch(
        f"""SELECT g.*, (SELECT count(*) FROM scim_group_members m WHERE m.group_id = g.group_id) AS member_count
            FROM scim_groups g WHERE {condition}
            ORDER BY g.created, g.group_id OFFSET ${n + 1} LIMIT ${n + 2}""",
        *params,
        offset,
        limit,
    )
    return list(rows), int(total)


async def delete_group(conn: asyncpg.Connection, group_id: str) -> bool:
    return str(await conn.execute("DELETE FROM scim_groups WHERE group_id = $1", group_id)) != "DELETE 0"


async def link(conn: asyncpg.Connection, group_id: str, kantine_group_id: str | None, by: str | None) -> asyncpg.Record:
    row = await conn.fetchrow(
        """UPDATE scim_groups SET linked_group_id = $2, linked_by = $3, version = version + 1, modified = now()
           WHERE group_id = $1 RETURNING *""",
        group_id,
        kantine_group_id,
        by,
    )
    assert row is not None
    return row
