"""The feed's command handlers: check the rules, then append the event and update the read model in
one transaction, so the post and its PostCreated exist together or not at all."""

from __future__ import annotations

import asyncpg

from kantine import telemetry
from kantine.envelope import Envelope
from kantine.eventstore import EventStore, NewEvent

from . import domain, store

events = EventStore(store.SCHEMA)


async def create_post(pool: asyncpg.Pool, cmd: domain.CreatePost, max_chars: int) -> tuple[str, int]:
    """Returns (post id, position). Repeating a call with the same post id returns the first result."""
    cmd = domain.validate_create_post(cmd, max_chars)
    event = domain.post_created(cmd)
    envelope = Envelope.new("PostCreated", cmd.post_id, 1, cmd.author_id, trace=telemetry.current_trace_headers())
    async with pool.acquire() as conn, conn.transaction():
        existing = await store.post_position(conn, cmd.post_id)
        if existing is not None:
            return cmd.post_id, existing
        (position,) = await events.append(conn, f"post-{cmd.post_id}", 0, [NewEvent(envelope, event)])
        await store.insert_post(conn, event, position)
    return cmd.post_id, position
