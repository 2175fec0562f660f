"""Preference changes: decided by the pure rules, appended to notify's event store as
NotificationPreferencesChanged and projected in the same transaction, then published by the relay,
so other services (insights, an extension) can see how people tune their notifications."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import asyncpg

from kantine import telemetry
from kantine.envelope import Envelope
from kantine.errors import check_version, denied
from kantine.eventstore import EventStore, NewEvent
from services.notify import projection, store
from services.notify.domain import preferences as prefs

events = EventStore(store.SCHEMA)
Decide = Callable[[prefs.Settings], prefs.Settings]  # the layer as it is -> as it should be


def stream_of(owner: str) -> str:
    return f"notification_preferences-{owner}"


async def version(conn: asyncpg.Connection, owner: str) -> int:
    return await events.stream_version(conn, stream_of(owner))


async def change(
    pool: asyncpg.Pool, *, user_id: str, actor: str, decide: Decide, via: str, expected_version: int = 0
) -> int:
    """Change one layer (a person's, or with user_id "" the organisation's); returns the new version.

    A person changes only their own; only a community manager changes the organisation's defaults.
    """
    owner = projection.owner_of(user_id)
    uuid.UUID(actor)  # a clear INVALID_ARGUMENT for a malformed actor, via the API's ValueError mapping
    async with pool.acquire() as conn, conn.transaction():
        if user_id:
            if actor != user_id:
                raise denied("people change only their own notification settings")
        elif not await store.is_community_manager(conn, actor):
            raise denied("only community managers change the organisation's notification defaults")
        current_version = await version(conn, owner)
        check_version(expected_version, current_version, "the notification settings")
        await conn.execute("SELECT 1 FROM pref_settings WHERE owner = $1 FOR UPDATE", uuid.UUID(owner))
        current = await store.load_settings(conn, owner)
        new = decide(current)
        if new == current:
            return current_version
        payload = projection.event_of(user_id, actor, new, via)
        envelope = Envelope.new(
            type(payload).__name__, owner, current_version + 1, actor, trace=telemetry.current_trace_headers()
        )
        await events.append(conn, stream_of(owner), current_version, [NewEvent(envelope, payload)])
        await projection.apply(conn, payload, envelope, 0)
        return current_version + 1
