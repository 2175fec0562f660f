"""The feed's tables: what the rules decide on, loaded in the command's transaction.

Loading with `lock=True` takes the aggregate's row lock, so two commands on the same post or group
queue up instead of failing; the event store's stream version still guards the append.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import cast

import asyncpg

from kantine import db
from kantine.errors import invalid
from kantine.v1 import events_pb2 as ev
from services.feed.domain.model import Comment, Group, Membership, Person, Post
from services.feed.projection import NIL

SCHEMA = "feed"
MIGRATIONS = [*db.sdk_migrations("eventstore"), *db.read_migrations(SCHEMA, Path(__file__).parent / "migrations")]


def is_uuid(value: str) -> bool:
    """Ids arrive from outside: one that is not a UUID names nothing (and must not reach a uuid column)."""
    try:
        return bool(value) and str(uuid.UUID(value)) == value.lower()
    except ValueError:
        return False


def _lock(lock: bool) -> str:
    return " FOR UPDATE" if lock else ""


async def person(conn: asyncpg.Connection, user_id: str, *, lock: bool = False) -> Person | None:
    if not is_uuid(user_id):
        return None
    row = await conn.fetchrow(
        "SELECT user_id, active, leader, community_manager, version FROM users WHERE user_id = $1" + _lock(lock),
        user_id,
    )
    return None if row is None else Person(str(row[0]), row[1], row[2], row[3], row[4])


async def people(conn: asyncpg.Connection, user_ids: list[str]) -> dict[str, Person]:
    rows = await conn.fetch(
        "SELECT user_id, active, leader, community_manager, version FROM users WHERE user_id = ANY($1::uuid[])",
        [u for u in user_ids if is_uuid(u)],
    )
    return {str(r[0]): Person(str(r[0]), r[1], r[2], r[3], r[4]) for r in rows}


async def flags(conn: asyncpg.Connection, user_id: str) -> tuple[bool, bool]:
    """(leader, community manager) of a person; an id that is not a UUID is nobody's."""
    if not is_uuid(user_id):
        return False, False
    row = await conn.fetchrow("SELECT leader, community_manager FROM users WHERE user_id = $1", user_id)
    return (False, False) if row is None else (row[0], row[1])


async def user_by_external_id(conn: asyncpg.Connection, external_id: str) -> str | None:
    if not external_id:
        return None
    value = await conn.fetchval("SELECT user_id FROM users WHERE external_id = $1", external_id)
    return None if value is None else str(value)


async def follows_user(conn: asyncpg.Connection, follower: str, followee: str) -> bool:
    return bool(
        await conn.fetchval(
            "SELECT EXISTS (SELECT 1 FROM follows_users WHERE follower_id = $1 AND followee_id = $2)",
            follower,
            followee,
        )
    )


async def follows_tag(conn: asyncpg.Connection, follower: str, tag: str) -> bool:
    return bool(
        await conn.fetchval(
            "SELECT EXISTS (SELECT 1 FROM follows_tags WHERE follower_id = $1 AND tag = $2)", follower, tag
        )
    )


async def group(conn: asyncpg.Connection, group_id: str, *, lock: bool = False) -> Group | None:
    if not is_uuid(group_id):
        return None
    row = await conn.fetchrow(
        """SELECT group_id, name, visibility, posting_policy, archived, merged_into, version, end_date, imported
           FROM groups WHERE group_id = $1"""
        + _lock(lock),
        group_id,
    )
    if row is None:
        return None
    end_date = row[7].isoformat() if row[7] else ""
    return Group(str(row[0]), row[1], row[2], row[3], row[4], str(row[5] or ""), row[6], end_date, row[8])


async def membership(conn: asyncpg.Connection, group_id: str, user_id: str) -> Membership:
    if not is_uuid(group_id) or not is_uuid(user_id):
        return Membership()
    row = await conn.fetchrow(
        """SELECT (SELECT role FROM group_members WHERE group_id = $1 AND user_id = $2),
                  EXISTS (SELECT 1 FROM group_pending WHERE group_id = $1 AND user_id = $2 AND kind = 'request'),
                  EXISTS (SELECT 1 FROM group_pending WHERE group_id = $1 AND user_id = $2 AND kind = 'invite')""",
        group_id,
        user_id,
    )
    assert row is not None
    return Membership(cast(ev.MemberRole, row[0] or 0), row[1], row[2])


async def group_context(
    conn: asyncpg.Connection, group_id: str, user_id: str, *, lock: bool = True
) -> tuple[Group | None, Membership]:
    """A group with the person's standing in it: what every rule about a group decides on.

    `lock` takes the group's row lock (a command); a read passes False.
    """
    return await group(conn, group_id, lock=lock), await membership(conn, group_id, user_id)


async def owners(conn: asyncpg.Connection, group_id: str) -> int:
    return int(await conn.fetchval("SELECT count(*) FROM group_members WHERE group_id = $1 AND role = 3", group_id))


async def roles(conn: asyncpg.Connection, group_id: str, user_ids: list[str]) -> dict[str, ev.MemberRole]:
    """The role of each of these people who is a member of the group."""
    rows = await conn.fetch(
        "SELECT user_id, role FROM group_members WHERE group_id = $1 AND user_id = ANY($2::uuid[])",
        group_id,
        [u for u in user_ids if is_uuid(u)],
    )
    return {str(r[0]): cast(ev.MemberRole, r[1]) for r in rows}


async def members(conn: asyncpg.Connection, group_id: str) -> dict[str, ev.MemberRole]:
    rows = await conn.fetch("SELECT user_id, role FROM group_members WHERE group_id = $1", group_id)
    return {str(r[0]): cast(ev.MemberRole, r[1]) for r in rows}


async def post(conn: asyncpg.Connection, post_id: str, *, lock: bool = False) -> Post | None:
    if not is_uuid(post_id):
        return None
    row = await conn.fetchrow(
        """SELECT post_id, author_id, group_id, kind, deleted, published, pinned, must_read,
                  cardinality(poll_options), accepted_comment_id, version, publish_at, imported
           FROM posts WHERE post_id = $1"""
        + _lock(lock),
        post_id,
    )
    if row is None:
        return None
    publish_at = row[11].isoformat().replace("+00:00", "Z") if row[11] else ""
    return Post(
        str(row[0]), str(row[1]), str(row[2] or ""), row[3], row[4], row[5], row[6], row[7], row[8],
        str(row[9] or ""), row[10], publish_at, row[12],
    )  # fmt: skip


async def post_context(
    conn: asyncpg.Connection, post_id: str, user_id: str, *, lock: bool = False
) -> tuple[Post | None, Group | None, Membership]:
    """A post with its group and the person's standing in it: what every rule about a post decides on.

    `lock` takes the post's row lock (a command); the group is only read.
    """
    found = await post(conn, post_id, lock=lock)
    if found is None:
        return None, None, Membership()
    return found, await group(conn, found.group_id), await membership(conn, found.group_id, user_id)


async def post_position(conn: asyncpg.Connection, post_id: str) -> int:
    """The global position of the post's PostCreated (0 for an unknown post)."""
    if not is_uuid(post_id):
        return 0
    return int(await conn.fetchval("SELECT position FROM posts WHERE post_id = $1", post_id) or 0)


async def comment(conn: asyncpg.Connection, post_id: str, comment_id: str) -> Comment | None:
    if not is_uuid(comment_id) or not is_uuid(post_id):
        return None
    row = await conn.fetchrow(
        """SELECT comment_id, author_id, parent_id, deleted, imported
           FROM comments WHERE comment_id = $1 AND post_id = $2""",
        comment_id,
        post_id,
    )
    return None if row is None else Comment(str(row[0]), str(row[1]), str(row[2] or ""), row[3], row[4])


async def reaction(conn: asyncpg.Connection, post_id: str, comment_id: str, user_id: str) -> str:
    value = await conn.fetchval(
        "SELECT reaction FROM reactions WHERE post_id = $1 AND comment_id = $2 AND user_id = $3",
        post_id,
        comment_id or NIL,
        user_id,
    )
    return str(value or "")


async def vote(conn: asyncpg.Connection, post_id: str, user_id: str) -> int | None:
    value = await conn.fetchval("SELECT option FROM poll_votes WHERE post_id = $1 AND user_id = $2", post_id, user_id)
    return None if value is None else int(value)


async def has_read(conn: asyncpg.Connection, post_id: str, user_id: str) -> bool:
    return bool(
        await conn.fetchval(
            "SELECT EXISTS (SELECT 1 FROM post_reads WHERE post_id = $1 AND user_id = $2)", post_id, user_id
        )
    )


async def claim_key(conn: asyncpg.Connection, actor_id: str, key: str, command: str) -> str | None:
    """The result of an earlier call with this idempotency key, or None if this call is the first.

    A concurrent call with the same key waits here until the first commits, then sees its result.
    """
    if not key:
        return None
    inserted = await conn.fetchval(
        """INSERT INTO idempotency_keys (actor_id, key, command, result_id) VALUES ($1, $2, $3, '')
           ON CONFLICT DO NOTHING RETURNING true""",
        actor_id,
        key,
        command,
    )
    if inserted:
        return None
    row = await conn.fetchrow("SELECT command, result_id FROM idempotency_keys WHERE actor_id = $1 AND key = $2",
                              actor_id, key)  # fmt: skip
    assert row is not None
    if row[0] != command:
        raise invalid(f"this idempotency key was used for {row[0]} already", "idempotency_key")
    return str(row[1])


async def settle_key(conn: asyncpg.Connection, actor_id: str, key: str, result_id: str) -> None:
    if key:
        await conn.execute(
            "UPDATE idempotency_keys SET result_id = $3 WHERE actor_id = $1 AND key = $2", actor_id, key, result_id
        )
