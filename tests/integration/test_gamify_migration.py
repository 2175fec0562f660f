"""Gamify's move to the SDK's directory (migration 0002) on a database that ran the service before it:
what gamify's own people, groups and members held is in the directory_* tables after (a private group
closed, an owner an owner, a creator's member count the members there are), the old tables are gone,
and what gamify reads from them (a person, a board's access, a creator's figure, a group's privacy on
the boards) is what the old tables gave."""

from __future__ import annotations

import datetime as dt
import uuid

import asyncpg

from kantine import db
from services.gamify import reads, store
from services.gamify.domain.rules import BadgeRule, Tier
from services.gamify.store import MIGRATIONS, NIL, SCHEMA

DAY = dt.date(2026, 12, 7)
AT = dt.datetime(2026, 12, 7, 12, tzinfo=dt.UTC)


def _before_the_directory() -> list[db.Migration]:
    """The migrations a database had applied before gamify used the SDK's directory."""
    return [m for m in MIGRATIONS if m.source != "kantine.directory" and (m.source, m.version) != (SCHEMA, 2)]


async def test_the_directory_migration_keeps_what_gamify_knew(database_url: str) -> None:
    await db.migrate_database(database_url, SCHEMA, _before_the_directory())
    owner, member, outsider, gone = (uuid.uuid4() for _ in range(4))
    private, public, early = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()  # early: members before its creation
    conn = await asyncpg.connect(database_url, server_settings={"search_path": SCHEMA})
    try:
        await conn.executemany(
            """INSERT INTO people (user_id, display_name, department, country, leader, community_manager, active)
               VALUES ($1, $2, $3, $4, $5, $6, $7)""",
            [(owner, "Olga", "Ops", "NO", True, False, True), (member, "Mo", "Sales", "SE", False, True, True),
             (outsider, "Otto", "", "", False, False, True), (gone, "Gone", "Ops", "NO", False, False, False)],
        )  # fmt: skip
        # gamify's count of the public group missed the member who joined before its creation arrived
        await conn.executemany(
            "INSERT INTO groups (group_id, created_by, private, members) VALUES ($1, $2, $3, $4)",
            [(private, owner, True, 2), (public, owner, False, 1)],
        )
        await conn.executemany(
            "INSERT INTO members (group_id, user_id, owner) VALUES ($1, $2, $3)",
            [(private, owner, True), (private, member, False), (public, owner, True), (public, member, False),
             (early, member, False)],
        )  # fmt: skip
        # a post in the private group: its points are inside it only
        await conn.execute(
            """INSERT INTO ledger (entry_id, user_id, action, points, key, group_id, private, source_event_id, at, day)
               VALUES ($1, $2, 'post', 5, 'post:1', $3, true, $4, $5, $6)""",
            uuid.uuid4(), member, private, uuid.uuid4(), AT, DAY,
        )  # fmt: skip
        await conn.execute(
            "INSERT INTO scores (scope, period, start, user_id, points) VALUES ($1, 'a', DATE '2000-01-01', $2, 5)",
            private, member,
        )  # fmt: skip
    finally:
        await conn.close()

    pool = await db.prepare_schema(database_url, SCHEMA, MIGRATIONS)
    try:
        async with pool.acquire() as conn:
            old_tables = await conn.fetchval(
                """SELECT count(*) FROM information_schema.tables WHERE table_schema = $1
                   AND table_name IN ('people', 'groups', 'members')""",
                SCHEMA,
            )  # fmt: skip
            assert old_tables == 0
            people = """SELECT user_id, display_name, department, country, leader, community_manager, active
                        FROM directory_people"""
            assert await _rows(conn, people) == {
                (owner, "Olga", "Ops", "NO", True, False, True), (member, "Mo", "Sales", "SE", False, True, True),
                (outsider, "Otto", "", "", False, False, True), (gone, "Gone", "Ops", "NO", False, False, False),
            }  # fmt: skip
            groups = "SELECT group_id, visibility, created_by, members FROM directory_groups"
            assert await _rows(conn, groups) == {
                (private, 2, owner, 2), (public, 1, owner, 2),
                (early, None, None, 1),  # closed until its settings arrive
            }  # fmt: skip
            assert await _rows(conn, "SELECT group_id, user_id, role FROM directory_members") == {
                (private, owner, 3), (private, member, 1), (public, owner, 3), (public, member, 1),
                (early, member, 1),
            }  # fmt: skip

            # what gamify reads from the directory is what the old tables gave
            found = await reads.person(conn, gone)
            assert found is not None and (found["display_name"], found["active"]) == ("Gone", False)
            assert await reads.community_manager(conn, member) and not await reads.community_manager(conn, owner)
            assert await reads.group_readable(conn, private, member)
            assert not await reads.group_readable(conn, private, outsider)
            assert await reads.group_readable(conn, public, outsider)
            rights = await reads.group_rights(conn, private, owner)
            assert (rights.known, rights.readable, rights.owner) == (True, True, True)
            assert not (await reads.group_rights(conn, uuid.uuid4(), owner)).known
            assert await reads.groups_visible_to(conn, outsider, [str(private), str(public)]) == {str(public)}
            builder = BadgeRule("builder", "Builder", "", "group_members", (Tier("", 2),))
            assert await store.figures(conn, str(owner), [builder], {}, DAY) == {"builder": 2}

            # the ledger agrees with the migrated privacy: syncing it moves nothing
            async with conn.transaction():
                await store.sync_group_privacy(conn, private)
            assert await conn.fetchval("SELECT count(*) FROM scores WHERE scope = $1", NIL) == 0
    finally:
        await pool.close()


async def _rows(conn: asyncpg.Connection, sql: str) -> set[tuple[object, ...]]:
    return {tuple(r) for r in await conn.fetch(sql)}
