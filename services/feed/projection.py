"""How each feed event changes the feed's read models: the one code path for live writes and rebuilds.

A command handler appends its events and calls `apply` for each in the same transaction; a rebuild
replays the event store through the same `apply` into empty tables. So a rebuilt read model cannot
drift from the live one, and the tables hold nothing that the events do not.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

import asyncpg
from google.protobuf.message import Message

from kantine.envelope import Envelope
from kantine.projections import ReadModels
from kantine.v1 import events_pb2 as ev

NIL = "00000000-0000-0000-0000-000000000000"  # reactions.comment_id of a reaction on the post itself
PUBLIC = ev.GROUP_VISIBILITY_PUBLIC

Apply = Callable[[asyncpg.Connection, Any, Envelope, int], Awaitable[None]]
_appliers: dict[type[Message], Apply] = {}

# The tables `apply` writes: what a rebuild recreates and swaps in.
TABLES = (
    "users",
    "follows_users",
    "follows_tags",
    "groups",
    "group_members",
    "group_pending",
    "posts",
    "post_tags",
    "post_edits",
    "comments",
    "reactions",
    "post_reads",
    "poll_votes",
)


def on(event_type: type[Message]) -> Callable[[Apply], Apply]:
    def register(fn: Apply) -> Apply:
        _appliers[event_type] = fn
        return fn

    return register


async def apply(conn: asyncpg.Connection, event: Message, env: Envelope, position: int) -> None:
    fn = _appliers.get(type(event))
    if fn is None:
        raise LookupError(f"the feed projection has no rule for {type(event).__name__}")
    await fn(conn, event, env, position)


READ_MODELS = ReadModels("feed", TABLES, apply)  # what `kantine projections rebuild feed` replays


def handled() -> set[str]:
    return {t.__name__ for t in _appliers}


def _uuid_or_none(value: str) -> str | None:
    return value or None


# ----- people -----


@on(ev.UserProvisioned)
async def _user_provisioned(conn: asyncpg.Connection, e: ev.UserProvisioned, env: Envelope, _: int) -> None:
    await conn.execute(
        """INSERT INTO users (user_id, external_id, display_name, email, title, department, location, manager_id,
                              locale, avatar_url, leader, community_manager, skills, version, created_at, country)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)""",
        e.user_id, e.external_id or None, e.display_name, e.email, e.title, e.department, e.location,
        _uuid_or_none(e.manager_id), e.locale, e.avatar_url, e.leader, e.community_manager, list(e.skills),
        env.aggregate_version, env.occurred_at, e.country,
    )  # fmt: skip


@on(ev.UserUpdated)
async def _user_updated(conn: asyncpg.Connection, e: ev.UserUpdated, env: Envelope, _: int) -> None:
    await conn.execute(
        """UPDATE users SET display_name = $2, email = $3, title = $4, department = $5, location = $6,
                  manager_id = $7, locale = $8, avatar_url = $9, leader = $10, community_manager = $11,
                  skills = $12, version = $13, country = $14
           WHERE user_id = $1""",
        e.user_id, e.display_name, e.email, e.title, e.department, e.location, _uuid_or_none(e.manager_id),
        e.locale, e.avatar_url, e.leader, e.community_manager, list(e.skills), env.aggregate_version, e.country,
    )  # fmt: skip


@on(ev.UserDeactivated)
@on(ev.UserReactivated)
async def _user_active(conn: asyncpg.Connection, e: Message, env: Envelope, _: int) -> None:
    active = isinstance(e, ev.UserReactivated)
    await conn.execute(
        "UPDATE users SET active = $2, version = $3 WHERE user_id = $1",
        e.user_id,  # type: ignore[attr-defined]
        active,
        env.aggregate_version,
    )


@on(ev.Followed)
async def _followed(conn: asyncpg.Connection, e: ev.Followed, env: Envelope, _: int) -> None:
    if e.tag:
        await conn.execute(
            "INSERT INTO follows_tags VALUES ($1, $2, $3) ON CONFLICT DO NOTHING", e.follower_id, e.tag, env.occurred_at
        )
    else:
        await conn.execute(
            "INSERT INTO follows_users VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            e.follower_id,
            e.followee_user_id,
            env.occurred_at,
        )
    await _user_version(conn, e.follower_id, env)


@on(ev.Unfollowed)
async def _unfollowed(conn: asyncpg.Connection, e: ev.Unfollowed, env: Envelope, _: int) -> None:
    if e.tag:
        await conn.execute("DELETE FROM follows_tags WHERE follower_id = $1 AND tag = $2", e.follower_id, e.tag)
    else:
        await conn.execute(
            "DELETE FROM follows_users WHERE follower_id = $1 AND followee_id = $2", e.follower_id, e.followee_user_id
        )
    await _user_version(conn, e.follower_id, env)


async def _user_version(conn: asyncpg.Connection, user_id: str, env: Envelope) -> None:
    await conn.execute("UPDATE users SET version = $2 WHERE user_id = $1", user_id, env.aggregate_version)


# ----- groups -----


async def _group_version(conn: asyncpg.Connection, group_id: str, env: Envelope) -> None:
    await conn.execute("UPDATE groups SET version = $2 WHERE group_id = $1", group_id, env.aggregate_version)


def _date(value: str) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


@on(ev.GroupCreated)
async def _group_created(conn: asyncpg.Connection, e: ev.GroupCreated, env: Envelope, _: int) -> None:
    await conn.execute(
        """INSERT INTO groups (group_id, name, purpose, visibility, posting_policy, end_date, created_by,
                               created_at, version, imported)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)""",
        e.group_id, e.name, e.purpose, e.visibility, e.posting_policy, _date(e.end_date),
        _uuid_or_none(e.created_by), env.occurred_at, env.aggregate_version, env.imported,
    )  # fmt: skip
    await conn.executemany(
        "INSERT INTO group_members VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
        [(e.group_id, owner, ev.MEMBER_ROLE_OWNER, env.occurred_at) for owner in e.owner_ids],
    )


@on(ev.GroupUpdated)
async def _group_updated(conn: asyncpg.Connection, e: ev.GroupUpdated, env: Envelope, _: int) -> None:
    await conn.execute(
        """UPDATE groups SET name = $2, purpose = $3, visibility = $4, posting_policy = $5, end_date = $6,
                  version = $7 WHERE group_id = $1""",
        e.group_id, e.name, e.purpose, e.visibility, e.posting_policy, _date(e.end_date), env.aggregate_version,
    )  # fmt: skip
    await conn.execute("UPDATE posts SET open_to_all = $2 WHERE group_id = $1", e.group_id, e.visibility == PUBLIC)


@on(ev.MemberJoined)
async def _member_joined(conn: asyncpg.Connection, e: ev.MemberJoined, env: Envelope, _: int) -> None:
    await conn.execute(
        "INSERT INTO group_members VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
        e.group_id,
        e.user_id,
        e.role or ev.MEMBER_ROLE_MEMBER,
        env.occurred_at,
    )
    await conn.execute("DELETE FROM group_pending WHERE group_id = $1 AND user_id = $2", e.group_id, e.user_id)
    await _group_version(conn, e.group_id, env)


@on(ev.MemberLeft)
async def _member_left(conn: asyncpg.Connection, e: ev.MemberLeft, env: Envelope, _: int) -> None:
    await conn.execute("DELETE FROM group_members WHERE group_id = $1 AND user_id = $2", e.group_id, e.user_id)
    await _group_version(conn, e.group_id, env)


@on(ev.JoinRequested)
@on(ev.MemberInvited)
async def _pending(conn: asyncpg.Connection, e: Any, env: Envelope, _: int) -> None:
    kind, by = ("invite", e.invited_by) if isinstance(e, ev.MemberInvited) else ("request", "")
    await conn.execute(
        "INSERT INTO group_pending VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
        e.group_id,
        e.user_id,
        kind,
        _uuid_or_none(by),
        env.occurred_at,
    )
    await _group_version(conn, e.group_id, env)


@on(ev.JoinRequestDeclined)
async def _declined(conn: asyncpg.Connection, e: ev.JoinRequestDeclined, env: Envelope, _: int) -> None:
    await conn.execute(
        "DELETE FROM group_pending WHERE group_id = $1 AND user_id = $2 AND kind = 'request'", e.group_id, e.user_id
    )
    await _group_version(conn, e.group_id, env)


@on(ev.MemberRoleChanged)
async def _role(conn: asyncpg.Connection, e: ev.MemberRoleChanged, env: Envelope, _: int) -> None:
    await conn.execute(
        "UPDATE group_members SET role = $3 WHERE group_id = $1 AND user_id = $2", e.group_id, e.user_id, e.role
    )
    await _group_version(conn, e.group_id, env)


@on(ev.GroupArchived)
async def _archived(conn: asyncpg.Connection, e: ev.GroupArchived, env: Envelope, _: int) -> None:
    await conn.execute("UPDATE groups SET archived = true WHERE group_id = $1", e.group_id)
    await _group_version(conn, e.group_id, env)


@on(ev.GroupUnarchived)
async def _unarchived(conn: asyncpg.Connection, e: ev.GroupUnarchived, env: Envelope, _: int) -> None:
    await conn.execute(
        "UPDATE groups SET archived = false, end_date = CASE WHEN $2 THEN NULL ELSE end_date END WHERE group_id = $1",
        e.group_id, e.end_date_cleared,
    )  # fmt: skip
    await _group_version(conn, e.group_id, env)


@on(ev.GroupMerged)
async def _merged(conn: asyncpg.Connection, e: ev.GroupMerged, env: Envelope, _: int) -> None:
    """The posts move (keeping their place in time); the members arrive by their own MemberJoined events."""
    await conn.execute(
        "UPDATE groups SET archived = true, merged_into = $2 WHERE group_id = $1", e.group_id, e.into_group_id
    )
    await conn.execute(
        """UPDATE posts SET group_id = $2,
                  open_to_all = (SELECT visibility = $3 FROM groups WHERE group_id = $2)
           WHERE group_id = $1""",
        e.group_id,
        e.into_group_id,
        PUBLIC,
    )
    await _group_version(conn, e.group_id, env)


# ----- posts -----


async def _post_version(conn: asyncpg.Connection, post_id: str, env: Envelope) -> None:
    await conn.execute("UPDATE posts SET version = $2 WHERE post_id = $1", post_id, env.aggregate_version)


@on(ev.PostCreated)
async def _post_created(conn: asyncpg.Connection, e: ev.PostCreated, env: Envelope, position: int) -> None:
    scheduled = bool(e.publish_at)
    open_to_all = True
    if e.group_id:
        open_to_all = bool(
            await conn.fetchval("SELECT visibility = $2 FROM groups WHERE group_id = $1", e.group_id, PUBLIC)
        )
    rank = None if scheduled else position
    await conn.execute(
        """INSERT INTO posts (post_id, author_id, group_id, kind, body, tags, mentions, links, praised_user_ids,
                              company_value, poll_options, must_read, publish_at, published, open_to_all, position,
                              rank, created_at, version, imported)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)""",
        e.post_id, e.author_id, _uuid_or_none(e.group_id), e.kind, e.body, list(e.tags), list(e.mentioned_user_ids),
        list(e.links), list(e.praised_user_ids), e.company_value, list(e.poll_options), e.must_read,
        dt.datetime.fromisoformat(e.publish_at.replace("Z", "+00:00")) if scheduled else None, not scheduled,
        open_to_all, position, rank, env.occurred_at, env.aggregate_version, env.imported,
    )  # fmt: skip
    if rank is not None and e.tags:
        await _insert_tags(conn, e.post_id, list(e.tags), rank)


async def _insert_tags(conn: asyncpg.Connection, post_id: str, tags: list[str], rank: int) -> None:
    await conn.execute("INSERT INTO post_tags SELECT unnest($1::text[]), $2, $3", tags, rank, post_id)


async def _index_tags(conn: asyncpg.Connection, post_id: str, tags: list[str], rank: int) -> None:
    await conn.execute("DELETE FROM post_tags WHERE post_id = $1", post_id)
    if tags:
        await _insert_tags(conn, post_id, tags, rank)


@on(ev.PostPublished)
async def _published(conn: asyncpg.Connection, e: ev.PostPublished, env: Envelope, position: int) -> None:
    tags = await conn.fetchval(
        "UPDATE posts SET published = true, rank = $2, version = $3 WHERE post_id = $1 RETURNING tags",
        e.post_id,
        position,
        env.aggregate_version,
    )
    await _index_tags(conn, e.post_id, list(tags or []), position)


@on(ev.PostEdited)
async def _post_edited(conn: asyncpg.Connection, e: ev.PostEdited, env: Envelope, _: int) -> None:
    """The text before the edit goes to the history, so the edit stays visible."""
    await conn.execute(
        """INSERT INTO post_edits (post_id, version, body, edited_by, edited_at)
           SELECT post_id, version, body, $2, $3 FROM posts WHERE post_id = $1""",
        e.post_id,
        e.editor_id,
        env.occurred_at,
    )
    rank = await conn.fetchval(
        """UPDATE posts SET body = $2, tags = $3, mentions = $4, links = $5, edited_at = $6, version = $7
           WHERE post_id = $1 RETURNING rank""",
        e.post_id, e.body, list(e.tags), list(e.mentioned_user_ids), list(e.links), env.occurred_at,
        env.aggregate_version,
    )  # fmt: skip
    if rank is not None:
        await _index_tags(conn, e.post_id, list(e.tags), rank)


@on(ev.PostDeleted)
async def _post_deleted(conn: asyncpg.Connection, e: ev.PostDeleted, env: Envelope, _: int) -> None:
    """A tombstone: the row stays (so the id is known and stays deleted), the content goes."""
    await conn.execute(
        """UPDATE posts SET deleted = true, pinned = false, body = '', tags = '{}', mentions = '{}', links = '{}',
                  poll_options = '{}', company_value = '', version = $2 WHERE post_id = $1""",
        e.post_id,
        env.aggregate_version,
    )
    for table in ("post_tags", "post_edits", "comments", "reactions", "post_reads", "poll_votes"):
        await conn.execute(f"DELETE FROM {table} WHERE post_id = $1", e.post_id)


@on(ev.PostPinned)
@on(ev.PostUnpinned)
async def _pinned(conn: asyncpg.Connection, e: Any, env: Envelope, _: int) -> None:
    await conn.execute(
        "UPDATE posts SET pinned = $2, version = $3 WHERE post_id = $1",
        e.post_id,
        isinstance(e, ev.PostPinned),
        env.aggregate_version,
    )


@on(ev.PostRead)
async def _read(conn: asyncpg.Connection, e: ev.PostRead, env: Envelope, _: int) -> None:
    await conn.execute("INSERT INTO post_reads VALUES ($1, $2, $3) ON CONFLICT DO NOTHING", e.post_id, e.user_id,
                       env.occurred_at)  # fmt: skip
    await _post_version(conn, e.post_id, env)


@on(ev.PollVoted)
async def _voted(conn: asyncpg.Connection, e: ev.PollVoted, env: Envelope, _: int) -> None:
    await conn.execute(
        """INSERT INTO poll_votes VALUES ($1, $2, $3)
           ON CONFLICT (post_id, user_id) DO UPDATE SET option = excluded.option""",
        e.post_id,
        e.user_id,
        e.option,
    )
    await _post_version(conn, e.post_id, env)


@on(ev.AnswerAccepted)
async def _accepted(conn: asyncpg.Connection, e: ev.AnswerAccepted, env: Envelope, _: int) -> None:
    await conn.execute(
        "UPDATE posts SET accepted_comment_id = $2, version = $3 WHERE post_id = $1",
        e.post_id,
        e.comment_id,
        env.aggregate_version,
    )


@on(ev.CommentAdded)
async def _comment_added(conn: asyncpg.Connection, e: ev.CommentAdded, env: Envelope, _: int) -> None:
    await conn.execute(
        """INSERT INTO comments (comment_id, post_id, parent_id, author_id, body, created_at, imported)
           VALUES ($1, $2, $3, $4, $5, $6, $7)""",
        e.comment_id, e.post_id, _uuid_or_none(e.parent_comment_id), e.author_id, e.body, env.occurred_at,
        env.imported,
    )  # fmt: skip
    await _post_version(conn, e.post_id, env)


@on(ev.CommentEdited)
async def _comment_edited(conn: asyncpg.Connection, e: ev.CommentEdited, env: Envelope, _: int) -> None:
    await conn.execute(
        "UPDATE comments SET body = $2, edited_at = $3 WHERE comment_id = $1", e.comment_id, e.body, env.occurred_at
    )
    await _post_version(conn, e.post_id, env)


@on(ev.CommentDeleted)
async def _comment_deleted(conn: asyncpg.Connection, e: ev.CommentDeleted, env: Envelope, _: int) -> None:
    await conn.execute("UPDATE comments SET deleted = true, body = '' WHERE comment_id = $1", e.comment_id)
    await conn.execute("DELETE FROM reactions WHERE comment_id = $1", e.comment_id)
    await conn.execute(
        "UPDATE posts SET accepted_comment_id = NULL WHERE post_id = $1 AND accepted_comment_id = $2",
        e.post_id,
        e.comment_id,
    )
    await _post_version(conn, e.post_id, env)


@on(ev.ReactionAdded)
async def _reaction_added(conn: asyncpg.Connection, e: ev.ReactionAdded, env: Envelope, _: int) -> None:
    await conn.execute(
        """INSERT INTO reactions VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (post_id, comment_id, user_id) DO UPDATE SET reaction = excluded.reaction, at = excluded.at""",
        e.post_id,
        e.comment_id or NIL,
        e.user_id,
        e.reaction,
        env.occurred_at,
    )
    await _post_version(conn, e.post_id, env)


@on(ev.ReactionRemoved)
async def _reaction_removed(conn: asyncpg.Connection, e: ev.ReactionRemoved, env: Envelope, _: int) -> None:
    await conn.execute(
        "DELETE FROM reactions WHERE post_id = $1 AND comment_id = $2 AND user_id = $3",
        e.post_id,
        e.comment_id or NIL,
        e.user_id,
    )
    await _post_version(conn, e.post_id, env)
