"""A group's answer target, decided here and appended to insights' event store (AnswerTargetChanged)
with its projection in the same transaction, so the radar and the relay agree."""

from __future__ import annotations

import asyncpg

from kantine.errors import denied, invalid, not_found
from kantine.eventstore import EventStore
from kantine.fields import required_id
from kantine.v1 import events_pb2 as ev
from services.insights import projection, store
from services.insights.domain.questions import MAX_TARGET_HOURS

events = EventStore(store.SCHEMA)


async def set_answer_target(pool: asyncpg.Pool, *, actor: str, group_id: str, hours: int) -> None:
    """A group's owners or a community manager; 0 hours goes back to the organisation's default."""
    actor_id = required_id(actor, "actor_id")
    group = required_id(group_id, "group_id")
    if not 0 <= hours <= MAX_TARGET_HOURS:
        raise invalid(f"hours: between 1 and {MAX_TARGET_HOURS}, or 0 for the organisation's default", "hours")
    async with pool.acquire() as conn, conn.transaction():
        allowed = await store.may_set_answer_target(conn, group, actor_id)
        if allowed is None:
            raise not_found("group")
        if not allowed:
            raise denied("only the group's owners and community managers set its answer target")
        change = ev.AnswerTargetChanged(group_id=str(group), hours=hours, changed_by=str(actor_id))
        [envelope] = await events.record(conn, f"answer_target-{group}", str(group), str(actor_id), [change])
        await projection.apply(conn, change, envelope, 0)
