"""What the example consumer does with each event: the only file most extensions need to change."""

from __future__ import annotations

from pathlib import Path

from kantine import db
from kantine.consumer import EventContext, Router
from kantine.v1.events_pb2 import PostCreated

NAME = "author_stats"  # the durable consumer's name and the PostgreSQL schema of this consumer
MIGRATIONS = [*db.sdk_migrations("consumer"), *db.read_migrations(NAME, Path(__file__).parent / "migrations")]

router = Router(NAME)


@router.on(PostCreated)
async def count_post(event: PostCreated, ctx: EventContext) -> None:
    """Runs inside the transaction that also records the event as processed: write, do not commit."""
    await ctx.conn.execute(
        "INSERT INTO author_posts (post_id, author_id, occurred_at) VALUES ($1, $2, $3)",
        event.post_id,
        event.author_id,
        ctx.envelope.occurred_at,
    )
    await ctx.conn.execute(
        """INSERT INTO author_stats (author_id, posts) VALUES ($1, 1)
           ON CONFLICT (author_id) DO UPDATE SET posts = author_stats.posts + 1""",
        event.author_id,
    )
