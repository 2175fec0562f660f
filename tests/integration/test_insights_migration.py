"""Insights' move to the SDK's directory (migration 0002) on a database that ran the service before it:
what insights' own people, groups, members and join requests held is in the directory_* tables after,
what only insights needs (when a person was last seen, when a group last had a post) in its own tables,
and the figures read from them are the ones the old tables gave."""

from __future__ import annotations

import datetime as dt
import uuid

import asyncpg

from kantine import db
from services.insights import reads
from services.insights.store import MIGRATIONS, SCHEMA

NOW = dt.datetime(2026, 12, 7, 12, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)


def _before_the_directory() -> list[db.Migration]:
    """The migrations a database had applied before insights used the SDK's directory."""
    return [m for m in MIGRATIONS if m.source != "kantine.directory" and (m.source, m.version) != (SCHEMA, 2)]


async def test_the_directory_migration_keeps_what_insights_knew(database_url: str) -> None:
    await db.migrate_database(database_url, SCHEMA, _before_the_directory())
    owner, member, asker, gone = (uuid.uuid4() for _ in range(4))
    group, early = uuid.uuid4(), uuid.uuid4()  # early: members arrived before the group's settings
    conn = await asyncpg.connect(database_url, server_settings={"search_path": SCHEMA})
    try:
        await conn.executemany(
            """INSERT INTO people (user_id, display_name, department, leader, community_manager, manager_id, active,
                                   joined_at, last_seen_at) VALUES ($1, $2, 'Ops', $3, $4, $5, $6, $7, $8)""",
            [(owner, "Olga", True, False, None, True, NOW - 90 * DAY, NOW - DAY),
             (member, "Mo", False, True, owner, True, NOW - 30 * DAY, None),
             (asker, "Ask", False, False, owner, True, NOW - 20 * DAY, NOW - 2 * DAY),
             (gone, "Gone", False, False, None, False, NOW - 300 * DAY, NOW - 200 * DAY)],
        )  # fmt: skip
        await conn.execute(
            """INSERT INTO groups (group_id, name, purpose, visibility, archived, created_at, last_post_at)
               VALUES ($1, 'Ops', 'Operations', 2, false, $2, $3)""",
            group, NOW - 60 * DAY, NOW - 3 * DAY,
        )  # fmt: skip
        await conn.executemany(
            "INSERT INTO members (group_id, user_id, role, joined_at) VALUES ($1, $2, $3, $4)",
            [(group, owner, 3, NOW - 60 * DAY), (group, member, 1, NOW - 10 * DAY), (early, member, 1, NOW - 5 * DAY)],
        )
        await conn.execute(
            "INSERT INTO join_requests (group_id, user_id, requested_at) VALUES ($1, $2, $3)", group, asker, NOW - DAY
        )
    finally:
        await conn.close()

    pool = await db.prepare_schema(database_url, SCHEMA, MIGRATIONS)
    try:
        async with pool.acquire() as conn:
            old_tables = await conn.fetchval(
                """SELECT count(*) FROM information_schema.tables WHERE table_schema = $1
                   AND table_name IN ('people', 'groups', 'members', 'join_requests')""",
                SCHEMA,
            )  # fmt: skip
            assert old_tables == 0
            people = """SELECT user_id, display_name, department, leader, community_manager, manager_id, active,
                               joined_at FROM directory_people"""
            assert await _rows(conn, people) == {
                (owner, "Olga", "Ops", True, False, None, True, NOW - 90 * DAY),
                (member, "Mo", "Ops", False, True, owner, True, NOW - 30 * DAY),
                (asker, "Ask", "Ops", False, False, owner, True, NOW - 20 * DAY),
                (gone, "Gone", "Ops", False, False, None, False, NOW - 300 * DAY),
            }
            assert await _rows(conn, "SELECT user_id, last_seen_at FROM people_seen") == {
                (owner, NOW - DAY), (asker, NOW - 2 * DAY), (gone, NOW - 200 * DAY),
            }  # fmt: skip
            groups = "SELECT group_id, name, purpose, visibility, archived, created_at, members FROM directory_groups"
            assert await _rows(conn, groups) == {
                (group, "Ops", "Operations", 2, False, NOW - 60 * DAY, 2),
                (early, "", "", None, False, NOW - 5 * DAY, 1),  # closed until its settings arrive
            }
            assert await _rows(conn, "SELECT * FROM group_activity") == {(group, NOW - 3 * DAY)}
            assert await _rows(conn, "SELECT group_id, user_id, role, joined_at FROM directory_members") == {
                (group, owner, 3, NOW - 60 * DAY), (group, member, 1, NOW - 10 * DAY),
                (early, member, 1, NOW - 5 * DAY),
            }  # fmt: skip
            assert await _rows(conn, "SELECT * FROM directory_requests") == {(group, asker, NOW - DAY)}

            # the figures read from the directory are the ones the old tables gave
            viewer = await reads.viewer(conn, member)
            assert viewer is not None and viewer.community_manager
            assert viewer.member_of == {str(group), str(early)} and not viewer.owns
            assert await reads.population(conn) == {
                str(owner): (NOW - 90 * DAY, "Ops"), str(member): (NOW - 30 * DAY, "Ops"),
                str(asker): (NOW - 20 * DAY, "Ops"),
            }  # fmt: skip
            found = await reads.group(conn, group)
            assert found == {"group_id": str(group), "name": "Ops", "visibility": 2, "members": 2}
            assert await reads.group(conn, early) is None  # as before: a group insights does not know
            [request] = await reads.join_requests(conn)
            waiting = (request["group_name"], request["display_name"], request["requested_at"])
            assert waiting == ("Ops", "Ask", NOW - DAY)
            [health] = await reads.groups_health(conn, NOW, 24)
            assert (health["group_id"], health["last_post_at"], health["owners_present"]) == (
                str(group), NOW - 3 * DAY, True,
            )  # fmt: skip
    finally:
        await pool.close()


async def _rows(conn: asyncpg.Connection, sql: str) -> set[tuple[object, ...]]:
    return {tuple(r) for r in await conn.fetch(sql)}
