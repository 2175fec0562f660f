"""The feed's own tables (its read models), always written inside the caller's transaction."""

from __future__ import annotations

from pathlib import Path

import asyncpg

from kantine import db
from kantine.v1 import events_pb2

SCHEMA = "feed"
MIGRATIONS = [*db.sdk_migrations("eventstore"), *db.read_migrations(SCHEMA, Path(__file__).parent / "migrations")]


async def insert_post(conn: asyncpg.Connection, post: events_pb2.PostCreated, position: int) -> None:
    await conn.execute(
        """INSERT INTO posts (post_id, author_id, group_id, kind, body, tags, position)
           VALUES ($1, $2, $3, $4, $5, $6, $7)""",
        post.post_id,
        post.author_id,
        post.group_id or None,
        post.kind,
        post.body,
        list(post.tags),
        position,
    )


async def post_position(conn: asyncpg.Connection, post_id: str) -> int | None:
    value = await conn.fetchval("SELECT position FROM posts WHERE post_id = $1", post_id)
    return None if value is None else int(value)
