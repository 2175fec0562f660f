"""Search's upgrade to the SDK's directory (migration 0002_directory): what search kept of feed's directory in
its own tables is in the directory_* tables afterwards, with the versions that guarded it, so an event older
than what search had applied changes nothing after the upgrade either, and the queries find what they found."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from google.protobuf.message import Message

from kantine import codec, db
from kantine.consumer import EventContext, Router
from kantine.envelope import Envelope
from kantine.v1 import events_pb2 as ev
from services.search import reads, store
from services.search.handlers import build_router

# what a database of search had before the upgrade: search's first migration on the SDK's tables of then
BEFORE = [
    *db.sdk_migrations("eventstore", "consumer"),
    *[m for m in db.read_migrations(store.SCHEMA, Path(store.__file__).parent / "migrations") if m.version == 1],
]
OWNER, MEMBER, INVITEE, LEAVER = (uuid.uuid4() for _ in range(4))
GROUP, EARLY = uuid.uuid4(), uuid.uuid4()  # EARLY: known by a member only, its settings not arrived yet


@pytest.fixture
async def upgraded(database_url: str) -> AsyncIterator[asyncpg.Connection]:
    """A search schema written by the old handlers, then migrated to the directory."""
    conn = await asyncpg.connect(database_url, server_settings={"search_path": store.SCHEMA})
    try:
        await db.migrate(conn, store.SCHEMA, BEFORE)
        people = [
            (OWNER, "Olga Owner", "olga", "Controller", "Finance", "da", "danish", True, 7),
            (MEMBER, "Mats Member", "mats", "Accountant", "Finance", "sv", "swedish", False, 3),
            (INVITEE, "Ida Invitee", "ida", "", "", "", None, False, 2),
            (LEAVER, "Leo Leaver", "leo", "", "Sales", "en", "english", False, 4),
        ]
        await conn.executemany(
            """INSERT INTO people (user_id, display_name, handle, title, department, locale, language,
                                   community_manager, profile, version)
               VALUES ($1, $2, $3, $4, $5, $6, $7::text::regconfig, $8, to_tsvector('simple', $4 || ' ' || $5), $9)""",
            people,
        )  # fmt: skip
        await conn.execute("UPDATE people SET active = false WHERE user_id = $1", LEAVER)
        # a wrong count on purpose: search's own missed members who joined before the settings arrived
        await conn.execute(
            """INSERT INTO groups (group_id, name, purpose, visibility, posting_policy, members, document, version)
               VALUES ($1, 'Pay review', 'salaries and bonuses', 2, 0, 1, to_tsvector('simple', 'Pay review'), 9)""",
            GROUP,
        )
        await conn.executemany(
            "INSERT INTO members (user_id, group_id, state, version) VALUES ($1, $2, $3, $4)",
            [(OWNER, GROUP, 2, 1), (MEMBER, GROUP, 2, 5), (INVITEE, GROUP, 1, 6), (LEAVER, GROUP, 0, 8),
             (MEMBER, EARLY, 2, 4)],
        )  # fmt: skip
        await conn.execute(
            """INSERT INTO entries (entry_id, post_id, kind, author_id, group_id, open, body, tags, language,
                                    document, created_at)
               VALUES ($1, $1, 1, $2, $3, false, 'Osprey bonus', '{osprey}', 'simple',
                       to_tsvector('simple', 'Osprey bonus osprey'), now())""",
            uuid.uuid4(), OWNER, GROUP,
        )  # fmt: skip
        await conn.execute("INSERT INTO tags (tag) VALUES ('osprey')")
        await db.migrate(conn, store.SCHEMA, store.MIGRATIONS)
        yield conn
    finally:
        await conn.close()


async def _rows(conn: asyncpg.Connection, sql: str) -> set[tuple[Any, ...]]:
    return {tuple(r.values()) for r in await conn.fetch(sql)}


async def _columns(conn: asyncpg.Connection, table: str) -> set[str]:
    rows = await conn.fetch(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2",
        store.SCHEMA, table,
    )  # fmt: skip
    return {r["column_name"] for r in rows}


async def test_the_directory_holds_what_search_kept(upgraded: asyncpg.Connection) -> None:
    conn = upgraded
    assert await _rows(
        conn, "SELECT user_id, display_name, department, locale, community_manager, active FROM directory_people"
    ) == {
        (OWNER, "Olga Owner", "Finance", "da", True, True),
        (MEMBER, "Mats Member", "Finance", "sv", False, True),
        (INVITEE, "Ida Invitee", "", "", False, True),
        (LEAVER, "Leo Leaver", "Sales", "en", False, False),
    }  # fmt: skip
    groups = "SELECT group_id, name, purpose, visibility, posting_policy, archived, merged_into, members"
    assert await _rows(conn, f"{groups} FROM directory_groups") == {
        (GROUP, "Pay review", "salaries and bonuses", 2, 1, False, None, 2),
        (EARLY, "", "", None, 1, False, None, 1),  # closed until its settings arrive
    }  # fmt: skip
    assert await _rows(conn, "SELECT group_id, user_id, role FROM directory_members") == {
        (GROUP, OWNER, 1), (GROUP, MEMBER, 1), (EARLY, MEMBER, 1),
    }  # fmt: skip
    assert await _rows(conn, "SELECT group_id, user_id FROM directory_invitations") == {(GROUP, INVITEE)}
    versions = "SELECT aggregate_id, part, version FROM aggregate_versions WHERE consumer = 'search'"
    assert await _rows(conn, versions) == {
        *{(person, part, version) for person, version in ((OWNER, 7), (MEMBER, 3), (INVITEE, 2), (LEAVER, 4))
          for part in ("profile", "active")},
        (GROUP, "settings", 9), (GROUP, "archived", 9),
        (GROUP, f"member:{OWNER}", 1), (GROUP, f"member:{MEMBER}", 5), (GROUP, f"member:{INVITEE}", 6),
        (GROUP, f"member:{LEAVER}", 8), (EARLY, f"member:{MEMBER}", 4),
    }  # fmt: skip
    # search keeps what people and groups are found by, and nothing of the directory
    assert await conn.fetchval("SELECT to_regclass('search.members')") is None
    assert await _columns(conn, "people") == {"user_id", "handle", "title", "skills", "language", "profile"}
    assert await _columns(conn, "groups") == {"group_id", "name", "document"}


async def test_the_queries_find_what_they_found_before(upgraded: asyncpg.Connection) -> None:
    conn = upgraded
    assert await reads.tag(conn, MEMBER, "osprey") is not None  # a member reads the private group
    assert await reads.tag(conn, LEAVER, "osprey") is None  # one who left does not
    assert await reads.tag(conn, INVITEE, "osprey") is None  # nor does an invitee
    found = await reads.person(conn, "olga")
    assert found is not None and (found.id, found.label) == (OWNER, "Olga Owner")  # by handle, named by the directory
    found = await reads.person(conn, "Mats Membr")  # a typo, forgiven by the trigram index on the directory's names
    assert found is not None and found.id == MEMBER
    assert [r["user_id"] for r in await reads.people(conn, "Leo Leaver", 10, include_inactive=False)] == []
    assert [r["user_id"] for r in await reads.people(conn, "Leo Leaver", 10, include_inactive=True)] == [LEAVER]
    assert await reads.deactivated(conn, LEAVER) and not await reads.deactivated(conn, OWNER)
    assert await reads.community_manager(conn, OWNER) and not await reads.community_manager(conn, MEMBER)
    groups = await reads.groups(conn, MEMBER, "pay review", 10)
    assert [(r["group_id"], r["members"], r["viewer_is_member"]) for r in groups] == [(GROUP, 2, True)]


async def _deliver(
    conn: asyncpg.Connection, router: Router, event: Message, aggregate: uuid.UUID, version: int
) -> None:
    """One event through the consumer's handler, as the consumer calls it (in a transaction of its own)."""
    env = Envelope.new(codec.event_type_of(type(event)).name, str(aggregate), version, "")
    registration = router.handlers[env.event_type]
    assert registration.each is not None
    async with conn.transaction():
        await registration.each(event, EventContext(conn, env, router.name))


async def test_an_event_older_than_what_search_applied_still_changes_nothing(upgraded: asyncpg.Connection) -> None:
    conn, router = upgraded, build_router()
    group, leaver, invitee = str(GROUP), str(LEAVER), str(INVITEE)
    # older than what search had applied: the leave (8), the settings (9), the profile (7)
    await _deliver(conn, router, ev.MemberJoined(group_id=group, user_id=leaver), GROUP, 7)
    await _deliver(conn, router, ev.GroupUpdated(group_id=group, name="Pay review", visibility=1), GROUP, 8)
    await _deliver(conn, router, ev.UserUpdated(user_id=str(OWNER), display_name="Olga Old", title="Intern"), OWNER, 6)
    assert await reads.tag(conn, LEAVER, "osprey") is None
    assert await conn.fetchval("SELECT visibility FROM directory_groups WHERE group_id = $1", GROUP) == 2
    assert not await conn.fetchval("SELECT open FROM entries WHERE group_id = $1", GROUP)
    assert await conn.fetchval("SELECT title FROM people WHERE user_id = $1", OWNER) == "Controller"
    assert await conn.fetchval("SELECT display_name FROM directory_people WHERE user_id = $1", OWNER) == "Olga Owner"
    # newer ones apply, and search's reactions with them
    await _deliver(conn, router, ev.MemberJoined(group_id=group, user_id=invitee), GROUP, 10)
    assert await reads.tag(conn, INVITEE, "osprey") is not None
    assert await conn.fetchval("SELECT members FROM directory_groups WHERE group_id = $1", GROUP) == 3
    await _deliver(conn, router, ev.UserUpdated(user_id=str(OWNER), display_name="Olga Owner", title="CFO"), OWNER, 8)
    assert await conn.fetchval("SELECT title FROM people WHERE user_id = $1", OWNER) == "CFO"
