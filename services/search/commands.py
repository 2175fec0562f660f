"""A person's own choice to stay out of "who knows about X", decided here and appended to search's event
store (ExpertiseVisibilityChanged) with its projection in the same transaction, then published by the
relay, so the choice is recorded with when it was made and survives a rebuild of the index."""

from __future__ import annotations

import uuid

import asyncpg

from kantine.errors import not_found
from kantine.eventstore import EventStore
from kantine.v1 import events_pb2 as ev
from services.search import projection, store

events = EventStore(store.SCHEMA)


async def set_expertise_visibility(pool: asyncpg.Pool, *, user_id: uuid.UUID, hidden: bool) -> bool:
    """Returns the choice as it now is; choosing what is already so records nothing."""
    async with pool.acquire() as conn, conn.transaction():
        if not await conn.fetchval("SELECT true FROM directory_people WHERE user_id = $1", user_id):
            raise not_found("person")
        now_hidden = bool(await conn.fetchval("SELECT true FROM hidden_experts WHERE user_id = $1", user_id))
        if now_hidden != hidden:
            payload = ev.ExpertiseVisibilityChanged(user_id=str(user_id), hidden=hidden)
            [envelope] = await events.record(conn, f"expertise-{user_id}", str(user_id), str(user_id), [payload])
            await projection.apply(conn, payload, envelope, 0)
    return hidden
